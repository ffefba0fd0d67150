/** Socket binding and the shell executor: one daemon shared by every job on the host. */
import { LintJob } from '../ci-model';
import { dindServices, dockerHost, executorKind, finding, SOCKET_PATH, socketBound, socketLine, usesDocker } from '../facts';
import { LintRunner } from '../runner-model';
import { Finding } from '../types';

const FIXED_NAME = /\bdocker\s+(?:container\s+)?(?:run|create)\b.*?\s--name(?:=|\s+)(["']?)([^\s"']+)\1/;
const FIXED_NETWORK = /\bdocker\s+network\s+create\b(?:\s+(?:--?[\w-]+(?:[=\s]+(?!-)\S+)?))*?\s+(["']?)([A-Za-z0-9][\w.-]*)\1\s*(?:$|[;&|])/;
/** Tags people give shell-executor runners. */
const SHELL_TAG = /(^|[-_ ])shell($|[-_ ])/i;

/**
 * The job's docker commands reach the host's daemon, shared with concurrent jobs. Without the
 * runner config: DOCKER_HOST names the host's socket, a `shell` tag, or a docker-calling job with
 * no image, no services and no DOCKER_HOST (the shell executor, or a runner that binds the socket).
 */
function sharesHostDaemon(job: LintJob, runner: LintRunner | undefined): boolean {
  if (dindServices(job, runner).length > 0) return false;
  if (runner) return socketBound(runner) || executorKind(runner) === 'shell';
  const host = job.variables.DOCKER_HOST;
  if (host !== undefined) return dockerHost(job) !== undefined && host === `unix://${SOCKET_PATH}`;
  return job.tags.some((t) => SHELL_TAG.test(t)) || (job.image === undefined && job.services.length === 0);
}

/** `docker compose up|run|create` names its containers after the project, by default the checkout folder's name: the same in every concurrent job of the project. */
const COMPOSE_UP = /\bdocker[ -]compose\b(?![^\n;&|]*\s(?:-p|--project-name)(?:[=\s]|$))[^\n;&|]*\s(up|run|create)\b/;

type FixedName = { kind: 'container' | 'network' | 'compose'; name: string };

function fixedNames(text: string): FixedName[] {
  const out: FixedName[] = [];
  for (const line of text.split('\n')) {
    if (COMPOSE_UP.test(line)) out.push({ kind: 'compose', name: 'docker compose' });
    const c = FIXED_NAME.exec(line);
    if (c && !c[2].includes('$')) out.push({ kind: 'container', name: c[2] });
    const n = FIXED_NETWORK.exec(line);
    // `|| true` means the job expects the network to exist already: shared on purpose.
    if (n && !n[2].includes('$') && !line.includes('||')) out.push({ kind: 'network', name: n[2] });
  }
  return out;
}

/**
 * A job that first removes or stops the container of that name (`docker rm -f app`, `docker stop
 * app`) replaces it on purpose: a deployment to the host, not a clash.
 */
function replacedOnPurpose(job: LintJob, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const removal = new RegExp(`\\bdocker\\s+(?:container\\s+)?(?:rm|stop|kill)\\b[^\\n;&|]*\\s["']?${escaped}["']?(?=\\s|$|[;&|])`, 'm');
  return job.scripts.some((s) => removal.test(s.text));
}

const composeProjectSet = (job: LintJob): boolean =>
  job.variables.COMPOSE_PROJECT_NAME !== undefined || job.scripts.some((s) => /\bCOMPOSE_PROJECT_NAME=/.test(s.text));

export function fixedContainerName(job: LintJob, runner: LintRunner | undefined): Finding[] {
  if (job.deploys || !job.scripts.some((s) => /\bdocker[\s-]/.test(s.text)) || !sharesHostDaemon(job, runner)) return [];
  return job.scripts.flatMap((s) =>
    fixedNames(s.text)
      .filter((n) => (n.kind === 'compose' ? !composeProjectSet(job) : n.kind !== 'container' || !replacedOnPurpose(job, n.name)))
      .map(({ kind, name }) =>
        kind === 'container'
          ? finding(
              'socket-fixed-container-name',
              'warning',
              s,
              `the container name "${name}" is fixed, and this job shares the host's Docker daemon: two concurrent jobs clash ("name is already in use")`,
              'make the name unique per job, e.g. --name "' + name + '-$CI_JOB_ID", or drop --name',
            )
          : kind === 'compose'
            ? finding(
                'socket-fixed-container-name',
                'warning',
                s,
                "docker compose names its containers and network after the project, by default the checkout folder's name, the same for every concurrent job of this project, and this job shares the host's Docker daemon: concurrent jobs take over each other's containers",
                'give each job its own project: docker compose -p "$CI_PROJECT_PATH_SLUG-$CI_JOB_ID" ..., or variables: COMPOSE_PROJECT_NAME: "$CI_PROJECT_PATH_SLUG-$CI_JOB_ID"',
              )
            : finding(
                'socket-fixed-container-name',
                'warning',
                s,
                `the network name "${name}" is fixed, and this job shares the host's Docker daemon: two concurrent jobs clash ("network with name ${name} already exists")`,
                `make the name unique per job, e.g. docker network create "${name}-$CI_JOB_ID"`,
              ),
      ),
  );
}

export function shellExecutorServices(job: LintJob, runner: LintRunner | undefined): Finding[] {
  if (executorKind(runner) !== 'shell' || job.services.length === 0) return [];
  return [
    finding(
      'shell-executor-services',
      'warning',
      job.servicesAt,
      `the shell executor ignores services (${job.services.map((s) => s.name).join(', ')}): no container starts, so no dind daemon either`,
      "remove services; on the shell executor jobs use the host's Docker (gitlab-runner in the docker group)",
    ),
  ];
}

export function shellExecutorImage(job: LintJob, runner: LintRunner | undefined): Finding[] {
  if (executorKind(runner) !== 'shell' || job.image === undefined) return [];
  return [
    finding(
      'shell-executor-image',
      'warning',
      job.imageAt,
      `the shell executor ignores image (${job.image}): jobs run directly on the host`,
      'remove image, or run this job on a Docker executor runner',
    ),
  ];
}

export function socketBoundUnused(runner: LintRunner, jobs: LintJob[] | undefined): Finding[] {
  if (!jobs || jobs.length === 0 || !socketBound(runner) || jobs.some(usesDocker)) return [];
  return [
    finding(
      'socket-bound-unused',
      'warning',
      { file: runner.file, line: socketLine(runner) },
      "the runner binds the host's Docker socket, but no job of this pipeline uses Docker: every job gets root-equal control of the host for nothing",
      'remove /var/run/docker.sock from the volumes (keep it only on a runner for jobs that build images)',
    ),
  ];
}
