/** Every lint rule, with the id, severity and one-line summary docs/lint-rules.md shows (one section per rule). */
import { buildPathMissing } from './build-paths';
import { buildahStorageDriver, builderPrivilegedUnneeded, buildkitNoProcessSandbox, buildkitSecurityOpt, kanikoArchived } from './builders';
import {
  dindDockerHostUnset,
  dindImageAsJobImage,
  dindNeedsPrivileged,
  dindServiceAlias,
  dindSocketConflict,
  dindUnixSocketNotShared,
  runnerDind,
} from './dind';
import { dockerHostLocalhost, dockerHostNoService, runnerEnvDockerHost } from './docker-host';
import { loginPasswordArgument, maskedTagCommand } from './scripts';
import { dindTlsClientEnv, k8sDindHealthcheck, k8sDindTlsEnv } from './kubernetes';
import { fixedContainerName, shellExecutorImage, shellExecutorServices, socketBoundUnused } from './shared-daemon';
import { dindTlsCertsNotShared, dindTlsHostname, dindTlsPortMismatch, runnerTlsVerify } from './tls';
import { JobRule, RunnerRule } from './types';
import { clientTooOld, imageEndOfLife, imageUnpinned, runnerImageEndOfLife, runnerImageUnpinned, versionMismatch } from './versions';

export interface RuleInfo {
  id: string;
  severity: 'error' | 'warning' | 'error or warning';
  summary: string;
}

export const RULES: readonly RuleInfo[] = [
  { id: 'dind-needs-privileged', severity: 'error', summary: 'a docker:dind service on a runner that is not privileged' },
  { id: 'dind-socket-conflict', severity: 'error', summary: 'a dind service on a runner that binds /var/run/docker.sock (mounted into services too)' },
  { id: 'dind-tls-port-mismatch', severity: 'error', summary: 'DOCKER_HOST port 2375 while DOCKER_TLS_CERTDIR turns TLS on (or 2376 with TLS off)' },
  { id: 'dind-tls-certs-not-shared', severity: 'error', summary: 'dind with TLS but no /certs/client volume (Docker) or empty_dir (Kubernetes) on the runner' },
  {
    id: 'dind-unix-socket-not-shared',
    severity: 'error',
    summary: 'DOCKER_HOST unix://DIR/docker.sock with a dind service, but DIR is not a runner volume shared with the job',
  },
  {
    id: 'dind-tls-hostname',
    severity: 'error',
    summary: 'TLS dind reached through an alias other than docker (the certificate names docker and localhost) without DOCKER_TLS_SAN',
  },
  { id: 'dind-service-alias', severity: 'error', summary: 'dind pulled through a registry path without alias: docker, while the client dials docker' },
  {
    id: 'dind-docker-host-unset',
    severity: 'error or warning',
    summary: 'dind without DOCKER_HOST where no entrypoint sets it (Kubernetes: error; a non-docker job image: warning)',
  },
  {
    id: 'dind-image-as-job-image',
    severity: 'error or warning',
    summary: 'a docker:dind image as the job image with no dind service and no DOCKER_HOST: no daemon starts (runner unknown: warning)',
  },
  {
    id: 'docker-host-no-service',
    severity: 'error',
    summary: 'DOCKER_HOST names a host no service provides (e.g. tcp://docker:2376 with no dind service, or on the shell executor)',
  },
  {
    id: 'docker-host-localhost',
    severity: 'error or warning',
    summary: 'DOCKER_HOST tcp://localhost with a dind service on the Docker executor (error; runner unknown: warning)',
  },
  { id: 'docker-client-too-old', severity: 'error', summary: 'a client older than Docker 25 with a Docker 29 (or floating) dind daemon, which refuses it' },
  { id: 'docker-version-mismatch', severity: 'warning', summary: 'CLI image and dind service of different Docker versions or registries' },
  {
    id: 'docker-image-unpinned',
    severity: 'warning',
    summary: 'docker:latest, docker:dind, docker:cli, docker:stable... in the pipeline or the runner config (the fix pins the version the other side uses)',
  },
  { id: 'docker-version-eol', severity: 'warning', summary: 'a Docker image before 24 (20.10, 19.03...): past its end of life, no security fixes' },
  { id: 'k8s-dind-tls-env', severity: 'error', summary: 'TLS dind on Kubernetes without DOCKER_TLS_VERIFY/DOCKER_CERT_PATH (no entrypoint sets them)' },
  {
    id: 'dind-tls-client-env',
    severity: 'warning',
    summary: 'TLS dind with a client image other than docker (e.g. docker/compose) and no DOCKER_TLS_VERIFY/DOCKER_CERT_PATH',
  },
  { id: 'k8s-dind-healthcheck', severity: 'warning', summary: 'dind service on Kubernetes without HEALTHCHECK_TCP_PORT (the job may start before the daemon)' },
  {
    id: 'socket-fixed-container-name',
    severity: 'warning',
    summary:
      'docker run --name NAME, docker network create NAME or docker compose up without a project name on a shared host daemon (socket binding, shell executor; without the runner config: no image, or a shell tag), outside deploy jobs: concurrent jobs clash',
  },
  { id: 'socket-bound-unused', severity: 'warning', summary: 'the Docker socket is bound but no job of the pipeline uses Docker' },
  { id: 'shell-executor-services', severity: 'warning', summary: 'services on the shell executor (ignored: no dind starts)' },
  { id: 'shell-executor-image', severity: 'warning', summary: 'image on the shell executor (ignored)' },
  { id: 'runner-env-docker-host', severity: 'warning', summary: 'the runner binds /var/run/docker.sock while its environment sets DOCKER_HOST elsewhere' },
  {
    id: 'docker-login-password-arg',
    severity: 'warning',
    summary: 'docker login -p / --password: the password in the process list and maybe the log; use --password-stdin',
  },
  {
    id: 'docker-build-path-missing',
    severity: 'warning',
    summary:
      'docker build (buildx, buildah, podman, buildctl) with a -f Dockerfile or a context the repository does not have (judged only when a repository folder is linted)',
  },
  {
    id: 'docker-tag-masked-failure',
    severity: 'warning',
    summary: 'export V=$(cmd) (its failure hidden by export) then docker build/tag/push with $V: an empty or wrong tag',
  },
  {
    id: 'runner-tls-verify',
    severity: 'warning',
    summary: "tls_verify = true in [runners.docker] without a tcp:// host: the runner's own daemon link, not dind TLS",
  },
  { id: 'buildah-storage-driver', severity: 'warning', summary: "buildah build without STORAGE_DRIVER vfs (overlay cannot stack on the container's overlay)" },
  {
    id: 'buildkit-process-sandbox',
    severity: 'error',
    summary: 'rootless BuildKit on an unprivileged runner without BUILDKITD_FLAGS --oci-worker-no-process-sandbox',
  },
  {
    id: 'buildkit-security-opt',
    severity: 'warning',
    summary: 'rootless BuildKit on the Docker executor without security_opt seccomp:unconfined and apparmor:unconfined',
  },
  { id: 'kaniko-archived', severity: 'warning', summary: 'a kaniko executor image: kaniko is archived upstream; use Buildah or rootless BuildKit' },
  { id: 'builder-privileged-unneeded', severity: 'warning', summary: 'a privileged runner whose pipeline only builds with Buildah or rootless BuildKit' },
];

export const JOB_RULES: readonly JobRule[] = [
  dindNeedsPrivileged,
  dindSocketConflict,
  dindTlsPortMismatch,
  dindTlsCertsNotShared,
  dindTlsHostname,
  dindServiceAlias,
  dindUnixSocketNotShared,
  dindDockerHostUnset,
  dindImageAsJobImage,
  dockerHostNoService,
  dockerHostLocalhost,
  clientTooOld,
  versionMismatch,
  (job) => imageUnpinned(job),
  (job) => imageEndOfLife(job),
  k8sDindTlsEnv,
  dindTlsClientEnv,
  k8sDindHealthcheck,
  fixedContainerName,
  shellExecutorServices,
  shellExecutorImage,
  (job) => buildahStorageDriver(job),
  buildkitNoProcessSandbox,
  buildkitSecurityOpt,
  (job) => kanikoArchived(job),
  (job) => loginPasswordArgument(job),
  (job) => maskedTagCommand(job),
  (job, _runner, repository) => buildPathMissing(job, repository),
];

export const RUNNER_RULES: readonly RunnerRule[] = [
  runnerDind,
  runnerImageUnpinned,
  runnerImageEndOfLife,
  runnerTlsVerify,
  runnerEnvDockerHost,
  socketBoundUnused,
  builderPrivilegedUnneeded,
];
