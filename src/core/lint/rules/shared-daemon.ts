/** Socket binding and the shell executor: one daemon shared by every job on the host. */
import { LintJob } from '../ci-model';
import { dindServices, dockerHost, executorKind, finding, SOCKET_PATH, socketBound, socketLine, usesDocker } from '../facts';
import { LintRunner } from '../runner-model';
import { Finding } from '../types';

const FIXED_NAME = /\bdocker\s+(?:container\s+)?(?:run|create)\b.*?\s--name(?:=|\s+)(["']?)([^\s"']+)\1/;

/** The job's docker commands reach the host's daemon, shared with concurrent jobs. */
function sharesHostDaemon(job: LintJob, runner: LintRunner | undefined): boolean {
  if (dindServices(job, runner).length > 0) return false;
  if (runner) return socketBound(runner) || executorKind(runner) === 'shell';
  const host = dockerHost(job);
  return host !== undefined && job.variables.DOCKER_HOST === `unix://${SOCKET_PATH}`;
}

export function fixedContainerName(job: LintJob, runner: LintRunner | undefined): Finding[] {
  if (!sharesHostDaemon(job, runner)) return [];
  return job.scripts.flatMap((s) => {
    const m = FIXED_NAME.exec(s.text);
    if (!m || m[2].includes('$')) return [];
    return [finding('socket-fixed-container-name', 'warning', { file: s.file, line: s.line }, `the container name "${m[2]}" is fixed, and this job shares the host's Docker daemon: two concurrent jobs clash ("name is already in use")`, 'make the name unique per job, e.g. --name "' + m[2] + '-$CI_JOB_ID", or drop --name')];
  });
}

export function shellExecutorServices(job: LintJob, runner: LintRunner | undefined): Finding[] {
  if (executorKind(runner) !== 'shell' || job.services.length === 0) return [];
  return [finding('shell-executor-services', 'warning', job.servicesAt, `the shell executor ignores services (${job.services.map((s) => s.name).join(', ')}): no container starts, so no dind daemon either`, 'remove services; on the shell executor jobs use the host\'s Docker (gitlab-runner in the docker group)')];
}

export function shellExecutorImage(job: LintJob, runner: LintRunner | undefined): Finding[] {
  if (executorKind(runner) !== 'shell' || job.image === undefined) return [];
  return [finding('shell-executor-image', 'warning', job.imageAt, `the shell executor ignores image (${job.image}): jobs run directly on the host`, 'remove image, or run this job on a Docker executor runner')];
}

export function socketBoundUnused(runner: LintRunner, jobs: LintJob[] | undefined): Finding[] {
  if (!jobs || jobs.length === 0 || !socketBound(runner) || jobs.some(usesDocker)) return [];
  return [finding('socket-bound-unused', 'warning', { file: runner.file, line: socketLine(runner) }, 'the runner binds the host\'s Docker socket, but no job of this pipeline uses Docker: every job gets root-equal control of the host for nothing', 'remove /var/run/docker.sock from the volumes (keep it only on a runner for jobs that build images)')];
}
