/** dind on the Kubernetes executor: no entrypoint, no readiness wait unless asked. */
import { isDockerImage } from '../../mode-rules';
import { LintJob } from '../ci-model';
import { daemonCertDir, dindServices, dockerHost, entrypointRuns, executorKind, finding } from '../facts';
import { LintRunner } from '../runner-model';
import { Finding } from '../types';

export function k8sDindTlsEnv(job: LintJob, runner: LintRunner | undefined): Finding[] {
  if (executorKind(runner) !== 'kubernetes' || entrypointRuns(job, runner)) return [];
  const host = dockerHost(job);
  if (host && host.scheme !== 'tcp') return [];
  const service = dindServices(job, runner).find((s) => daemonCertDir(s, job) !== '');
  if (!service) return [];
  const missing = ['DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH'].filter((k) => job.variables[k] === undefined);
  if (missing.length === 0) return [];
  const key = job.variables.DOCKER_TLS_CERTDIR !== undefined ? 'DOCKER_TLS_CERTDIR' : 'DOCKER_HOST';
  const where = job.variables[key] !== undefined ? job.varAt(key) : service;
  return [
    finding(
      'k8s-dind-tls-env',
      'error',
      where,
      `dind runs with TLS on the Kubernetes executor, which does not run the image entrypoint that sets ${missing.join(' and ')}: the client talks plain HTTP to the TLS port`,
      'set DOCKER_TLS_VERIFY: 1 and DOCKER_CERT_PATH: "$DOCKER_TLS_CERTDIR/client" in the job variables',
    ),
  ];
}

export function k8sDindHealthcheck(job: LintJob, runner: LintRunner | undefined): Finding[] {
  if (executorKind(runner) !== 'kubernetes') return [];
  return dindServices(job, runner)
    .filter((s) => s.variables.HEALTHCHECK_TCP_PORT === undefined && job.variables.HEALTHCHECK_TCP_PORT === undefined)
    .map((s) => {
      const port = daemonCertDir(s, job) === '' ? '2375' : '2376';
      return finding(
        'k8s-dind-healthcheck',
        'warning',
        s,
        'the dind service has no HEALTHCHECK_TCP_PORT: on Kubernetes the job may start before the daemon listens ("Cannot connect to the Docker daemon", now and then)',
        `give the service variables: { HEALTHCHECK_TCP_PORT: "${port}" } (GitLab Runner 16.9 and later wait for it)`,
      );
    });
}

/**
 * The same gap off Kubernetes: a client image other than docker (docker/compose, a custom one) has
 * no entrypoint that turns TLS on, so a TLS daemon needs the variables set by hand.
 */
export function dindTlsClientEnv(job: LintJob, runner: LintRunner | undefined): Finding[] {
  if (!entrypointRuns(job, runner) || job.image === undefined || isDockerImage(job.image)) return [];
  const host = dockerHost(job);
  if (!host || host.scheme !== 'tcp' || host.port === '2375') return [];
  if (!dindServices(job, runner).some((s) => daemonCertDir(s, job) !== '')) return [];
  const missing = ['DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH'].filter((k) => job.variables[k] === undefined);
  if (missing.length === 0) return [];
  return [
    finding(
      'dind-tls-client-env',
      'warning',
      job.varAt('DOCKER_HOST'),
      `the job image ${job.image} is not the docker image, whose entrypoint would set ${missing.join(' and ')} for TLS: unless this image sets them, the client cannot talk to dind's TLS port`,
      'set DOCKER_TLS_VERIFY: 1 and DOCKER_CERT_PATH: "$DOCKER_TLS_CERTDIR/client" in the job variables',
    ),
  ];
}
