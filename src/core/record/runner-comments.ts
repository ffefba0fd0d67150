/**
 * The comments of config.toml that belong to a managed part: the comment lines right above a key (no
 * blank line between), and the file's header (its first comment lines). Named as the parts are
 * (`concurrent`, `runners[name="x"].docker.privileged`), so a part the merge replaces takes its
 * comment with it, and the record can tell the tool's comments from the user's.
 */
import { sha256 } from './fingerprint';
import { RUNNER_OWN_KEYS } from './runner-parts';

export const TOML_HEADER = '(header)';

/** Part → its comment lines (trimmed); the header under TOML_HEADER. Keys of other runners are left out. */
export function runnerCommentBlocks(text: string, runnerName: string): Map<string, string[]> {
  const lines = text.split(/\r?\n/);
  const blocks = new Map<string, string[]>();
  const header: string[] = [];
  for (const line of lines) {
    if (!line.trim().startsWith('#')) break;
    header.push(line.trim());
  }
  blocks.set(TOML_HEADER, header);
  let table: string[] = [];
  let inRunner = false;
  let name: string | undefined;
  for (let n = 0; n < lines.length; n++) {
    const l = lines[n].trim();
    const head = /^\[\[?\s*([^\]]+?)\s*\]\]?/.exec(l);
    if (head) {
      table = head[1].split('.').map((k) => k.trim());
      if (l.startsWith('[[') && table.join('.') === 'runners') [inRunner, name] = [true, undefined];
      else if (table[0] !== 'runners') inRunner = false;
      continue;
    }
    const kv = /^([A-Za-z0-9_-]+)\s*=\s*("(?:[^"\\]|\\.)*")?/.exec(l);
    if (!kv) continue;
    if (inRunner && table.length === 1 && kv[1] === 'name' && kv[2]) name = JSON.parse(kv[2]) as string;
    const block: string[] = [];
    for (let m = n - 1; m >= 0 && lines[m].trim().startsWith('#'); m--) block.unshift(lines[m].trim());
    // The header is the file's, not the first key's.
    if (block.length > 0 && n - block.length === 0) block.length = 0;
    if (table.length === 0) blocks.set(kv[1], block);
    else if (inRunner && name === runnerName && !(table.length === 1 && RUNNER_OWN_KEYS.has(kv[1])))
      blocks.set([`runners[name=${JSON.stringify(runnerName)}]`, ...table.slice(1), kv[1]].join('.'), block);
  }
  return blocks;
}

/** Fingerprints of those comments, for the record. */
export function runnerComments(text: string, runnerName: string): Record<string, string> {
  return Object.fromEntries([...runnerCommentBlocks(text, runnerName)].map(([part, block]) => [part, sha256(block.join('\n'))]));
}
