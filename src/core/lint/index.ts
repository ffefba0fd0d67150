/**
 * `lint`: find the Docker-mode pitfalls in a pipeline and a runner config, this tool's or
 * hand-written. Pure: file names and texts in, findings out; a file that does not parse throws
 * a UsageError naming its line.
 */
import { LintJob, lintJobs, PipelineSources } from './ci-model';
import { callsDocker } from './facts';
import { LintRunner, lintRunners } from './runner-model';
import { JOB_RULES, RUNNER_RULES } from './rules';
import { Finding, RepositoryPaths, SourceFile } from './types';
import { parseYamlSource } from './yaml-source';

export { RULES } from './rules';
export type { Finding, PathKind, RepositoryPaths, Severity, SourceFile } from './types';

export interface LintInput {
  /** The main pipeline file. */
  ci?: SourceFile;
  /** Its `include: local:` files, in GitLab's merge order (each under the files that follow it). */
  included?: SourceFile[];
  /** One runner config, or several (their runners are all candidates for each job). */
  runner?: SourceFile | SourceFile[];
  /** The repository the pipeline belongs to, when a repository folder is linted: paths in its build commands are judged against it. */
  repository?: RepositoryPaths;
}

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
 * The job as it runs on this runner: the runner's `environment` fills what the job does not set
 * (job variables win, as the runner applies them after its own), and a DOCKER_HOST the job only
 * inherits (global variables, the runner) is not judged on a job that never calls Docker.
 */
function onRunner(job: LintJob, runner: LintRunner | undefined): LintJob {
  const env = runner?.environment ?? {};
  const fromRunner = Object.keys(env).filter((k) => job.variables[k] === undefined);
  const variables = { ...job.variables };
  for (const k of fromRunner) variables[k] = env[k];
  const source = (name: string) => (fromRunner.includes(name) ? 'runner' : job.varSource(name));
  const adjusted: LintJob = {
    ...job,
    variables,
    varSource: source,
    varAt: (name) => (fromRunner.includes(name) ? { file: runner!.file, line: runner!.rootLine('environment') } : job.varAt(name)),
  };
  if (variables.DOCKER_HOST !== undefined && source('DOCKER_HOST') !== 'job' && !callsDocker(adjusted, runner)) delete variables.DOCKER_HOST;
  return adjusted;
}

const jobFindings = (job: LintJob, runner: LintRunner | undefined, repository?: RepositoryPaths): Finding[] => {
  const seen = onRunner(job, runner);
  return JOB_RULES.flatMap((rule) => rule(seen, runner, repository));
};

/**
 * Tags route jobs to runners on the GitLab side, so with several runners lint cannot know which
 * runs a job: it reports a job's problem only when it holds on every runner.
 * `runners` are distinct in their settings (the first first), so this is the same over all of them.
 */
function forJob(job: LintJob, runners: LintRunner[], repository?: RepositoryPaths): Finding[] {
  if (runners.length <= 1) return jobFindings(job, runners[0], repository);
  const perRunner = runners.map((r) => jobFindings(job, r, repository));
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

const asList = (files: SourceFile | SourceFile[] | undefined): SourceFile[] => (files === undefined ? [] : Array.isArray(files) ? files : [files]);

export function lint(files: LintInput): Finding[] {
  const ciFiles = files.ci ? [...(files.included ?? []), files.ci] : [];
  const jobs = ciFiles.length ? lintJobs(new PipelineSources(ciFiles.map((f) => parseYamlSource(f.name, f.text)))) : undefined;
  const runnerFiles = asList(files.runner);
  const runners = runnerFiles.flatMap((f) => lintRunners(f.name, f.text));
  const distinct = distinctRunners(runners);
  const findings = [
    ...(jobs ?? []).flatMap((job) => forJob(job, distinct, files.repository)),
    ...runners.flatMap((r) => RUNNER_RULES.flatMap((rule) => rule(r, jobs))),
  ];
  // Findings in the main pipeline first, then its included files in the order given, then the runner files.
  const fileOrder = [files.ci?.name, ...(files.included ?? []).map((f) => f.name), ...runnerFiles.map((f) => f.name)];
  return unique(findings).sort((a, b) => fileOrder.indexOf(a.file) - fileOrder.indexOf(b.file) || a.line - b.line || a.rule.localeCompare(b.rule));
}
