/**
 * `.gitlab-ci.yml`: the tool owns the top-level keys its template writes; everything else (the
 * user's jobs, keys, comments) is the user's. Merged node by node with the yaml Document API.
 */
import YAML, { isMap, isPair, Pair, YAMLMap } from 'yaml';
import { UsageError } from '../errors';
import { decide } from './decide';
import { sha256 } from './fingerprint';
import { MergeInput, MergeOutcome, PartIssue, recordedText } from './outcome';
import { Doc, keyText, mergeTree, moveScalars, patchNode, printOf } from './yaml-nodes';

export function parsePipeline(text: string, display: string): YAML.Document.Parsed {
  const doc = YAML.parseDocument(text, { uniqueKeys: true });
  const e = doc.errors[0];
  if (e) throw new UsageError(`${display}: does not parse at line ${e.linePos?.[0].line ?? '?'}: ${e.message.split('\n')[0]}; fix it, then run again`);
  if (doc.contents !== null && !isMap(doc.contents)) throw new UsageError(`${display}: the top level is not a mapping of jobs and keys; expected a GitLab CI pipeline`);
  return doc;
}

function topPairs(doc: Doc): Map<string, Pair> {
  const pairs = new Map<string, Pair>();
  for (const item of (doc.contents as YAMLMap | null)?.items ?? []) {
    const key = isPair(item) ? keyText(item) : undefined;
    if (key !== undefined) pairs.set(key, item as Pair);
  }
  return pairs;
}

/** Fingerprint of each top-level key's data: comments and formatting are not part of it. */
export function pipelineParts(text: string): Record<string, string> {
  const doc = YAML.parseDocument(text);
  return Object.fromEntries([...topPairs(doc)].map(([key, pair]) => [key, printOf(doc, pair.value ?? null)!]));
}

function insertAfter(doc: Doc, pair: Pair, previousKey: string | undefined): void {
  if (doc.contents === null) doc.contents = new YAMLMap() as never;
  const map = doc.contents as YAMLMap;
  const prev = previousKey === undefined ? -1 : map.items.findIndex((p) => keyText(p as Pair) === previousKey);
  map.items.splice(prev < 0 ? map.items.length : prev + 1, 0, pair);
}

export function mergePipeline(input: MergeInput): MergeOutcome {
  const nextDoc = YAML.parseDocument(input.rendered);
  const nextParts = pipelineParts(input.rendered);
  if (input.current === undefined) return { contents: input.rendered, record: { file: sha256(input.rendered), parts: nextParts }, issues: [], backup: false, notes: [], moved: [] };
  const doc = parsePipeline(input.current, input.display);
  const lastWritten = recordedText(input);
  const recorded = input.record?.parts ?? (lastWritten === undefined ? undefined : pipelineParts(lastWritten));
  const known = recorded !== undefined;
  const baseDoc = input.base === undefined ? undefined : YAML.parseDocument(input.base);
  const basePairs = baseDoc ? topPairs(baseDoc) : new Map<string, Pair>();

  const mine = topPairs(doc);
  const theirs = topPairs(nextDoc);
  const issues: PartIssue[] = [];
  const parts: Record<string, string> = {};
  let changed = false;
  let previousKey: string | undefined;
  const keys = [...new Set([...theirs.keys(), ...Object.keys(recorded ?? {})])];
  for (const key of keys) {
    const u = mine.get(key);
    const n = theirs.get(key);
    const prints = { known, recorded: recorded?.[key], user: u && printOf(doc, u.value ?? null), next: nextParts[key] };
    let verdict = decide(prints, input.force);
    if (verdict.issue === 'conflict' && !verdict.forced && u && n) {
      // Upgrade: with the old render as base, the user's and the tool's changes may touch different keys.
      const b = basePairs.get(key);
      if (b && baseDoc && printOf(baseDoc, b.value ?? null) === prints.recorded) {
        const merged = mergeTree(doc, b.value ?? null, u.value ?? null, n.value ?? null, key);
        if (merged.conflicts.length === 0) {
          u.value = merged.node as never;
          changed = true;
          verdict = { action: 'keep', forced: false, record: 'next', issue: printOf(doc, u.value) === prints.next ? undefined : 'edited' };
        } else {
          for (const path of merged.conflicts) issues.push({ path, kind: 'conflict', forced: false });
          verdict = { ...verdict, issue: undefined };
        }
      }
    }
    if (verdict.issue) issues.push({ path: key, kind: verdict.issue, forced: verdict.forced });
    if (verdict.record === 'next' && prints.next !== undefined) parts[key] = prints.next;
    if (verdict.record === 'recorded' && prints.recorded !== undefined) parts[key] = prints.recorded;
    if (verdict.action === 'take' && n) {
      if (u) u.value = patchNode(u.value, n.value) as never;
      else insertAfter(doc, n, previousKey);
      changed = true;
    } else if (verdict.action === 'drop' && u) {
      (doc.contents as YAMLMap).items = (doc.contents as YAMLMap).items.filter((p) => p !== u);
      changed = true;
    }
    if (n && (u || verdict.action === 'take')) previousKey = key;
  }
  const moved = input.moves ? [...mine].filter(([key]) => !theirs.has(key) && !(recorded && key in recorded)).flatMap(([key, pair]) => moveScalars(pair.value, input.moves!, key)) : [];
  const contents = changed || moved.length > 0 ? doc.toString({ lineWidth: 0 }) : input.current;
  parsePipeline(contents, `${input.display} (as merged)`);
  return {
    contents,
    record: { file: sha256(input.rendered), parts },
    issues,
    backup: issues.some((i) => i.forced),
    notes: [],
    moved: moved.map((m) => `${input.display} ${m}`),
  };
}
