/**
 * Applies a merge's key changes to config.toml's own text, so the user's comments, key order and layout
 * stay: only the lines of the keys that change are rewritten. It handles the shapes gitlab-runner and this
 * tool write (`[[runners]]` blocks, `[runners.docker]`-style tables, `key = value` on a line or an array over
 * several); for anything else it gives up (undefined) and the caller re-serialises the whole file. The
 * caller also parses the result and compares it with the merged data, so a wrong edit can never be written.
 */
import TOML from '@iarna/toml';

/** One key to set: at the top of the file (`runner` undefined) or inside the runner at that index of `runners`. */
export interface TomlEdit {
  runner?: number;
  keys: string[];
  value: unknown;
  /** The comment lines to put right above the key instead of the ones there (the new render's); none: left as they are. */
  comment?: string[];
  /** Only the comment changes: the key's own lines stay as written. */
  commentOnly?: boolean;
}

interface Entry {
  key: string;
  /** First and last line of `key = value`, and where the value ends on the last line. */
  first: number;
  last: number;
  valueEnd: number;
}

interface Section {
  path: string[];
  array: boolean;
  /** The header's line (-1 for the top of the file) and the line after the section's last. */
  header: number;
  end: number;
  entries: Entry[];
}

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

function unquoteKey(raw: string): string | undefined {
  if (BARE_KEY.test(raw)) return raw;
  const basic = /^"([^"\\]*)"$/.exec(raw) ?? /^'([^']*)'$/.exec(raw);
  return basic ? basic[1] : undefined;
}

/** Where a value starting at `text[from]` ends (exclusive), across lines for arrays and inline tables; -1 if unreadable. */
function valueEnd(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      if (text.startsWith(c.repeat(3), i)) return -1; // multi-line strings: not ours to edit around
      let j = i + 1;
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\n') return -1;
        j += c === '"' && text[j] === '\\' ? 2 : 1;
      }
      if (j >= text.length) return -1;
      i = j;
      if (depth === 0) return i + 1;
      continue;
    }
    if (c === '#') {
      if (depth === 0) return -1;
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl - 1;
      continue;
    }
    if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i + 1;
      if (depth < 0) return -1;
    } else if (depth === 0 && (c === '\n' || c === ' ' || c === '\t' || c === '\r')) {
      return i;
    }
  }
  return depth === 0 ? text.length : -1;
}

interface Layout {
  lines: string[];
  sections: Section[];
}

/** The file's tables and their keys; undefined for a shape this editor does not take on. */
function layoutOf(text: string): Layout | undefined {
  const lines = text.split('\n');
  const offsets: number[] = [];
  let at = 0;
  for (const line of lines) {
    offsets.push(at);
    at += line.length + 1;
  }
  const lineAt = (pos: number) => {
    let lo = 0;
    let hi = offsets.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (offsets[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const sections: Section[] = [{ path: [], array: false, header: -1, end: lines.length, entries: [] }];
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].trim();
    if (line === '' || line.startsWith('#')) continue;
    const header = /^(\[\[?)\s*([^\]]+?)\s*(\]\]?)\s*(#.*)?$/.exec(line);
    if (header) {
      const array = header[1] === '[[';
      if (array !== (header[3] === ']]')) return undefined;
      const path = header[2].split('.').map((k) => k.trim());
      if (!path.every((k) => BARE_KEY.test(k))) return undefined; // quoted or odd table names: leave to the serializer
      sections[sections.length - 1].end = n;
      sections.push({ path, array, header: n, end: lines.length, entries: [] });
      continue;
    }
    const kv = /^([^=]+?)\s*=\s*/.exec(line);
    if (!kv) return undefined;
    const key = unquoteKey(kv[1]);
    if (key === undefined) return undefined; // dotted or escaped keys
    const start = offsets[n] + lines[n].indexOf(line) + kv[0].length;
    const end = valueEnd(text, start);
    if (end < 0) return undefined;
    const last = lineAt(end === text.length ? end - 1 : end);
    const rest = text.slice(end, offsets[last] + lines[last].length).trim();
    if (rest !== '' && !rest.startsWith('#')) return undefined;
    sections[sections.length - 1].entries.push({ key, first: n, last, valueEnd: end - offsets[last] });
    n = last;
  }
  return { lines, sections };
}

/** `key = value` as the serializer writes it, for a value that fits on one line; undefined for tables. */
function keyValueLine(key: string, value: unknown): string | undefined {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) return undefined;
  if (Array.isArray(value) && value.some((v) => v !== null && typeof v === 'object' && !(v instanceof Date))) return undefined;
  const text = TOML.stringify({ [key]: value } as TOML.JsonMap).trim();
  return text.includes('\n') ? undefined : text;
}

function sameStart(path: string[], prefix: string[]): boolean {
  return prefix.every((k, i) => path[i] === k);
}

/** The sections of runner `index`: its `[[runners]]` header and the tables (and arrays of tables) after it. */
function runnerSections(sections: Section[], index: number): Section[] | undefined {
  const heads = sections.filter((s) => s.array && s.path.length === 1 && s.path[0] === 'runners');
  const head = heads[index];
  if (!head) return undefined;
  const own = [head];
  for (const s of sections.slice(sections.indexOf(head) + 1)) {
    if (!sameStart(s.path, ['runners']) || (s.array && s.path.length === 1)) break;
    own.push(s);
  }
  return own;
}

function indentOf(line: string): string {
  return /^\s*/.exec(line)![0];
}

/**
 * The text with every edit made in place, or undefined when one of them is not a plain case. `appendRunner`
 * is a `[[runners]]` block to add at the end (a runner the file does not have yet).
 */
export function editTomlText(text: string, edits: TomlEdit[], appendRunner?: string, header?: string[]): string | undefined {
  if (text.includes('\r')) return undefined; // CRLF files: the serializer's line endings, rather than mixed ones
  const layout = layoutOf(text);
  if (!layout) return undefined;
  const { lines, sections } = layout;
  // Replacements and insertions by line, applied from the bottom up so earlier line numbers hold.
  const replace = new Map<number, { last: number; text: string }>();
  const insertAfter = new Map<number, string[]>();
  const insert = (line: number, added: string) => insertAfter.set(line, [...(insertAfter.get(line) ?? []), added]);
  const created = new Map<string, { after: number; lines: string[] }>();
  for (const edit of edits) {
    const tablePath = edit.keys.slice(0, -1);
    const key = edit.keys[edit.keys.length - 1];
    const line = edit.commentOnly ? '' : keyValueLine(key, edit.value);
    if (line === undefined) return undefined;
    let section: Section | undefined;
    if (edit.runner === undefined) {
      if (tablePath.length > 0) return undefined;
      section = sections[0];
    } else {
      const own = runnerSections(sections, edit.runner);
      if (!own) return undefined;
      const wanted = ['runners', ...tablePath];
      // The runner's own keys sit under its [[runners]] header; an array of tables below it is a value of its
      // own, never where a plain key goes.
      section = tablePath.length === 0 ? own[0] : own.find((s) => !s.array && s.path.length === wanted.length && sameStart(s.path, wanted));
      if (!section) {
        if (tablePath.length !== 1) return undefined;
        // A table the runner does not spell out yet: a header of its own at the end of the runner's block.
        const base = indentOf(lines[own[0].header]);
        const name = `${edit.runner} ${wanted.join('.')}`;
        if (!created.has(name)) created.set(name, { after: lastContentLine(lines, own[own.length - 1]), lines: [`${base}  [${wanted.join('.')}]`] });
        created.get(name)!.lines.push(`${base}    ${line}`);
        continue;
      }
    }
    const entry = section.entries.find((e) => e.key === key);
    if (entry) {
      const indent = indentOf(lines[entry.first]);
      const trailing = lines[entry.last].slice(entry.valueEnd);
      const own = edit.commentOnly ? lines.slice(entry.first, entry.last + 1).join('\n') : `${indent}${line}${trailing}`;
      // The comment lines right above the key (not the file's header) go with it when the edit brings new ones.
      let from = entry.first;
      if (edit.comment) while (from > 0 && from - 1 > headerEnd(lines) - 1 && lines[from - 1].trim().startsWith('#')) from--;
      const above = edit.comment ? edit.comment.map((c) => `${indent}${c}\n`).join('') : '';
      replace.set(from, { last: entry.last, text: `${above}${own}` });
    } else if (edit.commentOnly) {
      return undefined;
    } else {
      const after = section.entries.length > 0 ? section.entries[section.entries.length - 1] : undefined;
      const at = after ? after.last : section.header;
      const indent = after ? indentOf(lines[after.first]) : section.header >= 0 ? `${indentOf(lines[section.header])}  ` : '';
      if (at < 0) {
        insert(-1, line);
      } else insert(at, `${indent}${line}`);
    }
  }
  for (const table of created.values()) insert(table.after, table.lines.join('\n'));
  const out: string[] = [];
  let start = 0;
  if (header) {
    // The file's first comment lines, as the new render has them.
    const end = headerEnd(lines);
    if ([...replace.keys()].some((n) => n < end)) return undefined;
    out.push(...header);
    start = end;
  }
  if (insertAfter.has(-1)) out.push(...insertAfter.get(-1)!);
  for (let n = start; n < lines.length; n++) {
    const r = replace.get(n);
    if (r) {
      out.push(r.text);
      n = r.last;
    } else out.push(lines[n]);
    if (insertAfter.has(n)) out.push(...insertAfter.get(n)!);
  }
  let result = out.join('\n');
  if (appendRunner !== undefined) result = `${result.replace(/\n*$/, '')}\n\n${appendRunner.replace(/\n*$/, '')}\n`;
  return result;
}

/** The line after the file's header: its first comment lines. */
export function headerEnd(lines: string[]): number {
  let n = 0;
  while (n < lines.length && lines[n].trim().startsWith('#')) n++;
  return n;
}

function lastContentLine(lines: string[], section: Section): number {
  for (let n = section.end - 1; n > section.header; n--) if (lines[n].trim() !== '') return n;
  return section.header;
}

/** The `[[runners]]` block (with its tables) of the runner named `name` in a rendered config.toml. */
export function runnerBlock(text: string, name: string): string | undefined {
  const layout = layoutOf(text);
  if (!layout) return undefined;
  const config = TOML.parse(text) as { runners?: { name?: unknown }[] };
  const index = (config.runners ?? []).findIndex((r) => r.name === name);
  const own = index < 0 ? undefined : runnerSections(layout.sections, index);
  if (!own) return undefined;
  return layout.lines.slice(own[0].header, lastContentLine(layout.lines, own[own.length - 1]) + 1).join('\n');
}
