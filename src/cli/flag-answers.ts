/** Parsed flags → raw answers, for the commands (loaded with them, not by --help). */
import { Answers, FLAG_OF, RawAnswers } from '../core/answers';
import { FieldError } from '../core/errors';

/** A string flag given twice arrives as an array: refuse rather than guess which one counts. */
export function single(flag: string, value: unknown): string | boolean | undefined {
  if (Array.isArray(value)) throw new FieldError(flag, `given ${value.length} times (${value.map((v) => JSON.stringify(v)).join(', ')}); expected once`);
  return value as string | boolean | undefined;
}

/** Flags given once for each value (--build-arg A --build-arg B): a list, not a flag given twice. */
const REPEATABLE = new Set<keyof Answers>(['buildArgs']);

export function rawAnswersFromFlags(argv: Record<string, unknown>): RawAnswers {
  const raw: RawAnswers = {};
  for (const [field, flag] of Object.entries(FLAG_OF) as [keyof Answers, string][]) {
    const value = REPEATABLE.has(field) ? (argv[flag] as RawAnswers[keyof Answers]) : single(flag, argv[flag]);
    if (value !== undefined) raw[field] = value;
  }
  return raw;
}
