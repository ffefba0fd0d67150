/** Fingerprints of the parts of .gitlab-ci.yml: each top-level key's data, and the comments in it. */
import YAML, { isPair, isScalar, Pair, YAMLMap } from 'yaml';
import { dataPrint, sha256 } from './fingerprint';

export type Doc = YAML.Document.Parsed | YAML.Document;

export function keyText(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

export function printOf(doc: Doc, node: unknown): string | undefined {
  if (node === undefined) return undefined;
  return dataPrint(YAML.isNode(node) ? node.toJS(doc) : node);
}

export function topPairs(doc: Doc): Map<string, Pair> {
  const pairs = new Map<string, Pair>();
  for (const item of (doc.contents as YAMLMap | null)?.items ?? []) {
    const key = isPair(item) ? keyText(item) : undefined;
    if (key !== undefined) pairs.set(key, item as Pair);
  }
  return pairs;
}

/** Fingerprint of each top-level key's data: comments and formatting are not part of it. */
export function pipelineParts(text: string | Doc): Record<string, string> {
  const doc = typeof text === 'string' ? YAML.parseDocument(text) : text;
  return Object.fromEntries([...topPairs(doc)].map(([key, pair]) => [key, printOf(doc, pair.value ?? null)!]));
}

/** The header comment, under a name no YAML key of a pipeline would take. */
export const HEADER = '(header)';

export function commentsIn(node: unknown): string[] {
  const found: string[] = [];
  if (YAML.isNode(node)) {
    YAML.visit(node, (_key, n) => {
      const c = n as { commentBefore?: string | null; comment?: string | null };
      if (c.commentBefore) found.push(c.commentBefore);
      if (c.comment) found.push(c.comment);
    });
  }
  return found;
}

/**
 * Fingerprint of the comments in each part, and of the header: comments are not edits, but when
 * they are as the tool wrote them, a part it updates takes the template's new comments too.
 */
export function pipelineComments(text: string | Doc): Record<string, string> {
  const doc = typeof text === 'string' ? YAML.parseDocument(text) : text;
  const prints = [...topPairs(doc)].map(([key, pair]): [string, string] => [key, sha256(JSON.stringify(commentsIn(pair.value)))]);
  return Object.fromEntries([[HEADER, sha256(doc.commentBefore ?? '')], ...prints]);
}

/** The record of a pipeline: whole-file fingerprint, parts and comments, from one parse. */
export function pipelineRecord(
  text: string,
  doc: Doc = YAML.parseDocument(text),
): { file: string; parts: Record<string, string>; comments: Record<string, string> } {
  return { file: sha256(text), parts: pipelineParts(doc), comments: pipelineComments(doc) };
}
