/**
 * `lint`: find the Docker-mode pitfalls in a pipeline and a runner config, this tool's or
 * hand-written. Pure: file names and texts in, findings out; a file that does not parse throws
 * a UsageError naming its line.
 */
import { LintJob, lintJobs } from './ci-model';
import { LintRunner, lintRunners } from './runner-model';
import { JOB_RULES, RUNNER_RULES } from './rules';
import { Finding, SourceFile } from './types';
import { parseYamlSource } from './yaml-source';

export { RULES } from './rules';
export type { Finding, Severity, SourceFile } from './types';

const jobFindings = (job: LintJob, runner: LintRunner | undefined): Finding[] => JOB_RULES.flatMap((rule) => rule(job, runner));

/** What the job rules read of a runner: runners alike in it give a job the same rules' findings. */
const settingsOf = (r: LintRunner): string => JSON.stringify({ ...r, index: 0, line: 0, services: r.services.map((s) => ({ ...s, line: 0 })) });

/** The first runner of each kind of settings: a config of 1,000 copies of one runner costs one. */
function distinctRunners(runners: LintRunner[]): LintRunner[] {
  const seen = new Set<string>();
  return runners.filter((r) => {
    const key = settingsOf(r);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Tags route jobs to runners on the GitLab side, so with several runners in one file lint cannot
 * know which runs a job: it reports a job's problem only when it holds on every runner.
 * `runners` are distinct in their settings (the first first), so this is the same over all of them.
 */
function forJob(job: LintJob, runners: LintRunner[]): Finding[] {
  if (runners.length <= 1) return jobFindings(job, runners[0]);
  const perRunner = runners.map((r) => jobFindings(job, r));
  const onAll = (rule: string) => perRunner.every((found) => found.some((f) => f.rule === rule));
  return perRunner[0].filter((f) => onAll(f.rule));
}

function unique(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = JSON.stringify([f.file, f.line, f.rule, f.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function lint(files: { ci?: SourceFile; runner?: SourceFile }): Finding[] {
  const jobs = files.ci ? lintJobs(parseYamlSource(files.ci.name, files.ci.text)) : undefined;
  const runners = files.runner ? lintRunners(files.runner.name, files.runner.text) : [];
  const distinct = distinctRunners(runners);
  const findings = [...(jobs ?? []).flatMap((job) => forJob(job, distinct)), ...runners.flatMap((r) => RUNNER_RULES.flatMap((rule) => rule(r, jobs)))];
  const fileOrder = [files.ci?.name, files.runner?.name];
  return unique(findings).sort((a, b) => fileOrder.indexOf(a.file) - fileOrder.indexOf(b.file) || a.line - b.line || a.rule.localeCompare(b.rule));
}
