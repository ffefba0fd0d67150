/**
 * A YAML file read for lint: parsed once, with every node's position kept so a finding can name
 * the line of the key that set a value, through anchors, aliases and `<<` merge keys.
 */
import YAML, { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Node, Pair } from 'yaml';
import { UsageError } from '../errors';
import { DocPath } from '../pipeline';

type Obj = Record<string, unknown>;

// GitLab's `!reference [job, key]`: kept as its list so the file parses without a warning.
const referenceTag = { tag: '!reference', collection: 'seq' as const, default: false, resolve: (seq: unknown) => seq };

export interface YamlSource {
  name: string;
  doc: YAML.Document.Parsed;
  data: Obj;
  lineOf(offset: number): number;
}

export function parseYamlSource(name: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const docs = YAML.parseAllDocuments(text, { lineCounter, merge: true, uniqueKeys: true, customTags: [referenceTag] });
  if (docs.length === 0) return parsed(name, YAML.parseDocument(''), new LineCounter());
  for (const d of docs) checkParsed(name, d);
  // A CI/CD component or a pipeline with inputs: a `spec:` header document, then `---` and the pipeline.
  const hasHeader = docs.length === 2 && isMap(docs[0].contents) && docs[0].has('spec');
  if (docs.length > 1 && !hasHeader) throw new UsageError(`${name}:${lineCounter.linePos(docs[1].range[0]).line}: expected one YAML document (or a spec: header, ---, then the pipeline)`);
  return parsed(name, docs[docs.length - 1], lineCounter);
}

function checkParsed(name: string, doc: YAML.Document.Parsed): void {
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    const line = problem.linePos?.[0].line ?? 1;
    throw new UsageError(`${name}:${line}: does not parse as YAML: ${problem.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`);
  }
}

function parsed(name: string, doc: YAML.Document.Parsed, lineCounter: LineCounter): YamlSource {
  checkParsed(name, doc);
  const data = doc.toJS({ maxAliasCount: 1000 }) as unknown;
  if (data !== null && (typeof data !== 'object' || Array.isArray(data))) throw new UsageError(`${name}:1: expected a mapping of keys at the top`);
  return { name, doc, data: (data ?? {}) as Obj, lineOf: (offset) => lineCounter.linePos(offset).line };
}

function resolve(node: unknown, doc: YAML.Document): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

const isMergeKey = (pair: Pair): boolean => isScalar(pair.key) && (pair.key.source === '<<' || typeof pair.key.value === 'symbol');

/** The pair holding `key` in a mapping, looking through `<<` merges (own keys first, then merged maps in order). */
function pairIn(map: unknown, key: string, doc: YAML.Document, depth = 0): Pair | undefined {
  const m = resolve(map, doc);
  if (!isMap(m) || depth > 20) return undefined;
  const own = m.items.find((p) => isPair(p) && !isMergeKey(p) && isScalar(p.key) && String(p.key.value) === key);
  if (own) return own as Pair;
  for (const p of m.items) {
    if (!isMergeKey(p)) continue;
    const v = resolve(p.value, doc);
    const sources = isSeq(v) ? v.items : [v];
    for (const source of sources) {
      const found = pairIn(source, key, doc, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** The node at a path and the node naming it (its key, or the item itself in a sequence). */
export function nodeAt(src: YamlSource, path: DocPath): { value: unknown; named: Node | undefined } | undefined {
  let value: unknown = src.doc.contents;
  let named: Node | undefined;
  for (const segment of path) {
    const at = resolve(value, src.doc);
    if (typeof segment === 'number') {
      if (!isSeq(at)) return undefined;
      value = at.items[segment];
      named = value as Node;
    } else {
      const pair = pairIn(at, segment, src.doc);
      if (!pair) return undefined;
      value = pair.value;
      named = pair.key as Node;
    }
  }
  return { value, named };
}

/** 1-based line of the key (or sequence item) at a path; the nearest existing ancestor when it is missing. */
export function lineAt(src: YamlSource, path: DocPath | undefined): number {
  for (let n = path?.length ?? 0; n > 0; n--) {
    const found = nodeAt(src, path!.slice(0, n));
    const range = found?.named?.range;
    if (range) return src.lineOf(range[0]);
  }
  return 1;
}

/** Scalar items of a sequence with their lines, nested sequences (from anchors) flattened as GitLab does. */
export function seqItems(src: YamlSource, path: DocPath | undefined): { text: string; line: number }[] {
  const found = path ? nodeAt(src, path) : undefined;
  const out: { text: string; line: number }[] = [];
  const walk = (node: unknown, depth: number): void => {
    const n = resolve(node, src.doc);
    if (isSeq(n) && n.tag === '!reference') return;
    if (isSeq(n) && depth < 10) n.items.forEach((item) => walk(item, depth + 1));
    else if (isScalar(n) && n.range) out.push({ text: String(n.value), line: src.lineOf(n.range[0]) });
  };
  if (found) walk(found.value, 0);
  return out;
}
