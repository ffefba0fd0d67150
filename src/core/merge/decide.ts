/**
 * The three-way rule for one part of a file: what the tool last wrote (its fingerprint), what is
 * on disk now, and what the new render says. `undefined` = the part is absent.
 */

export interface PartPrints {
  /** False when the answers file holds no per-part fingerprints (schema 1) for a file edited since. */
  known: boolean;
  recorded?: string;
  user?: string;
  next?: string;
  /** The user's version of the part, as `--accept` recorded it: theirs while it stays so and the render does not move. */
  accepted?: string;
  /** This run's `--accept` names the part: the user's version, if it differs, is recorded as theirs. */
  accept?: boolean;
}

export interface Verdict {
  /** keep the user's part, take the new render's, or drop the part. */
  action: 'keep' | 'take' | 'drop';
  /** conflict: both changed it; edited: the user changed it, the render did not. */
  issue?: 'conflict' | 'edited';
  /** --force replaced the user's version. */
  forced: boolean;
  /** The user's version is theirs (accepted now or before): record it as accepted. */
  accepted?: boolean;
  /** What to record as the tool's last write: the new render's print, the old one, or none. */
  record: 'next' | 'recorded' | 'none';
}

const KEEP_NEXT: Verdict = { action: 'keep', forced: false, record: 'next' };

function takeNext(p: PartPrints, forced: boolean, issue?: Verdict['issue']): Verdict {
  return p.next === undefined ? { action: 'drop', forced, issue, record: 'none' } : { action: 'take', forced, issue, record: 'next' };
}

export function decide(p: PartPrints, force: boolean): Verdict {
  if (p.user === p.next) return p.next === undefined ? { ...KEEP_NEXT, record: 'none' } : KEEP_NEXT;
  if (p.known && p.user === p.recorded) return takeNext(p, false);
  if (!p.known && p.user === undefined) return takeNext(p, false);
  if (p.next === undefined) return { action: 'keep', forced: false, record: 'none' }; // the tool let go of it: theirs now
  const issue = p.known && p.next === p.recorded ? 'edited' : 'conflict';
  // Accepted and neither side moved since: the user's, silently. Accepted now: the render as it is now is the base.
  if (issue === 'edited' && p.accepted !== undefined && p.accepted === p.user) return { action: 'keep', forced: false, record: 'recorded', accepted: true };
  if (p.accept) return { action: 'keep', forced: false, record: 'next', accepted: true, issue };
  // --force settles conflicts only (both sides changed the part): a part only the user changed stays theirs.
  if (force && issue === 'conflict') return takeNext(p, true, issue);
  return { action: 'keep', issue, forced: false, record: p.known && p.recorded !== undefined ? 'recorded' : 'none' };
}
