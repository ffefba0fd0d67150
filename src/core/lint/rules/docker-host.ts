/** DOCKER_HOST must name a daemon the job can reach. */
import { isDindService, parseImage, serviceHostnames } from '../../mode-rules';
import { LintJob } from '../ci-model';
import { allServices, dockerHost, executorKind, finding, isLocalHost, SOCKET_PATH, socketBound } from '../facts';
import { LintRunner } from '../runner-model';
import { Finding } from '../types';

const isIp = (host: string): boolean => /^[\d.]+$/.test(host) || host.includes(':');

function looksLikeServiceName(host: string, runner: LintRunner | undefined): boolean {
  if (host === 'docker' || /dind/.test(host)) return true;
  // A single-label name on the Docker executor can only come from a service or extra_hosts;
  // on Kubernetes it may be a cluster Service, so only the classic names are judged there.
  return executorKind(runner) === 'docker' && !host.includes('.') && !runner!.extraHosts.some((h) => h.split(':')[0] === host);
}

export function dockerHostNoService(job: LintJob, runner: LintRunner | undefined): Finding[] {
  const host = dockerHost(job);
  if (!host || host.scheme !== 'tcp' || host.host === '' || host.host.includes('$') || isLocalHost(host.host) || isIp(host.host)) return [];
  const services = allServices(job, runner);
  if (services.some((s) => serviceHostnames(s).includes(host.host))) return [];
  // A dind service that only lacks its alias is reported by dind-service-alias, with the exact fix.
  if (host.host === 'docker' && services.some((s) => isDindService(s.name) && parseImage(s.name).prefix !== '')) return [];
  if (!looksLikeServiceName(host.host, runner)) return [];
  const where = job.varAt('DOCKER_HOST');
  if (executorKind(runner) === 'shell') {
    return [
      finding(
        'docker-host-no-service',
        'error',
        where,
        `DOCKER_HOST points at "${host.host}", but the shell executor starts no services: nothing answers there`,
        "remove DOCKER_HOST so the client uses the host's daemon (unix:///var/run/docker.sock)",
      ),
    ];
  }
  const names = services.map((s) => s.alias ?? s.name);
  return [
    finding(
      'docker-host-no-service',
      'error',
      where,
      `DOCKER_HOST points at "${host.host}", but no service of this job has that name${names.length ? ` (services: ${names.join(', ')})` : ''}`,
      `add a docker:<version>-dind service with alias: ${host.host}, or point DOCKER_HOST at the daemon you mean`,
    ),
  ];
}

export function dockerHostLocalhost(job: LintJob, runner: LintRunner | undefined): Finding[] {
  const host = dockerHost(job);
  const kind = executorKind(runner);
  if (!host || host.scheme !== 'tcp' || !isLocalHost(host.host) || kind === 'kubernetes' || kind === 'shell') return [];
  if (!allServices(job, runner).some((s) => isDindService(s.name))) return [];
  const where = job.varAt('DOCKER_HOST');
  const fix = `use DOCKER_HOST: tcp://docker:${host.port ?? '2376'} (the service's alias)`;
  if (kind === 'docker') {
    return [
      finding(
        'docker-host-localhost',
        'error',
        where,
        `DOCKER_HOST is ${job.variables.DOCKER_HOST}, but on the Docker executor the dind service runs in its own container: localhost is the job container`,
        fix,
      ),
    ];
  }
  return [
    finding(
      'docker-host-localhost',
      'warning',
      where,
      `DOCKER_HOST is ${job.variables.DOCKER_HOST}: that reaches the dind service only on the Kubernetes executor (one pod); on the Docker executor it is the job container`,
      `${fix}, unless this pipeline runs only on Kubernetes`,
    ),
  ];
}

/**
 * The runner's `environment` sets DOCKER_HOST for every job that does not set its own, while the
 * runner binds the host's socket: those jobs dial that host, not the socket bound for them.
 */
export function runnerEnvDockerHost(runner: LintRunner): Finding[] {
  const host = runner.environment.DOCKER_HOST;
  if (host === undefined || !socketBound(runner) || host === `unix://${SOCKET_PATH}` || host.includes('$')) return [];
  return [
    finding(
      'runner-env-docker-host',
      'warning',
      { file: runner.file, line: runner.rootLine('environment') },
      `the runner binds /var/run/docker.sock, but its environment sets DOCKER_HOST=${host} for every job that does not set its own: those jobs dial ${host}, not the bound socket`,
      'remove DOCKER_HOST from environment (the client uses the bound socket by default), or drop the socket volume if jobs are meant to use that host',
    ),
  ];
}
