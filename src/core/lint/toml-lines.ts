/**
 * Lines of keys in a config.toml. @iarna/toml keeps no positions, so the text is scanned: the
 * n-th `[[runners]]`, then a table header inside it, then `key =` before the next header.
 */
export interface TableRef {
  /** Dotted table name as written in the header, e.g. `runners.docker` or `runners.docker.services`. */
  table: string;
  /** Which occurrence of an array-of-tables header inside the runner (0 for the first). */
  index?: number;
}

interface Header {
  name: string;
  array: boolean;
  line: number;
}

const HEADER = /^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/;

function headers(lines: string[]): Header[] {
  const out: Header[] = [];
  lines.forEach((text, i) => {
    const m = HEADER.exec(text);
    if (m) out.push({ name: m[2].replace(/\s*\.\s*/g, '.').replace(/["']/g, ''), array: m[1] === '[[', line: i + 1 });
  });
  return out;
}

interface Scanned {
  lines: string[];
  all: Header[];
  runnerHeaders: Header[];
  /** Index in `all` of each header, by its line. */
  position: Map<number, number>;
}

/** The last text scanned: each runner asks for several keys of the same file, which is split and scanned once. */
let last: { text: string; scanned: Scanned } | undefined;

function scan(text: string): Scanned {
  if (last?.text === text) return last.scanned;
  const lines = text.split(/\r?\n/);
  const all = headers(lines);
  const scanned = { lines, all, runnerHeaders: all.filter((h) => h.array && h.name === 'runners'), position: new Map(all.map((h, i) => [h.line, i])) };
  last = { text, scanned };
  return scanned;
}

function keyLine(lines: string[], from: number, to: number, key: string): number | undefined {
  const pattern = new RegExp(`^\\s*["']?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*=`);
  for (let l = from; l < to; l++) if (pattern.test(lines[l - 1])) return l;
  return undefined;
}

/**
 * 1-based line of `key` in a table of the runner at `runnerIndex`; without a key, the table's
 * header. Falls back to the header, then to the runner's `[[runners]]` line, when missing.
 * Only the runner's own lines are searched, so asking for every runner's keys stays linear in the file.
 */
export function tomlKeyLine(text: string, runnerIndex: number, ref: TableRef | undefined, key?: string): number {
  const { lines, all, runnerHeaders, position } = scan(text);
  const start = runnerHeaders[runnerIndex];
  if (!start) return key ? (keyLine(lines, 1, all[0]?.line ?? lines.length + 1, key) ?? 1) : 1;
  const end = runnerHeaders[runnerIndex + 1]?.line ?? lines.length + 1;
  const inRunner: Header[] = [];
  for (let i = position.get(start.line)!; i < all.length && all[i].line < end; i++) inRunner.push(all[i]);
  const nextAfter = (line: number) => inRunner.find((h) => h.line > line)?.line ?? end;
  if (!ref) return key ? (keyLine(lines, start.line + 1, nextAfter(start.line), key) ?? start.line) : start.line;
  const table = inRunner.filter((h) => h.name === ref.table)[ref.index ?? 0];
  if (!table) return start.line;
  if (!key) return table.line;
  return keyLine(lines, table.line + 1, nextAfter(table.line), key) ?? table.line;
}
