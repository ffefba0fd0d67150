/**
 * `.gitlab-ci.yml`: the tool owns the top-level keys its template writes; everything else (the
 * user's jobs, keys, comments) is the user's. Merged node by node with the yaml Document API.
 */
import YAML, { isAlias, isMap, Pair, YAMLMap } from 'yaml';
import { UsageError } from '../errors';
import { describeYamlError } from '../yaml-error';
import { decide, PartPrints, Verdict } from './decide';
import { sha256 } from '../record/fingerprint';
import { commentsIn, HEADER, pipelineComments, pipelineParts, pipelineRecord, topPairs } from '../record/yaml-parts';

export { HEADER, pipelineComments, pipelineParts };
import { FileRecord, MergeInput, MergeOutcome, PartIssue, recordedText } from './outcome';
import { Doc, keyText, mergeTree, moveScalars, patchNode, printOf } from './yaml-nodes';

export function parsePipeline(text: string, display: string): YAML.Document.Parsed {
  const doc = YAML.parseDocument(text, { uniqueKeys: true });
  const e = doc.errors[0];
  if (e) throw new UsageError(`${display}: does not parse: ${describeYamlError(e)}; fix it, then run again`);
  if (doc.contents !== null && !isMap(doc.contents))
    throw new UsageError(`${display}: the top level is not a mapping of jobs and keys; expected a GitLab CI pipeline`);
  return doc;
}

function insertAfter(doc: Doc, pair: Pair, previousKey: string | undefined): void {
  if (doc.contents === null) doc.contents = new YAMLMap() as never;
  const map = doc.contents as YAMLMap;
  const prev = previousKey === undefined ? -1 : map.items.findIndex((p) => keyText(p as Pair) === previousKey);
  map.items.splice(prev + 1, 0, pair);
}

interface Merging {
  input: MergeInput;
  doc: Doc;
  next: YAML.Document.Parsed;
  base: YAML.Document.Parsed | undefined;
  recorded: FileRecord | undefined;
  issues: PartIssue[];
  /** Parts of ours the render no longer has, unchanged by the user: dropped once the anchors are checked. */
  drops: { key: string; pair: Pair; recorded: string | undefined }[];
}

/** Upgrade: with the old render as base, the user's and the tool's changes may touch different keys. */
function combine(m: Merging, key: string, u: Pair, n: Pair, prints: PartPrints): Verdict | undefined {
  const b = m.base && topPairs(m.base).get(key);
  if (!b || printOf(m.base!, b.value ?? null) !== prints.recorded) return undefined;
  const merged = mergeTree(m.doc, b.value ?? null, u.value ?? null, n.value ?? null, key);
  if (merged.conflicts.length > 0) {
    for (const path of merged.conflicts) m.issues.push({ path, kind: 'conflict', forced: false });
    return { action: 'keep', forced: false, record: 'recorded' };
  }
  u.value = merged.node as never;
  return { action: 'keep', forced: false, record: 'next', issue: printOf(m.doc, u.value) === prints.next ? undefined : 'edited' };
}

/** One top-level key: decide, apply to the document, and say what to record. Returns whether the document changed. */
function mergePart(m: Merging, key: string, u: Pair | undefined, n: Pair | undefined, previousKey: string | undefined, record: FileRecord): boolean {
  const prints: PartPrints = {
    known: m.recorded?.parts !== undefined,
    recorded: m.recorded?.parts?.[key],
    user: u && printOf(m.doc, u.value ?? null),
    next: n && printOf(m.next, n.value ?? null),
    accepted: m.recorded?.accepted?.[key],
    accept: m.input.accept?.(key),
  };
  let verdict = decide(prints, m.input.force);
  let changed = false;
  if (verdict.accepted && prints.user !== undefined) (record.accepted ??= {})[key] = prints.user;
  if (verdict.issue === 'conflict' && !verdict.forced && !verdict.accepted && u && n) {
    const combined = combine(m, key, u, n, prints);
    if (combined) [verdict, changed] = [combined, true];
  }
  if (verdict.issue) m.issues.push({ path: key, kind: verdict.issue, forced: verdict.forced, ...(verdict.accepted ? { accepted: true } : {}) });
  const nextComments = n ? sha256(JSON.stringify(commentsIn(n.value))) : undefined;
  const ownComments = u !== undefined && sha256(JSON.stringify(commentsIn(u.value))) === m.recorded?.comments?.[key];
  if (verdict.record === 'next' && prints.next !== undefined) [record.parts![key], record.comments![key]] = [prints.next, nextComments!];
  if (verdict.record === 'recorded' && prints.recorded !== undefined) {
    record.parts![key] = prints.recorded;
    if (m.recorded?.comments?.[key]) record.comments![key] = m.recorded.comments[key];
  }
  const freshComments = n && u && ownComments && nextComments !== m.recorded?.comments?.[key];
  if (n && (verdict.action === 'take' || (freshComments && prints.user === prints.next))) {
    // Comments as the tool wrote them take the template's; any of the user's keep their place.
    if (!u) insertAfter(m.doc, n, previousKey);
    else u.value = ownComments ? n.value : (patchNode(u.value, n.value) as never);
    return true;
  }
  if (verdict.action === 'drop' && u) {
    m.drops.push({ key, pair: u, recorded: prints.recorded });
    return changed;
  }
  return changed;
}

/** The anchors defined in a node, and the anchors its aliases use. */
function anchorsAndAliases(node: unknown): { anchors: Set<string>; aliases: Set<string> } {
  const found = { anchors: new Set<string>(), aliases: new Set<string>() };
  if (!YAML.isNode(node)) return found;
  YAML.visit(node, (_, n) => {
    if (isAlias(n)) found.aliases.add(n.source);
    else if (YAML.isNode(n) && n.anchor) found.anchors.add(n.anchor);
  });
  return found;
}

/**
 * Drops the parts of ours the render no longer has, except one whose anchor a part that stays still uses
 * through an alias (`<<: *base`): without it that part would not parse. Such a part stays, recorded as ours
 * (a later run drops it once nothing uses it), and is said. Returns the parts kept so, with the jobs that alias them.
 */
function applyDrops(m: Merging, record: FileRecord, notes: string[]): Record<string, string[]> {
  const map = m.doc.contents as YAMLMap;
  const items = map.items as Pair[];
  const uses = new Map(items.map((p) => [p, { ...anchorsAndAliases(p.value), keyAliases: anchorsAndAliases(p.key).aliases }]));
  const dropping = new Set(m.drops.map((d) => d.pair));
  const users = new Map<Pair, string[]>();
  for (let grew = true; grew;) {
    grew = false;
    for (const d of m.drops) {
      if (users.has(d.pair)) continue;
      const anchors = uses.get(d.pair)!.anchors;
      const by = items.filter(
        (p) => p !== d.pair && (!dropping.has(p) || users.has(p)) && [...uses.get(p)!.aliases, ...uses.get(p)!.keyAliases].some((a) => anchors.has(a)),
      );
      if (by.length > 0) {
        users.set(
          d.pair,
          by.map((p) => keyText(p) ?? '?'),
        );
        grew = true;
      }
    }
  }
  for (const d of m.drops) {
    const by = users.get(d.pair);
    if (!by) continue;
    if (d.recorded !== undefined) record.parts![d.key] = d.recorded;
    if (m.recorded?.comments?.[d.key]) record.comments![d.key] = m.recorded.comments[d.key];
    notes.push(
      `${m.input.display} ${d.key}: no longer written with these answers, but kept: ${by.join(', ')} ${by.length === 1 ? 'uses' : 'use'} its anchor through an alias; once nothing does, the next run removes it`,
    );
  }
  const gone = m.drops.filter((d) => !users.has(d.pair)).map((d) => d.pair);
  if (gone.length > 0) map.items = items.filter((p) => !gone.includes(p));
  return Object.fromEntries(m.drops.filter((d) => users.has(d.pair)).map((d) => [d.key, users.get(d.pair)!]));
}

function mergeHeader(m: Merging, record: FileRecord): boolean {
  const next = m.next.commentBefore ?? '';
  record.comments![HEADER] = sha256(next);
  const mine = m.doc.commentBefore ?? '';
  if (mine === next) return false;
  const recorded = m.recorded?.comments?.[HEADER];
  if (sha256(mine) !== recorded) {
    // The user's header: keep it, and keep recording what the tool wrote (nothing, if unknown).
    if (recorded) record.comments![HEADER] = recorded;
    else delete record.comments![HEADER];
    return false;
  }
  m.doc.commentBefore = m.next.commentBefore;
  return true;
}

export function mergePipeline(input: MergeInput): MergeOutcome {
  const fresh = pipelineRecord(input.rendered);
  if (input.current === undefined) return { contents: input.rendered, record: fresh, issues: [], backup: false, notes: [], moved: [] };
  const doc = parsePipeline(input.current, input.display);
  const lastWritten = recordedText(input);
  const recorded = input.record?.parts !== undefined || lastWritten === undefined ? input.record : { ...pipelineRecord(lastWritten), file: input.record!.file };
  const m: Merging = {
    input,
    doc,
    next: YAML.parseDocument(input.rendered),
    base: input.base === undefined ? undefined : YAML.parseDocument(input.base),
    recorded,
    issues: [],
    drops: [],
  };
  const record: FileRecord = { file: fresh.file, parts: {}, comments: {} };
  const mine = topPairs(doc);
  const theirs = topPairs(m.next);
  let changed = mergeHeader(m, record);
  let previousKey: string | undefined;
  for (const key of new Set([...theirs.keys(), ...Object.keys(recorded?.parts ?? {})])) {
    const [u, n] = [mine.get(key), theirs.get(key)];
    changed = mergePart(m, key, u, n, previousKey, record) || changed;
    if (n && topPairs(doc).has(key)) previousKey = key;
  }
  const notes: string[] = [];
  const aliased = applyDrops(m, record, notes);
  changed ||= m.drops.length > Object.keys(aliased).length;
  const own = [...mine].filter(([key]) => !theirs.has(key) && !(recorded?.parts && key in recorded.parts));
  const moved = input.moves ? own.flatMap(([key, pair]) => moveScalars(pair.value, input.moves!, key)) : [];
  const contents = changed || moved.length > 0 ? doc.toString({ lineWidth: 0 }) : input.current;
  parsePipeline(contents, `${input.display} (as merged)`);
  const issues = m.issues;
  return { contents, record, issues, backup: issues.some((i) => i.forced), notes, moved: moved.map((t) => `${input.display} ${t}`), aliased };
}
