import { LintJob } from '../ci-model';
import { LintRunner } from '../runner-model';
import { Finding, RepositoryPaths } from '../types';

/** A rule over one job as it runs on one runner (undefined when no runner config was given); `repository` when a repository folder is linted. */
export type JobRule = (job: LintJob, runner: LintRunner | undefined, repository?: RepositoryPaths) => Finding[];

/** A rule over one runner; `jobs` is undefined when no pipeline was given. */
export type RunnerRule = (runner: LintRunner, jobs: LintJob[] | undefined) => Finding[];
