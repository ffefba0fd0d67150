/** Every lint rule: the catalogue (id, severity, summary: catalogue.json) and the checks that find each, job and runner. */
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

export { RULES } from './catalogue';
export type { RuleInfo } from './catalogue';

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
