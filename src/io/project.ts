/** Where a project's files live, and what the tool last wrote there (from its answers file). */
import fs from 'node:fs';
import path from 'node:path';
import { Answers } from '../core/answers';
import { ANSWERS_FILE, ANSWERS_SCHEMA, AnswersFile, fingerprint, parseAnswersFile, serializeAnswersFile } from '../core/answers-file';
import { ProblemError, UsageError } from '../core/errors';
import { FileRecord, freshRecord, ParsedFiles } from '../core/record';
import { RenderedFile } from '../core/render';
import { FileRole } from '../core/render/render';
import { Confinement, OutputFile } from './write-files';
import { sameData } from '../core/canonical-json';

export const CI_FILE = '.gitlab-ci.yml';
export const REGISTER_FILE = 'gitlab-runner/register.sh';
export const VALUES_FILE = 'gitlab-runner/values.yaml';

export interface ProjectPaths {
  out: string;
  answers: string;
  byRole: Record<FileRole, string>;
  /** What keeps each file inside the project folder; the runner config given on the command line has none. */
  within: Record<FileRole, Confinement | undefined>;
}

/** Where runner-config came from: the command line (may lead anywhere), the answers file, or the default. */
export type RunnerConfigSource = 'command line' | 'answers file' | 'default';

export function projectPaths(out: string, answers: Answers, runnerFrom: RunnerConfigSource = 'command line'): ProjectPaths {
  const inside: Confinement = { root: out };
  const runner: Confinement | undefined =
    runnerFrom === 'command line' ? undefined : { root: out, allow: `--runner-config ${answers.runnerConfig}`, from: runnerFrom === 'answers file' ? `${ANSWERS_FILE} runner-config` : undefined };
  return {
    out,
    within: { ci: inside, runner, register: inside, values: inside },
    answers: path.join(out, ANSWERS_FILE),
    byRole: {
      ci: path.join(out, CI_FILE),
      runner: path.resolve(out, answers.runnerConfig),
      register: path.join(out, REGISTER_FILE),
      values: path.join(out, VALUES_FILE),
    },
  };
}

/** Relative to the output folder when inside it (as the answers file records it), else absolute. */
export function displayPath(out: string, file: string): string {
  const rel = path.relative(out, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
}

export type PreviousRun = { kind: 'none' } | { kind: 'ours'; file: AnswersFile; text: string } | { kind: 'foreign' };

/** The existing answers file, if any. One that does not parse is not ours to overwrite silently. */
export function readPreviousRun(answersPath: string, toolVersion: string): PreviousRun {
  let text: string;
  try {
    text = fs.readFileSync(answersPath, 'utf8');
  } catch {
    return { kind: 'none' };
  }
  try {
    return { kind: 'ours', file: parseAnswersFile(text, toolVersion), text };
  } catch {
    return { kind: 'foreign' };
  }
}

const MODES: Record<FileRole, number> = { ci: 0o644, runner: 0o600, register: 0o755, values: 0o644 };

/** One file of the project as it will be written, and what the answers file records for it. */
export interface ProjectFile {
  role: FileRole;
  contents: string;
  record: FileRecord;
  /** Keep a .bak of what is on disk (merged with losses the user was told of, or --force). */
  backup?: boolean;
  /** May replace what is on disk without --force: it is a merge, or our own unchanged output. */
  owned?: (current: string) => boolean;
  /** Recorded in the answers file but not written here (a runner config that lives on another host). */
  elsewhere?: boolean;
}

/** The rendered files as they are, each with its fingerprints. */
/** `parsed`: the same files as the check before writing parsed them (it must be of this very render). */
export function freshFiles(rendered: RenderedFile[], answers: Answers, parsed?: ParsedFiles): ProjectFile[] {
  return rendered.map((r) => ({ role: r.role, contents: r.contents, record: freshRecord(r.role, r.contents, answers.runnerName, parsed) }));
}

export function outputFiles(paths: ProjectPaths, project: ProjectFile[], answers: Answers, toolVersion: string, previous: PreviousRun): OutputFile[] {
  const known = previous.kind === 'ours' ? previous.file.files : {};
  const display = (p: ProjectFile) => displayPath(paths.out, paths.byRole[p.role]);
  const files: OutputFile[] = project
    .filter((p) => !p.elsewhere)
    .map((p) => {
      const owned = p.owned ?? ((current: string) => known[display(p)]?.file === fingerprint(current));
      return { path: paths.byRole[p.role], display: display(p), contents: p.contents, mode: MODES[p.role], owned, keepBackup: p.backup, within: paths.within[p.role] };
    });
  const record: AnswersFile = {
    schema: ANSWERS_SCHEMA,
    tool: toolVersion,
    answers,
    files: Object.fromEntries(project.map((p) => [display(p), p.record])),
  };
  // Unchanged data keeps the file's text, comments included.
  const same = previous.kind === 'ours' && sameData(record, previous.file);
  files.push({
    path: paths.answers,
    display: ANSWERS_FILE,
    contents: same ? previous.text : serializeAnswersFile(record),
    mode: 0o644,
    owned: () => previous.kind === 'ours',
    within: { root: paths.out },
  });
  return files;
}

/** A file's text, or undefined when there is none. */
export function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'EISDIR') throw new ProblemError(`${file}: a folder stands where the file goes; move it away and run again`);
    if (code === 'ENOTDIR') throw new ProblemError(`${file}: a file stands where a folder of that path goes; check the path`);
    throw new ProblemError(`could not read ${file}: ${code ?? (err as Error).message}`);
  }
}

/** The answers file `generate` and `upgrade` start from; missing or unreadable is bad input (exit 2). */
export function readAnswersFile(out: string, toolVersion: string): { file: AnswersFile; text: string; notes: string[] } {
  const where = path.join(out, ANSWERS_FILE);
  const text = readIfExists(where);
  if (text === undefined) throw new UsageError(`${ANSWERS_FILE}: not found in ${out}; expected the answers file \`gitlab-dind init\` writes (run it first, or give --out the folder that holds it)`);
  const notes: string[] = [];
  return { file: parseAnswersFile(text, toolVersion, notes), text, notes };
}
