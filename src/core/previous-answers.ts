/**
 * `init` in a folder that holds `.gitlab-dind.yml`: its answers are the defaults, with `--yes` as in the
 * wizard. The flags of this run win; an earlier answer the new ones refuse (tls after --mode socket) or
 * that was only the old mode's default goes. The mode changes only when `--mode` says so. Pure.
 */
import { Answers, dropOtherModesDefaults, FLAG_OF, RawAnswers, resolveAnswers } from './answers';
import { FieldError, UsageError } from './errors';

const FIELD_OF_KEY = new Map(Object.entries(FLAG_OF).map(([field, key]) => [key, field as keyof Answers]));

/** The answer a UsageError is about, if it is about one. */
export function fieldOf(err: UsageError): keyof Answers | undefined {
  return err instanceof FieldError ? FIELD_OF_KEY.get(err.field) : undefined;
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

/**
 * `seed` (earlier answers) less those that `over` (this run's, which win) refuses. `settled` is false when
 * a complaint is left that no earlier answer causes: the flags' own problem; `seed` is then as far as it got.
 */
export function withoutRefused(seed: RawAnswers, over: RawAnswers): { seed: RawAnswers; settled: boolean } {
  const kept: RawAnswers = { ...seed };
  // One seeded field fewer each time round: this ends.
  for (let err = problem({ ...kept, ...over }); err; err = problem({ ...kept, ...over })) {
    const about = fieldOf(err);
    if (about !== undefined && about in kept) {
      delete kept[about];
      continue;
    }
    // About a flag given this run (--image against an earlier --registry): the earlier answer it clashes
    // with goes, found as the one whose absence ends this complaint; the rest of the earlier run stays.
    const clashing = (Object.keys(kept) as (keyof Answers)[]).find((field) => {
      const without = { ...kept };
      delete without[field];
      return problem({ ...without, ...over })?.message !== err!.message;
    });
    if (clashing === undefined) return { seed: kept, settled: false };
    delete kept[clashing];
  }
  return { seed: kept, settled: true };
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
  const unsaid: RawAnswers = { ...before };
  for (const field of Object.keys(given) as (keyof Answers)[]) delete unsaid[field];
  // A component is one mode's jobs (gitlab-dind component makes one per mode): another mode's runner cannot run them.
  if (mode !== previous.mode && previous.component !== '') delete unsaid.component;
  // Not settled: the flags' own problem, which resolveAnswers says.
  const { seed } = withoutRefused(unsaid, { ...given, mode });
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
