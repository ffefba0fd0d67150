/** What the rules ask of a job on a runner: derived once here so each rule stays a few lines. */
import { isDindService, isDockerImage, tagVersion } from '../mode-rules';
import { LintJob, LocatedService } from './ci-model';
import { LintRunner } from './runner-model';
import { Finding, Severity, Where } from './types';

export const SOCKET_PATH = '/var/run/docker.sock';

export function finding(rule: string, severity: Severity, where: Where, message: string, fix: string): Finding {
  return { rule, severity, file: where.file, line: where.line, message, fix };
}

export type ExecutorKind = 'docker' | 'kubernetes' | 'shell' | 'other' | undefined;

export function executorKind(runner: LintRunner | undefined): ExecutorKind {
  if (!runner) return undefined;
  const e = runner.executor ?? '';
  if (e === 'shell') return 'shell';
  if (e.startsWith('kubernetes')) return 'kubernetes';
  if (e.startsWith('docker') && e !== 'docker-windows') return 'docker';
  return 'other';
}

/** Services the job gets: its own, plus the runner's `[[runners.*.services]]`; none on the shell executor. */
export function allServices(job: LintJob, runner: LintRunner | undefined): LocatedService[] {
  if (executorKind(runner) === 'shell') return [];
  return [...job.services, ...(runner?.services ?? [])];
}

export const dindServices = (job: LintJob, runner?: LintRunner): LocatedService[] => allServices(job, runner).filter((s) => isDindService(s.name));

/**
 * dind images before Docker 19.03 have no DOCKER_TLS_CERTDIR default: they listen on 2375 without
 * TLS. A floating tag (dind, stable, a variable) is taken as a current image.
 */
export function dindTlsByDefault(service: { name: string }): boolean {
  const version = tagVersion(service.name);
  if (version === undefined) return true;
  const [major, minor] = version.split('.').map(Number);
  // `19-dind` is the newest 19.x, 19.03.
  return major > 19 || (major === 19 && (minor === undefined || minor >= 3));
}

/** The daemon's TLS directory: service variables, then job variables (passed to services), then the image's default. */
export const daemonCertDir = (service: LocatedService, job: LintJob): string =>
  service.variables.DOCKER_TLS_CERTDIR ?? job.variables.DOCKER_TLS_CERTDIR ?? (dindTlsByDefault(service) ? '/certs' : '');

export interface DockerHost {
  scheme: string;
  host: string;
  port?: string;
}

export function dockerHost(job: LintJob): DockerHost | undefined {
  const value = job.variables.DOCKER_HOST;
  const m = value === undefined ? null : /^(\w+):\/\/\[?([^\]/:]*)\]?(?::(\d+))?/.exec(value);
  return m ? { scheme: m[1], host: m[2], port: m[3] } : undefined;
}

export const isLocalHost = (host: string): boolean => host === 'localhost' || host.startsWith('127.') || host === '::1';

/** Container-side paths the runner mounts into the job (and its services). */
export function mountPaths(runner: LintRunner): string[] {
  const docker = runner.volumes.map((v) => {
    const parts = v.split(':');
    return parts.length >= 2 ? parts[1] : parts[0];
  });
  return [...docker, ...runner.emptyDirs, ...runner.hostPaths];
}

export const mounts = (runner: LintRunner, path: string): boolean =>
  mountPaths(runner).some((m) => m.replace(/\/+$/, '') === path || path.startsWith(`${m.replace(/\/+$/, '')}/`));

export const socketBound = (runner: LintRunner | undefined): boolean => runner !== undefined && mountPaths(runner).includes(SOCKET_PATH);

/** Where the socket is bound: the volumes key, or the host_path volume on Kubernetes. */
export function socketLine(runner: LintRunner): number {
  if (runner.table === 'runners.kubernetes') {
    const i = runner.hostPaths.indexOf(SOCKET_PATH);
    return runner.line('mount_path', { table: 'runners.kubernetes.volumes.host_path', index: i });
  }
  return runner.line('volumes');
}

const truthy = (v: string | undefined): boolean => v !== undefined && /^(1|true|yes|on)$/i.test(v);

/** The Docker executor runs the image's entrypoint (which sets DOCKER_HOST and TLS); Kubernetes only with a feature flag. */
export function entrypointRuns(job: LintJob, runner: LintRunner | undefined): boolean {
  if (executorKind(runner) !== 'kubernetes') return true;
  return truthy(runner!.featureFlags.FF_KUBERNETES_HONOR_ENTRYPOINT) || truthy(job.variables.FF_KUBERNETES_HONOR_ENTRYPOINT);
}

/** The job's client image: its own `image:`, else the runner's default image. */
export function clientImage(job: LintJob, runner: LintRunner | undefined): { name: string; where: Where } | undefined {
  if (job.image) return { name: job.image, where: job.imageAt };
  if (runner?.image && runner.table) return { name: runner.image, where: { file: runner.file, line: runner.line('image') } };
  return undefined;
}

export const usesDockerImage = (job: LintJob, runner?: LintRunner): boolean => {
  const image = clientImage(job, runner);
  return image !== undefined && isDockerImage(image.name);
};

const DOCKER_COMMAND = /(^|[\s;&|(`$])(docker|docker-compose|buildx)(\s|$)/m;

/** The job runs Docker commands (or Testcontainers, which talks to the daemon itself). */
export const usesDocker = (job: LintJob): boolean =>
  job.scripts.some((s) => DOCKER_COMMAND.test(s.text)) ||
  Object.keys(job.variables).some((k) => k.startsWith('TESTCONTAINERS_')) ||
  dockerHost(job) !== undefined;

const DOCKER_CLI = /(^|[\s;&|(`$])(docker|docker-compose)(\s|$)/m;

/**
 * The job talks to a Docker daemon: docker commands in its scripts, Testcontainers, a dind
 * service, or the docker image as its client (whose scripts may call docker through a script file).
 */
export const callsDocker = (job: LintJob, runner: LintRunner | undefined): boolean =>
  job.scripts.some((s) => DOCKER_CLI.test(s.text)) ||
  Object.keys(job.variables).some((k) => k.startsWith('TESTCONTAINERS_')) ||
  dindServices(job, runner).length > 0 ||
  usesDockerImage(job, runner);
