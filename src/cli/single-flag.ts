/** A flag's value as given once: a string flag given twice arrives as an array, refused rather than guessed at. */
import { FieldError } from '../core/errors';

export function single(flag: string, value: unknown): string | boolean | undefined {
  if (Array.isArray(value)) throw new FieldError(flag, `given ${value.length} times (${value.map((v) => JSON.stringify(v)).join(', ')}); expected once`);
  return value as string | boolean | undefined;
}
