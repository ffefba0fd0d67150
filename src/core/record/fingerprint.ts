/**
 * Fingerprints of data, not text: key order, quoting, indentation and comments do not change them,
 * so reformatting a file is not mistaken for an edit of what it says.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json';

export { canonicalJson };

export function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

export function dataPrint(value: unknown): string {
  return sha256(canonicalJson(value));
}
