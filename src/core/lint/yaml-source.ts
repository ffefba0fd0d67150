/**
 * A YAML file read for lint: parsed once, with every node's position kept so a finding can name
 * the line of the key that set a value, through anchors, aliases and `<<` merge keys.
 *
 * Hostile input is refused with a line, in time linear in the file: nesting deeper than MAX_DEPTH
 * is caught on the parser's tokens before the (recursive) composer sees it; aliases are resolved,
 * counted and turned into JS values by one walk with its own stack (the yaml package's toJS looks
 * up each alias by scanning the document and recurses on the JS stack); duplicate keys are found
 * with a set per mapping (the package's own check compares each key with every earlier one).
 */
import YAML, { Alias, Composer, CST, isAlias, isMap, isNode, isPair, isScalar, isSeq, LineCounter, Node, Pair, Parser, Scalar, YAMLMap } from 'yaml';
import { SourceError } from '../errors';
import { DocPath } from '../effective-jobs';

type Obj = Record<string, unknown>;

/** Nested mappings and sequences allowed, the limit GitLab itself puts on a pipeline's depth. */
export const MAX_DEPTH = 100;
/** Nodes that aliases (and `<<` merges of them) may stand for in all: bounds what an alias bomb expands to. */
export const MAX_ALIAS_NODES = 1_000_000;

// GitLab's `!reference [job, key]`: kept as its list so the file parses without a warning.
const referenceTag = { tag: '!reference', collection: 'seq' as const, default: false, resolve: (seq: unknown) => seq };

export interface YamlSource {
  name: string;
  doc: YAML.Document.Parsed;
  data: Obj;
  lineOf(offset: number): number;
  /** The node an alias stands for (resolved once, when the file was read). */
  target(alias: Alias): Node | undefined;
}

export function parseYamlSource(name: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const lineOf = (offset: number) => lineCounter.linePos(offset).line;
  const fail = (offset: number, message: string, unparsable = false): never => {
    throw new SourceError(`${name}:${lineOf(offset)}`, message, unparsable);
  };
  const tokens = Array.from(new Parser(lineCounter.addNewLine).parse(text));
  for (const token of tokens) checkDepth(token, fail);
  // uniqueKeys is checked below, in linear time.
  const composer = new Composer({ lineCounter, merge: true, uniqueKeys: false, customTags: [referenceTag] });
  const docs = Array.from(composer.compose(tokens));
  if (docs.length === 0) return { name, doc: YAML.parseDocument(''), data: {}, lineOf, target: () => undefined };
  for (const d of docs) checkParsed(d, fail);
  // A CI/CD component or a pipeline with inputs: a `spec:` header document, then `---` and the pipeline.
  const hasHeader = docs.length === 2 && isMap(docs[0].contents) && docs[0].has('spec');
  if (docs.length > 1 && !hasHeader) fail(docs[1].range[0], 'expected one YAML document (or a spec: header, ---, then the pipeline)');
  const doc = docs[docs.length - 1];
  const { data, targets } = toData(doc.contents, fail);
  if (data !== null && (typeof data !== 'object' || Array.isArray(data))) fail(0, 'expected a mapping of keys at the top');
  return { name, doc, data: (data ?? {}) as Obj, lineOf, target: (alias) => targets.get(alias) };
}

function checkParsed(doc: YAML.Document.Parsed, fail: (offset: number, message: string, unparsable: boolean) => never): void {
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) fail(problem.pos[0], `does not parse as YAML: ${problem.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`, true);
}

const isCollectionToken = (t: CST.Token): boolean => t.type === 'block-map' || t.type === 'block-seq' || t.type === 'flow-collection';

/** Refuses nesting deeper than MAX_DEPTH, walking the parser's tokens with a stack of its own. */
function checkDepth(root: CST.Token, fail: (offset: number, message: string) => never): void {
  const stack: { token: CST.Token; depth: number }[] = [{ token: root, depth: 0 }];
  while (stack.length > 0) {
    const { token, depth: above } = stack.pop()!;
    const depth = above + (isCollectionToken(token) ? 1 : 0);
    if (depth > MAX_DEPTH)
      fail((token as { offset: number }).offset, `nested deeper than ${MAX_DEPTH} mappings and sequences; GitLab refuses such a pipeline too`);
    if (token.type === 'document' && token.value) stack.push({ token: token.value, depth });
    if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      for (const item of token.items as CST.CollectionItem[]) {
        if (item.key) stack.push({ token: item.key, depth });
        if (item.value) stack.push({ token: item.value, depth });
      }
    }
  }
}

const isMergeKey = (key: unknown): boolean =>
  isScalar(key) && (typeof key.value === 'symbol' || ((!key.type || key.type === Scalar.PLAIN) && key.value === '<<'));

const defineKey = (obj: Obj, key: string, value: unknown): void => {
  // defineProperty, not assignment: a key named __proto__ stays a plain key.
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
};

interface Frame {
  node: YAMLMap | YAML.YAMLSeq;
  /** Children in order: for a mapping, each pair's key then its value. */
  children: unknown[];
  values: unknown[];
  /** Nodes this subtree stands for, aliases expanded. */
  size: number;
}

/**
 * The document's JS value, built bottom-up by one walk with its own stack: aliases resolve to the
 * last anchor of that name before them (YAML's rule) and share its value; `<<` merges copy the
 * keys not already set. Refuses unresolved and self-containing aliases, alias expansions over
 * MAX_ALIAS_NODES, duplicate keys and merges of non-mappings, each with its line.
 */
function toData(root: unknown, fail: (offset: number, message: string) => never): { data: unknown; targets: Map<Alias, Node> } {
  const anchors = new Map<string, Node>();
  const targets = new Map<Alias, Node>();
  /** JS value and expanded size of each anchored node, once complete. */
  const anchored = new Map<Node, { value: unknown; size: number }>();
  const open = new Set<Node>();
  let aliasNodes = 0;
  const at = (node: unknown): number => (node as Node | undefined)?.range?.[0] ?? 0;
  const stack: Frame[] = [];
  let result: { value: unknown; size: number } | undefined;

  const finish = (node: Node, value: unknown, size: number): void => {
    if (node?.anchor) anchored.set(node, { value, size });
    const parent = stack[stack.length - 1];
    if (parent) {
      parent.values.push(value);
      parent.size += size;
    } else result = { value, size };
  };

  const enter = (node: unknown): void => {
    if (isNode(node) && node.anchor) anchors.set(node.anchor, node);
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (!target) return fail(at(node), `the alias *${node.source} names no anchor &${node.source} before it`);
      if (open.has(target)) return fail(at(node), `the alias *${node.source} is inside its own anchor &${node.source} (a cycle)`);
      targets.set(node, target);
      const done = anchored.get(target)!;
      aliasNodes += done.size;
      if (aliasNodes > MAX_ALIAS_NODES) fail(at(node), `aliases expand to more than ${MAX_ALIAS_NODES} nodes in all (an alias bomb?)`);
      return finish(node, done.value, done.size);
    }
    if (isMap(node)) {
      open.add(node);
      stack.push({ node, children: node.items.flatMap((p) => [p.key, p.value]), values: [], size: 1 });
    } else if (isSeq(node)) {
      open.add(node);
      stack.push({ node, children: node.items, values: [], size: 1 });
    } else finish(node as Node, isScalar(node) ? node.value : null, 1);
  };

  const keyText = (key: unknown): string => {
    const text = key === null || key === undefined ? '' : typeof key === 'object' ? JSON.stringify(key) : String(key);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  };

  const mergeInto = (obj: Obj, pair: Pair, value: unknown): void => {
    const from = isAlias(pair.value) ? targets.get(pair.value) : pair.value;
    const sourceNodes = isSeq(from) ? from.items.map((i) => (isAlias(i) ? targets.get(i) : i)) : [from];
    const sourceValues = isSeq(from) ? (value as unknown[]) : [value];
    sourceNodes.forEach((source, i) => {
      if (!isMap(source)) fail(at(pair.value), 'a << merge takes a mapping, or a list of mappings');
      const src = sourceValues[i] as Obj;
      for (const key of Object.keys(src)) if (!Object.prototype.hasOwnProperty.call(obj, key)) defineKey(obj, key, src[key]);
    });
  };

  const build = (frame: Frame): unknown => {
    if (isSeq(frame.node)) return frame.values;
    const obj: Obj = {};
    const seen = new Map<unknown, true>();
    frame.node.items.forEach((pair, i) => {
      const [key, value] = [frame.values[2 * i], frame.values[2 * i + 1]];
      if (isMergeKey(pair.key)) return mergeInto(obj, pair, value);
      if (isScalar(pair.key)) {
        if (seen.has(pair.key.value)) fail(at(pair.key), `does not parse as YAML: Map keys must be unique; ${JSON.stringify(keyText(key))} is set twice`);
        seen.set(pair.key.value, true);
      }
      defineKey(obj, key === null || key === undefined ? '' : typeof key === 'object' ? JSON.stringify(key) : String(key), value);
    });
    return obj;
  };

  enter(root ?? null);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.values.length < frame.children.length) {
      enter(frame.children[frame.values.length] ?? null);
      continue;
    }
    stack.pop();
    open.delete(frame.node);
    finish(frame.node, build(frame), frame.size);
  }
  return { data: result?.value ?? null, targets };
}

function resolve(node: unknown, src: YamlSource): unknown {
  return isAlias(node) ? src.target(node) : node;
}

/** Own keys of a mapping by name, built on first use: a lookup then costs the same in a mapping of 10 jobs or 10,000. */
const keyIndex = new WeakMap<YAMLMap, Map<string, Pair>>();

function ownPair(map: YAMLMap, key: string): Pair | undefined {
  let index = keyIndex.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items) {
      if (isPair(p) && !isMergeKey(p.key) && isScalar(p.key) && !index.has(String(p.key.value))) index.set(String(p.key.value), p as Pair);
    }
    keyIndex.set(map, index);
  }
  return index.get(key);
}

/** The pair holding `key` in a mapping, looking through `<<` merges (own keys first, then merged maps in order). */
function pairIn(map: unknown, key: string, src: YamlSource, depth = 0): Pair | undefined {
  const m = resolve(map, src);
  if (!isMap(m) || depth > 20) return undefined;
  const own = ownPair(m, key);
  if (own) return own;
  for (const p of m.items) {
    if (!isMergeKey(p.key)) continue;
    const v = resolve(p.value, src);
    const sources = isSeq(v) ? v.items : [v];
    for (const source of sources) {
      const found = pairIn(source, key, src, depth + 1);
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
    const at = resolve(value, src);
    if (typeof segment === 'number') {
      if (!isSeq(at)) return undefined;
      value = at.items[segment];
      named = value as Node;
    } else {
      const pair = pairIn(at, segment, src);
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
    const n = resolve(node, src);
    if (isSeq(n) && n.tag === '!reference') return;
    if (isSeq(n) && depth < 10) n.items.forEach((item) => walk(item, depth + 1));
    else if (isScalar(n) && n.range) out.push({ text: String(n.value), line: src.lineOf(n.range[0]) });
  };
  if (found) walk(found.value, 0);
  return out;
}
