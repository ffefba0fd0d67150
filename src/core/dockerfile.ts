/**
 * What the wizard reads from a Dockerfile: its named stages (offered as --target) and the build args it
 * declares (offered as --build-arg). Enough of the Dockerfile grammar for that: the escape directive, line
 * continuations, comments, FROM ... AS name and ARG NAME[=default].
 */

export interface DockerfileFacts {
  /** Names of the stages, in file order (unnamed stages are left out). */
  stages: string[];
  /** How many FROM lines (stages) the file has, named or not. */
  stageCount: number;
  /** ARG names the user may set, in file order, each once; the ones BuildKit fills in itself are left out. */
  args: string[];
}

/** Set by the builder for every build (Docker's "automatic platform ARGs"), or BuildKit's own switches. */
const AUTOMATIC_ARG = /^(TARGETPLATFORM|TARGETOS|TARGETARCH|TARGETVARIANT|BUILDPLATFORM|BUILDOS|BUILDARCH|BUILDVARIANT|BUILDKIT_.*)$/;

/** Instructions as logical lines: continuations joined, comments and blank lines dropped. */
function instructions(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  // A parser directive (`# escape=`` ` ``) may only come first, before any instruction or other comment.
  let escape = '\\';
  for (const line of lines) {
    const directive = /^#\s*([A-Za-z]+)\s*=\s*(\S+)\s*$/.exec(line);
    if (!directive) break;
    if (directive[1].toLowerCase() === 'escape' && (directive[2] === '`' || directive[2] === '\\')) escape = directive[2];
  }
  const out: string[] = [];
  let current = '';
  for (const raw of lines) {
    const line = raw.trimEnd();
    if (current === '' && /^\s*#/.test(line)) continue;
    if (current !== '' && /^\s*(#|$)/.test(line)) continue; // comments and blank lines inside a continued instruction
    if (line.endsWith(escape)) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    current += line;
    if (current.trim() !== '') out.push(current.trim());
    current = '';
  }
  if (current.trim() !== '') out.push(current.trim());
  return out;
}

export function readDockerfile(text: string): DockerfileFacts {
  const stages: string[] = [];
  const args: string[] = [];
  let stageCount = 0;
  for (const instruction of instructions(text)) {
    const [keyword, ...rest] = instruction.split(/\s+/);
    const word = keyword.toUpperCase();
    if (word === 'FROM') {
      stageCount++;
      const words = rest.filter((w) => !w.startsWith('--'));
      if (words.length >= 3 && words[1].toUpperCase() === 'AS' && /^[A-Za-z][A-Za-z0-9_.-]*$/.test(words[2])) stages.push(words[2]);
    } else if (word === 'ARG') {
      for (const w of rest) {
        const name = w.split('=')[0];
        if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !AUTOMATIC_ARG.test(name) && !args.includes(name)) args.push(name);
      }
    }
  }
  return { stages, stageCount, args };
}
