/** What one lint run found and read: the input of every output format. */
import { Finding } from './types';

export interface LintReport {
  findings: Finding[];
  /** Files read, in the order findings are sorted: the pipeline, its included files, runner configs. */
  files: { name: string; role: 'pipeline' | 'included' | 'runner' }[];
  /** What was not followed or not taken (includes outside the repository, a runner file that does not parse, ...). */
  notes: string[];
}

/** No runner config was read: the checks that need one (privileged, volumes, executor...) did not run. */
export const runnerChecksSkipped = (report: LintReport): boolean =>
  report.files.some((f) => f.role === 'pipeline') && !report.files.some((f) => f.role === 'runner');

export const RUNNER_SKIPPED_NOTE =
  "runner-side checks skipped (privileged mode, volumes, the executor, the runner's services and environment): no runner config found " +
  '(gitlab-runner/config.toml, config.toml, .gitlab-runner/config.toml, a *.toml with [[runners]] or Helm values with runners.config up to three folders down); ' +
  'give it with --runner FILE, e.g. --runner /etc/gitlab-runner/config.toml (a copy with the tokens removed will do)';

/** Every note to tell the user, the skipped runner checks included. */
export const reportNotes = (report: LintReport): string[] => [...report.notes, ...(runnerChecksSkipped(report) ? [RUNNER_SKIPPED_NOTE] : [])];

/** `a`, `a and b`, `a, b and c`. */
export function listNames(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * A finding's identity across runs, independent of its line (a line moves when lines are added
 * above it): the rule, the file and the message, plus how many identical ones came before it.
 */
export function fingerprints(findings: Finding[], hash: (text: string) => string): string[] {
  const count = new Map<string, number>();
  return findings.map((f) => {
    const key = JSON.stringify([f.rule, f.file, f.message]);
    const n = count.get(key) ?? 0;
    count.set(key, n + 1);
    return hash(`${key}#${n}`);
  });
}
