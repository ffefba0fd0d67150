/**
 * Node-level edits on a parsed YAML document (the `yaml` package's Document API), so the user's
 * comments, key order and blank lines survive the values the tool moves.
 */
import { isMap, isPair, isScalar, isSeq, Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { keyText, printOf } from '../record/yaml-parts';

export { keyText, printOf };

export type { Doc } from '../record/yaml-parts';
import type { Doc } from '../record/yaml-parts';

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isPair(p) && keyText(p) === key) as Pair | undefined;
}

/**
 * `user` rewritten to carry `next`'s data: scalars change value in place, mappings and sequences
 * are walked, so comments on what stays stay. New keys and items come with `next`'s comments.
 */
export function patchNode(user: unknown, next: unknown): unknown {
  if (isScalar(user) && isScalar(next)) {
    if (user.value !== next.value) {
      user.value = next.value;
      user.type = next.type;
    }
    return user;
  }
  if (isMap(user) && isMap(next) && next.items.every((p) => keyText(p as Pair) !== undefined) && user.items.every((p) => keyText(p as Pair) !== undefined)) {
    patchMap(user, next);
    return user;
  }
  if (isSeq(user) && isSeq(next)) {
    const common = Math.min(user.items.length, next.items.length);
    for (let i = 0; i < common; i++) user.items[i] = patchNode(user.items[i], next.items[i]);
    user.items.splice(common, user.items.length - common, ...next.items.slice(common));
    return user;
  }
  return next;
}

function patchMap(user: YAMLMap, next: YAMLMap): void {
  const wanted = new Set(next.items.map((p) => keyText(p as Pair)!));
  user.items = user.items.filter((p) => wanted.has(keyText(p as Pair)!));
  let at = 0;
  for (const pair of next.items as Pair[]) {
    const mine = findPair(user, keyText(pair)!);
    if (mine) {
      mine.value = patchNode(mine.value, pair.value) as Node;
      at = user.items.indexOf(mine) + 1;
    } else {
      user.items.splice(at++, 0, pair);
    }
  }
}

export interface TreeMerge {
  node: unknown;
  conflicts: string[];
}

/**
 * Three-way merge of one part when the base (what the tool last wrote) is known as a node:
 * the user's changes and the render's changes combine where they touch different keys.
 */
export function mergeTree(doc: Doc, base: unknown, user: unknown, next: unknown, path: string): TreeMerge {
  const [pb, pu, pn] = [printOf(doc, base), printOf(doc, user), printOf(doc, next)];
  if (pu === pn || pn === pb) return { node: user, conflicts: [] };
  if (pu === pb) return { node: next === undefined ? undefined : user === undefined ? next : patchNode(user, next), conflicts: [] };
  if (isMap(base) && isMap(user) && isMap(next)) return mergeMaps(doc, base, user, next, path);
  if (isSeq(base) && isSeq(user) && isSeq(next) && base.items.length === user.items.length && user.items.length === next.items.length) {
    return mergeSeqs(doc, base, user, next, path);
  }
  return { node: user, conflicts: [path] };
}

function mergeMaps(doc: Doc, base: YAMLMap, user: YAMLMap, next: YAMLMap, path: string): TreeMerge {
  const conflicts: string[] = [];
  const keys = [...user.items, ...next.items].map((p) => keyText(p as Pair));
  if (keys.includes(undefined)) return { node: user, conflicts: [path] };
  for (const key of new Set(keys as string[])) {
    const [b, u, n] = [findPair(base, key), findPair(user, key), findPair(next, key)];
    const merged = mergeTree(doc, b && (b.value ?? null), u && (u.value ?? null), n && (n.value ?? null), `${path}.${key}`);
    conflicts.push(...merged.conflicts);
    if (merged.node === undefined) user.items = user.items.filter((p) => p !== u);
    else if (u) u.value = merged.node as Node;
    else user.items.push(n!);
  }
  return { node: user, conflicts };
}

function mergeSeqs(doc: Doc, base: YAMLSeq, user: YAMLSeq, next: YAMLSeq, path: string): TreeMerge {
  const conflicts: string[] = [];
  user.items.forEach((item, i) => {
    const merged = mergeTree(doc, base.items[i], item, next.items[i], `${path}[${i}]`);
    conflicts.push(...merged.conflicts);
    user.items[i] = merged.node;
  });
  return { node: user, conflicts };
}

/** Every scalar under `node` equal to a key of `moves` takes its value; returns `path: old → new`. */
export function moveScalars(node: unknown, moves: Record<string, string>, path: string): string[] {
  if (isScalar(node)) {
    const to = typeof node.value === 'string' ? moves[node.value] : undefined;
    if (to === undefined) return [];
    const from = node.value as string;
    (node as Scalar).value = to;
    return [`${path}: ${from} → ${to}`];
  }
  if (isMap(node)) return node.items.flatMap((p) => moveScalars((p as Pair).value, moves, `${path}.${keyText(p as Pair) ?? '?'}`));
  if (isSeq(node)) return node.items.flatMap((item, i) => moveScalars(item, moves, `${path}[${i}]`));
  return [];
}
