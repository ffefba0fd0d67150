/** dind's TLS: DOCKER_TLS_CERTDIR, the DOCKER_HOST port and the shared /certs/client must agree. */
import { serviceHostnames } from '../../mode-rules';
import { LintJob } from '../ci-model';
import { daemonCertDir, dindServices, dockerHost, executorKind, finding, isLocalHost, mounts } from '../facts';
import { LintRunner } from '../runner-model';
import { Finding } from '../types';

export function dindTlsPortMismatch(job: LintJob, runner: LintRunner | undefined): Finding[] {
  const host = dockerHost(job);
  if (!host || host.scheme !== 'tcp' || !host.port) return [];
  const dind = dindServices(job, runner);
  // The one dind service is meant even when its alias is wrong (dind-service-alias reports that).
  const service =
    dind.find((s) => serviceHostnames(s).includes(host.host) || isLocalHost(host.host)) ?? (dind.length === 1 && host.host === 'docker' ? dind[0] : undefined);
  if (!service) return [];
  const certDir = daemonCertDir(service, job);
  const where = job.varAt('DOCKER_HOST');
  if (certDir !== '' && host.port === '2375') {
    return [
      finding(
        'dind-tls-port-mismatch',
        'error',
        where,
        `DOCKER_HOST uses port 2375 (plain TCP), but DOCKER_TLS_CERTDIR is "${certDir}"${job.variables.DOCKER_TLS_CERTDIR === undefined ? ' (the image default)' : ''}, so dind listens with TLS on 2376 only`,
        'either DOCKER_HOST: tcp://docker:2376 with TLS (runner volume /certs/client), or DOCKER_TLS_CERTDIR: "" to turn TLS off',
      ),
    ];
  }
  if (certDir === '' && host.port === '2376') {
    const why = service.variables.DOCKER_TLS_CERTDIR ?? job.variables.DOCKER_TLS_CERTDIR;
    const cause = why === undefined ? `the dind image ${service.name} is older than Docker 19.03, which has no TLS by default` : 'DOCKER_TLS_CERTDIR is ""';
    return [
      finding(
        'dind-tls-port-mismatch',
        'error',
        where,
        `DOCKER_HOST uses port 2376 (TLS), but ${cause}, so dind listens on 2375 without TLS`,
        'either DOCKER_TLS_CERTDIR: "/certs" (and the /certs/client runner volume), or DOCKER_HOST: tcp://docker:2375',
      ),
    ];
  }
  return [];
}

export function dindTlsCertsNotShared(job: LintJob, runner: LintRunner | undefined): Finding[] {
  const kind = executorKind(runner);
  if (!runner || (kind !== 'docker' && kind !== 'kubernetes')) return [];
  const host = dockerHost(job);
  if (host && host.scheme !== 'tcp') return [];
  const service = dindServices(job, runner).find((s) => daemonCertDir(s, job) !== '');
  if (!service) return [];
  const certDir = daemonCertDir(service, job);
  const clientCerts = `${certDir.replace(/\/+$/, '')}/client`;
  if (mounts(runner, clientCerts)) return [];
  const where = runner.at(kind === 'docker' ? 'volumes' : undefined);
  const fix =
    kind === 'docker'
      ? `add "${clientCerts}" to volumes in [runners.docker]`
      : `add [[runners.kubernetes.volumes.empty_dir]] with mount_path = "${clientCerts}" and medium = "Memory"`;
  return [
    finding(
      'dind-tls-certs-not-shared',
      'error',
      where,
      `dind runs with TLS (DOCKER_TLS_CERTDIR "${certDir}"), but the runner does not share ${clientCerts} with the job: the client has no certificates and cannot connect`,
      `${fix}, or turn TLS off with DOCKER_TLS_CERTDIR: "" and DOCKER_HOST: tcp://docker:2375`,
    ),
  ];
}

/** `tls_verify` in [runners.docker] is the runner's own link to the host daemon, not dind's TLS. */
export function runnerTlsVerify(runner: LintRunner): Finding[] {
  if (runner.table !== 'runners.docker' || runner.tlsVerify !== true) return [];
  if (runner.host !== undefined && /^tcp:\/\//.test(runner.host)) return [];
  return [
    finding(
      'runner-tls-verify',
      'warning',
      runner.at('tls_verify'),
      "tls_verify = true asks the runner to talk TLS to the host's own Docker daemon (over its local socket); it does not turn on TLS for dind, and the runner may fail to reach the host daemon",
      'set tls_verify = false; dind TLS is DOCKER_TLS_CERTDIR: "/certs" in the pipeline plus the /certs/client volume',
    ),
  ];
}

/** dind's server certificate names `docker`, `localhost` and the container's own names; another alias fails verification. */
export function dindTlsHostname(job: LintJob, runner: LintRunner | undefined): Finding[] {
  const host = dockerHost(job);
  if (!host || host.scheme !== 'tcp' || host.host === 'docker' || isLocalHost(host.host) || host.port === '2375') return [];
  const service = dindServices(job, runner).find((s) => serviceHostnames(s).includes(host.host));
  if (!service || daemonCertDir(service, job) === '') return [];
  const san = service.variables.DOCKER_TLS_SAN ?? job.variables.DOCKER_TLS_SAN ?? '';
  if (san.split(',').some((entry) => entry.trim() === `DNS:${host.host}`)) return [];
  return [
    finding(
      'dind-tls-hostname',
      'error',
      job.varAt('DOCKER_HOST'),
      `DOCKER_HOST reaches dind as "${host.host}", but its TLS certificate is made for "docker" and "localhost": the client fails with "x509: certificate is valid for ... docker, localhost, not ${host.host}"`,
      `use DOCKER_HOST: tcp://docker:2376 with alias docker, or give the service variables: { DOCKER_TLS_SAN: "DNS:${host.host}" }`,
    ),
  ];
}
