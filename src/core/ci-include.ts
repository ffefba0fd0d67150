/**
 * Adopting a repository's own pipeline (SPEC `--ci-file`): `include: - local: PATH` is added to the
 * user's `.gitlab-ci.yml` as text, so every other byte (comments, key order, anchors, layout) stays as
 * it was. An existing `include:` is extended in place; what cannot be extended safely is refused with
 * what to write by hand. Pure: text in, text out. The result is parsed back and must say exactly the
 * same as before plus the one include, or it is refused.
 */
import YAML, { isAlias, isMap, isPair, isScalar, isSeq, Pair, YAMLMap, YAMLSeq } from 'yaml';
import { sameData } from './canonical-json';

export type IncludeResult = { kind: 'added'; text: string } | { kind: 'already'; text: string } | { kind: 'refused'; reason: string };

/** The include entry as the user would write it by hand, for messages. */
export const includeLine = (local: string): string => `include: - local: ${quotePath(local)}`;

/** A plain scalar where YAML reads it back as the same string; otherwise double quotes (JSON is valid YAML). */
function quotePath(local: string): string {
  return /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/.test(local) && !/^(true|false|null|yes|no|on|off|~)$/i.test(local) ? local : JSON.stringify(local);
}

type Entry = unknown;
const names = (entry: Entry): string | undefined =>
  typeof entry === 'string'
    ? entry
    : entry && typeof entry === 'object' && !Array.isArray(entry)
      ? ((entry as { local?: unknown }).local as string | undefined)
      : undefined;
const normal = (p: string): string => p.replace(/^\.?\//, '');

/** The include entries as GitLab reads them: one string, one mapping, or a list. */
function entriesOf(value: unknown): Entry[] {
  return value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
}

/** The local files `text` (a pipeline) includes, without a leading `./`. */
export function localIncludes(text: string): string[] {
  const doc = YAML.parseDocument(text);
  const data = doc.toJS() as Record<string, unknown> | null;
  return entriesOf(data?.include).flatMap((e) => (names(e) === undefined ? [] : [normal(names(e)!)]));
}

/** Whether `text` (a pipeline) already includes `local`. */
export function includesLocal(text: string, local: string): boolean {
  return localIncludes(text).includes(normal(local));
}

/** Offset of the start of the line holding `pos`. */
const lineStart = (text: string, pos: number): number => text.lastIndexOf('\n', pos - 1) + 1;
/** Offset just after the end of the line holding `pos` (after its newline, or the end of the text). */
function lineEnd(text: string, pos: number): number {
  const nl = text.indexOf('\n', pos);
  return nl < 0 ? text.length : nl + 1;
}

/** The indent the file uses for a nested block (the first indented key line), 2 if none. */
function fileIndent(text: string): string {
  const m = /^( +)[^\s#-]/m.exec(text);
  return m ? m[1] : '  ';
}

function refuse(reason: string): IncludeResult {
  return { kind: 'refused', reason };
}

export function addLocalInclude(text: string, local: string): IncludeResult {
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  const docs = YAML.parseAllDocuments(text);
  if (!Array.isArray(docs) || docs.length > 1) return refuse('it holds more than one YAML document');
  const doc = docs[0] ?? YAML.parseDocument('');
  if (doc.errors.length > 0) return refuse(`it does not parse (${doc.errors[0].message.split('\n')[0]})`);
  const before = (doc.toJS() ?? {}) as Record<string, unknown>;
  if (doc.contents !== null && !isMap(doc.contents)) return refuse('its top level is not a mapping of jobs and keys');
  if (entriesOf(before.include).some((e) => names(e) !== undefined && normal(names(e)!) === normal(local))) return { kind: 'already', text };
  const map = doc.contents as YAMLMap | null;
  if (map && map.flow) return refuse('its top level is a flow mapping ({ ... })');
  const pair = map?.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === 'include') as Pair | undefined;
  const entry = `local: ${quotePath(local)}`;
  let out: string | IncludeResult;
  if (!pair) out = insertNewInclude(text, map, entry, nl);
  else out = extendInclude(text, pair, entry, nl);
  if (typeof out !== 'string') return out;
  return verified(out, before, local);
}

/** Parsed back: everything as before, and `include` as before plus the one entry (in its list form). */
function verified(out: string, before: Record<string, unknown>, local: string): IncludeResult {
  const doc = YAML.parseDocument(out, { uniqueKeys: true });
  if (doc.errors.length > 0) return refuse('adding the include would not parse; add it by hand');
  const after = (doc.toJS() ?? {}) as Record<string, unknown>;
  const { include: was, ...restBefore } = before;
  const { include: now, ...restAfter } = after;
  const wanted = [...entriesOf(was), { local }];
  if (!sameData(restBefore, restAfter) || !sameData(entriesOf(now), wanted) || !Array.isArray(now)) {
    return refuse('adding the include in place would change what the file says; add it by hand');
  }
  return { kind: 'added', text: out };
}

/** No `include:` yet: a block of its own above the first key (and the comments right above it), after the file's header. */
function insertNewInclude(text: string, map: YAMLMap | null, entry: string, nl: string): string {
  const block = `include:${nl}  - ${entry}${nl}`;
  const first = map?.items[0];
  const keyStart = first && isPair(first) && (first.key as { range?: [number, number, number] } | null)?.range?.[0];
  if (typeof keyStart !== 'number') {
    // Empty, or only comments: at the end.
    const body = text.length === 0 || text.endsWith('\n') ? text : `${text}${nl}`;
    return `${body}${body.trim() === '' ? '' : nl}${block}`;
  }
  // Walk up over comment lines that sit directly on the first key (they belong to it).
  let at = lineStart(text, keyStart);
  while (at > 0) {
    const prev = lineStart(text, at - 1);
    const line = text.slice(prev, at).trim();
    if (!line.startsWith('#')) break;
    at = prev;
  }
  // A document start marker stays first.
  return `${text.slice(0, at)}${block}${nl}${text.slice(at)}`;
}

function extendInclude(text: string, pair: Pair, entry: string, nl: string): string | IncludeResult {
  const value = pair.value as YAML.Node | null;
  const keyNode = pair.key as YAML.Scalar;
  const keyLineEnd = lineEnd(text, keyNode.range![1]);
  if (value === null || (isScalar(value) && value.value === null && value.range![0] === value.range![1])) {
    // `include:` with nothing after it: the list starts on the next line.
    const lineHasComment = text.slice(keyNode.range![1], keyLineEnd).trim();
    const head = text.slice(0, keyLineEnd);
    const sep = keyLineEnd === text.length && !head.endsWith('\n') ? nl : '';
    return lineHasComment === '' || lineHasComment.startsWith(':')
      ? `${head}${sep}  - ${entry}${nl}${text.slice(keyLineEnd)}`
      : refuse('its include: line is not one this tool can extend');
  }
  if (isAlias(value)) return refuse(`its include: is an alias (*${value.source}); add - ${entry} where the anchor is defined`);
  if (value.anchor) return refuse(`its include: carries an anchor (&${value.anchor}) used elsewhere; add - ${entry} to it by hand`);
  if (value.tag) return refuse(`its include: carries a tag (${value.tag}); add - ${entry} to it by hand`);
  const [start, valueEnd] = value.range!;
  if (isSeq(value)) return value.flow ? extendFlowList(text, value, entry) : extendBlockList(text, value, entry, nl);
  if (isMap(value) && value.flow) {
    // `include: { local: a.yml }` → `include: [{ local: a.yml }, { local: PATH }]`
    return `${text.slice(0, start)}[${text.slice(start, valueEnd)}, { ${entry} }]${text.slice(valueEnd)}`;
  }
  if (isScalar(value)) {
    if (value.type === 'BLOCK_LITERAL' || value.type === 'BLOCK_FOLDED') return refuse('its include: is a block scalar');
    const onKeyLine = lineStart(text, start) === lineStart(text, keyNode.range![0]);
    if (!onKeyLine) return refuse('its include: value is not on the include: line');
    // `include: a.yml  # why` → `include:  # why` / `  - a.yml` / `  - local: PATH`
    const indent = fileIndent(text);
    const end = lineEnd(text, valueEnd);
    const rest = text.slice(valueEnd, end).replace(/\r?\n$/, '');
    const hadNl = text.slice(valueEnd, end).endsWith('\n');
    const head = text.slice(0, start).replace(/[ \t]+$/, '');
    return `${head}${rest}${nl}${indent}- ${text.slice(start, valueEnd)}${nl}${indent}- ${entry}${hadNl ? nl : ''}${text.slice(end)}`;
  }
  if (isMap(value)) return blockMapToList(text, value, keyNode, entry, nl);
  return refuse('its include: has a shape this tool does not extend');
}

function extendFlowList(text: string, seq: YAMLSeq, entry: string): string | IncludeResult {
  const close = seq.range![1] - 1;
  if (text[close] !== ']') return refuse('its include: list does not end where expected');
  // Before `]`, skipping blanks: a trailing comma means no comma is needed.
  let back = close - 1;
  while (back >= 0 && /\s/.test(text[back])) back--;
  const empty = seq.items.length === 0;
  const comma = empty || text[back] === ',' ? '' : ', ';
  const space = empty ? '' : text[back] === ',' ? ' ' : '';
  return `${text.slice(0, back + 1)}${comma}${space}{ ${entry} }${text.slice(back + 1)}`;
}

function extendBlockList(text: string, seq: YAMLSeq, entry: string, nl: string): string | IncludeResult {
  const last = seq.items[seq.items.length - 1] as YAML.Node | undefined;
  const lastRange = (last as { range?: [number, number, number] } | undefined)?.range;
  if (!last || !lastRange) return refuse('its include: list is empty');
  // Items start at `- `: its column is where the new one goes.
  const dash = text.lastIndexOf('-', lastRange[0]);
  const indent = text.slice(lineStart(text, dash), dash);
  if (indent.trim() !== '') return refuse('its include: list is not one item per line');
  const end = lineEnd(text, Math.max(lastRange[1] - 1, lastRange[0]));
  const sep = end === text.length && !text.endsWith('\n') ? nl : '';
  return `${text.slice(0, end)}${sep}${indent}- ${entry}${nl}${text.slice(end)}`;
}

/** `include:` / `  local: a.yml` / `  rules: ...` → the same map as the first item of a list, the new entry after it. */
function blockMapToList(text: string, value: YAMLMap, keyNode: YAML.Scalar, entry: string, nl: string): string | IncludeResult {
  const [start, valueEnd] = value.range!;
  if (lineStart(text, start) === lineStart(text, keyNode.range![0])) return refuse('its include: mapping starts on the include: line');
  const first = lineStart(text, start);
  const indent = text.slice(first, start);
  if (indent.trim() !== '') return refuse('its include: mapping is not laid out one key per line');
  const end = lineEnd(text, Math.max(valueEnd - 1, start));
  const lines = text.slice(first, end).split(/(?<=\n)/);
  // The first line gains `- `; the lines under it two more spaces, so they stay inside that item.
  const moved = lines.map((line, i) => (i === 0 ? `${indent}- ${line.slice(indent.length)}` : line.trim() === '' ? line : `  ${line}`)).join('');
  const sep = moved.endsWith('\n') ? '' : nl;
  return `${text.slice(0, first)}${moved}${sep}${indent}- ${entry}${nl}${text.slice(end)}`;
}

export interface MissingStages {
  /** Stages our jobs use that the user's `stages:` does not list. */
  missing: string[];
  /** The jobs that use them. */
  jobs: string[];
  /** The user's list with the missing stages added where GitLab runs them (build before test before deploy). */
  fixed: string[];
}

/** GitLab's default stages, in order: the ones our jobs use are among them. */
const DEFAULT_STAGES = ['.pre', 'build', 'test', 'deploy', '.post'];

/**
 * A `stages:` list in the user's pipeline replaces GitLab's default one, and GitLab rejects a pipeline with a
 * job in a stage it does not list. `ours`: job name → stage, from our rendered jobs.
 */
export function missingStages(userText: string, ours: Record<string, string>): MissingStages | undefined {
  const data = (YAML.parseDocument(userText).toJS() ?? {}) as Record<string, unknown>;
  const stages = data.stages;
  if (!Array.isArray(stages)) return undefined;
  const listed = new Set(stages.map(String));
  const used = [...new Set(Object.values(ours))];
  const missing = used.filter((s) => !listed.has(s) && s !== '.pre' && s !== '.post');
  if (missing.length === 0) return undefined;
  const fixed = stages.map(String);
  for (const stage of missing) {
    // Before the first listed stage GitLab's default order puts after it, else after the last one it puts before it.
    const rank = DEFAULT_STAGES.indexOf(stage);
    const ranks = fixed.map((s) => DEFAULT_STAGES.indexOf(s));
    const later = ranks.findIndex((r) => r > rank && r !== DEFAULT_STAGES.length - 1);
    const earlier = ranks.reduce((found, r, i) => (r >= 0 && r < rank ? i + 1 : found), fixed.length);
    const at = rank < 0 ? fixed.length : later >= 0 ? later : earlier;
    fixed.splice(at, 0, stage);
  }
  return {
    missing,
    jobs: Object.entries(ours)
      .filter(([, s]) => missing.includes(s))
      .map(([j]) => j),
    fixed,
  };
}
