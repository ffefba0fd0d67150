/** A dind service and what it needs from the runner and the job. */
import { isDindService, majorOfVersion, parseImage, serviceHostnames, servicePrivileged, tagVersion } from '../../mode-rules';
import { FIRST_MAJOR_WITH_CLI_TAG } from '../../versions';
import { LintJob } from '../ci-model';
import { dindServices, dockerHost, entrypointRuns, executorKind, finding, mounts, socketBound, socketLine, usesDockerImage } from '../facts';
import { LintRunner } from '../runner-model';
import { Finding } from '../types';

const SERVICE_CONTEXT = 'runners.kubernetes.service_container_security_context';

/** A pattern the runner matches the expanded image name with: the Dependency Proxy's prefix is GitLab's to fill in. */
function allowPattern(image: string): string {
  if (/^\$\{?CI_DEPENDENCY_PROXY_/.test(image)) return '**/dependency_proxy/containers/docker:*-dind';
  return `${parseImage(image).prefix}docker:*-dind`;
}

/** `services`: the dind services' images, held to allowed_privileged_services where the runner has one. */
function privilegedProblem(runner: LintRunner, services: string[]): Finding | undefined {
  const kind = executorKind(runner);
  if (kind !== 'docker' && kind !== 'kubernetes') return undefined;
  // Sysbox runs a daemon in an unprivileged container: that is its purpose.
  if (runner.runtime?.startsWith('sysbox')) return undefined;
  // Services follow services_privileged (kubernetes: the service containers' security context), else privileged.
  const privileged = runner.servicesPrivileged ?? runner.privileged;
  if (privileged) {
    if (kind !== 'docker' || runner.allowedPrivilegedServices.length === 0) return undefined;
    const docker = {
      privileged: runner.privileged,
      services_privileged: runner.servicesPrivileged,
      allowed_privileged_services: runner.allowedPrivilegedServices,
    };
    const outside = services.find((name) => !servicePrivileged({ docker }, name));
    if (outside === undefined) return undefined;
    return finding(
      'dind-needs-privileged',
      'error',
      runner.at('allowed_privileged_services'),
      `the dind service ${outside} is not in allowed_privileged_services of [${runner.table}]: it runs unprivileged and its daemon cannot start`,
      `add a pattern for it to allowed_privileged_services, such as ${JSON.stringify(allowPattern(outside))}`,
    );
  }
  const inContext = kind === 'kubernetes' && runner.servicesPrivileged !== undefined;
  const key = kind === 'docker' && runner.servicesPrivileged !== undefined ? 'services_privileged' : 'privileged';
  const table = inContext ? SERVICE_CONTEXT : runner.table;
  const value = key === 'privileged' && !inContext ? runner.privileged : runner.servicesPrivileged;
  const line = inContext ? runner.line('privileged', { table: SERVICE_CONTEXT }) : runner.line(key);
  return finding(
    'dind-needs-privileged',
    'error',
    { file: runner.file, line },
    `a docker:dind service runs here, but ${key} is ${value ?? 'not set'} in [${table}]: the daemon cannot start`,
    `set ${key} = true in [${table}] (and use this runner for trusted projects only)`,
  );
}

export function dindNeedsPrivileged(job: LintJob, runner: LintRunner | undefined): Finding[] {
  const dind = dindServices(job, runner);
  if (!runner || dind.length === 0) return [];
  const problem = privilegedProblem(
    runner,
    dind.map((s) => s.name),
  );
  return problem ? [problem] : [];
}

function conflict(runner: LintRunner): Finding {
  return finding(
    'dind-socket-conflict',
    'error',
    { file: runner.file, line: socketLine(runner) },
    'a docker:dind service and the bound Docker socket conflict: the runner mounts /var/run/docker.sock into services too, so dind cannot create its own socket',
    'pick one mode: remove /var/run/docker.sock from the volumes (dind), or drop the dind service (socket binding)',
  );
}

export function dindSocketConflict(job: LintJob, runner: LintRunner | undefined): Finding[] {
  return runner && socketBound(runner) && dindServices(job, runner).length > 0 ? [conflict(runner)] : [];
}

/** The host the client will dial: DOCKER_HOST's, or the image entrypoint's fallback `docker`. */
function targetHost(job: LintJob, runner: LintRunner | undefined): string | undefined {
  const host = dockerHost(job);
  if (host) return host.scheme === 'tcp' ? host.host : undefined;
  return job.variables.DOCKER_HOST === undefined && usesDockerImage(job, runner) && entrypointRuns(job, runner) ? 'docker' : undefined;
}

export function dindServiceAlias(job: LintJob, runner: LintRunner | undefined): Finding[] {
  const dind = dindServices(job, runner);
  if (targetHost(job, runner) !== 'docker' || dind.length === 0) return [];
  if (dind.some((s) => serviceHostnames(s).includes('docker'))) return [];
  return dind
    .filter((s) => parseImage(s.name).prefix !== '')
    .map((s) =>
      finding(
        'dind-service-alias',
        'error',
        s,
        `the dind service ${s.name} comes through a registry path, so its host name is not "docker" and the client cannot find it`,
        'write the service as `- name: ' + s.name + '` with `alias: docker`',
      ),
    );
}

export function dindDockerHostUnset(job: LintJob, runner: LintRunner | undefined): Finding[] {
  const dind = dindServices(job, runner);
  if (dind.length === 0 || job.variables.DOCKER_HOST !== undefined) return [];
  const fix = 'set DOCKER_HOST: tcp://docker:2376 (TLS) or tcp://docker:2375 (DOCKER_TLS_CERTDIR: "") in the job variables';
  if (!entrypointRuns(job, runner)) {
    return [
      finding(
        'dind-docker-host-unset',
        'error',
        dind[0],
        'DOCKER_HOST is not set, and the Kubernetes executor does not run the image entrypoint that would set it: the client looks for /var/run/docker.sock and fails',
        fix,
      ),
    ];
  }
  if (!usesDockerImage(job, runner) && (job.image !== undefined || runner !== undefined)) {
    return [
      finding(
        'dind-docker-host-unset',
        'warning',
        dind[0],
        'DOCKER_HOST is not set and the job image is not the docker image (whose entrypoint would set it): the client will look for /var/run/docker.sock',
        fix,
      ),
    ];
  }
  return [];
}

/** Runner-level dind services need the same as a job's. */
export function runnerDind(runner: LintRunner): Finding[] {
  const dind = runner.services.filter((s) => isDindService(s.name));
  if (dind.length === 0) return [];
  const out: Finding[] = [];
  const problem = privilegedProblem(
    runner,
    dind.map((s) => s.name),
  );
  if (problem) out.push(problem);
  if (socketBound(runner)) out.push(conflict(runner));
  return out;
}

/** DOCKER_HOST=unix://DIR/docker.sock with dind: dind makes its socket in DIR, which the runner must share with the job. */
export function dindUnixSocketNotShared(job: LintJob, runner: LintRunner | undefined): Finding[] {
  const host = dockerHost(job);
  const kind = executorKind(runner);
  if (!runner || (kind !== 'docker' && kind !== 'kubernetes') || host?.scheme !== 'unix' || dindServices(job, runner).length === 0) return [];
  const socket = job.variables.DOCKER_HOST.slice('unix://'.length);
  const dir = socket.slice(0, socket.lastIndexOf('/')) || '/';
  if (socketBound(runner) || mounts(runner, dir)) return [];
  const fix = kind === 'docker' ? `add "${dir}" to volumes in [runners.docker]` : `add an empty_dir volume with mount_path = "${dir}"`;
  return [
    finding(
      'dind-unix-socket-not-shared',
      'error',
      job.varAt('DOCKER_HOST'),
      `DOCKER_HOST is ${job.variables.DOCKER_HOST}, but the runner does not share ${dir} between the dind service and the job: the socket dind creates there stays in the service container`,
      `${fix}, or use DOCKER_HOST: tcp://docker:2376`,
    ),
  ];
}

/** The client image of the same version: `-cli` from Docker 23 on, the plain version tag before. */
function clientOf(dindImage: string): string {
  const version = tagVersion(dindImage);
  if (version === undefined) return dindImage.replace(/:[^/]*$/, ':cli');
  return dindImage.replace(/-dind[^/]*$/, majorOfVersion(version) >= FIRST_MAJOR_WITH_CLI_TAG ? '-cli' : '');
}

/** The job starts dockerd itself (`dockerd &`, `dockerd-entrypoint.sh &`): then a dind job image has its daemon. */
const STARTS_DAEMON = /(^|[\s;&|(/])(dockerd|dockerd-entrypoint\.sh)(\s|$)/m;
const DOCKER_CALL = /(^|[\s;&|(`$])docker(\s|$)/m;

/**
 * `image: docker:dind` with no dind service: the runner runs the job's shell through the image's
 * entrypoint, which then only execs the shell; no daemon starts, and `docker` finds nothing.
 */
export function dindImageAsJobImage(job: LintJob, runner: LintRunner | undefined): Finding[] {
  if (!job.image || !isDindService(job.image) || job.variables.DOCKER_HOST !== undefined) return [];
  const kind = executorKind(runner);
  if (kind === 'shell' || socketBound(runner) || dindServices(job, runner).length > 0) return [];
  if (!job.scripts.some((s) => DOCKER_CALL.test(s.text)) || job.scripts.some((s) => STARTS_DAEMON.test(s.text))) return [];
  const message = `the job image ${job.image} is the daemon's image, but no dind service runs beside it and DOCKER_HOST is not set: as a job image its entrypoint starts no daemon, so docker finds none ("Cannot connect to the Docker daemon")`;
  const fix = `use ${clientOf(job.image)} as the image and add the dind image as a service (services: [{ name: ${job.image}, alias: docker }])`;
  // Without the runner config, a runner binding the host's socket would make it work: a warning only.
  return [
    finding(
      'dind-image-as-job-image',
      runner ? 'error' : 'warning',
      job.imageAt,
      runner ? message : `${message}, unless the runner binds the host's Docker socket`,
      fix,
    ),
  ];
}
