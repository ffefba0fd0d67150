/**
 * `init` in a folder that holds `.gitlab-dind.yml`: its answers are the defaults, with `--yes` as in the
 * wizard. The flags of this run win; an earlier answer the new ones refuse (tls after --mode socket) or
 * that was only the old mode's default goes. The mode changes only when `--mode` says so. Pure.
 */
import { Answers, dropOtherModesDefaults, FLAG_OF, RawAnswers, resolveAnswers } from './answers';
import { UsageError } from './errors';

const FIELD_OF_FLAG = new Map(Object.entries(FLAG_OF).map(([field, flag]) => [flag, field as keyof Answers]));

function fieldOf(err: UsageError): keyof Answers | undefined {
  const flag = /^--(?:no-)?([a-z-]+):/.exec(err.message)?.[1];
  return flag === undefined ? undefined : FIELD_OF_FLAG.get(flag);
}

function problem(raw: RawAnswers): UsageError | undefined {
  try {
    resolveAnswers(raw);
    return undefined;
  } catch (err) {
    if (err instanceof UsageError) return err;
    throw err;
  }
}

export interface OverPrevious {
  raw: RawAnswers;
  /** Earlier answers that give way to this run's flags (by flag name). */
  dropped: string[];
}

/** This run's flags over a previous run's answers. Answers the flags do not name keep their earlier value. */
export function overPrevious(previous: Answers, given: RawAnswers): OverPrevious {
  const mode = given.mode ?? previous.mode;
  const before = dropOtherModesDefaults({ ...(previous as RawAnswers), mode });
  const seed: RawAnswers = { ...before };
  for (const field of Object.keys(given) as (keyof Answers)[]) delete seed[field];
  // One seeded field fewer each time round: this ends.
  for (let err = problem({ ...seed, ...given, mode }); err; err = problem({ ...seed, ...given, mode })) {
    const about = fieldOf(err);
    if (about !== undefined && about in seed) {
      delete seed[about];
      continue;
    }
    const clashing = (Object.keys(seed) as (keyof Answers)[]).find((field) => {
      const without = { ...seed };
      delete without[field];
      return problem({ ...without, ...given, mode })?.message !== err!.message;
    });
    if (clashing === undefined) break; // the flags' own problem: resolveAnswers says it
    delete seed[clashing];
  }
  const dropped = (Object.keys(before) as (keyof Answers)[]).filter((f) => !(f in seed) && !(f in given) && f !== 'mode').map((f) => FLAG_OF[f]);
  return { raw: { ...seed, ...given, mode }, dropped };
}

const shown = (value: unknown): string => (Array.isArray(value) ? value.join(',') || '(none)' : value === '' ? '(none)' : String(value));

/** `mode: shell → dind`, one line per answer that differs, by its flag name. */
export function answerChanges(before: Answers, after: Answers): string[] {
  return (Object.keys(FLAG_OF) as (keyof Answers)[])
    .filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]))
    .map((f) => `${FLAG_OF[f]}: ${shown(before[f])} → ${shown(after[f])}`);
}
