/** Building without a daemon: Buildah, rootless BuildKit, and the kaniko they replace. */
import { LintJob } from '../ci-model';
import { dindServices, executorKind, finding } from '../facts';
import { LintRunner } from '../runner-model';
import { Finding, Where } from '../types';

const BUILDAH_BUILD = /\bbuildah\s+(build|bud)\b/;
const BUILDCTL_DAEMONLESS = /\bbuildctl-daemonless\.sh\b/;
const runsBuildah = (job: LintJob): boolean => job.scripts.some((s) => BUILDAH_BUILD.test(s.text));
const runsRootlessBuildkit = (job: LintJob): boolean => job.scripts.some((s) => BUILDCTL_DAEMONLESS.test(s.text));
const firstLine = (job: LintJob, re: RegExp): Where => job.scripts.find((s) => re.test(s.text)) ?? { file: job.file, line: job.line };
/** A variable the build needs set otherwise: where it is set, else the first script line that runs the build. */
const variableOrBuild = (job: LintJob, name: string, build: RegExp): Where => (job.variables[name] === undefined ? firstLine(job, build) : job.varAt(name));

export function buildahStorageDriver(job: LintJob): Finding[] {
  if (!runsBuildah(job) || job.variables.STORAGE_DRIVER === 'vfs') return [];
  return [
    finding(
      'buildah-storage-driver',
      'warning',
      variableOrBuild(job, 'STORAGE_DRIVER', BUILDAH_BUILD),
      "Buildah in a container cannot stack overlayfs on the container's own overlay: GitLab documents STORAGE_DRIVER vfs",
      'set variables: STORAGE_DRIVER: vfs (and BUILDAH_FORMAT: docker)',
    ),
  ];
}

export function buildkitNoProcessSandbox(job: LintJob, runner: LintRunner | undefined): Finding[] {
  if (!runsRootlessBuildkit(job) || runner?.privileged) return [];
  if ((job.variables.BUILDKITD_FLAGS ?? '').includes('--oci-worker-no-process-sandbox')) return [];
  return [
    finding(
      'buildkit-process-sandbox',
      'error',
      variableOrBuild(job, 'BUILDKITD_FLAGS', BUILDCTL_DAEMONLESS),
      'rootless BuildKit on an unprivileged runner cannot create its process sandbox',
      'set variables: BUILDKITD_FLAGS: --oci-worker-no-process-sandbox',
    ),
  ];
}

export function buildkitSecurityOpt(job: LintJob, runner: LintRunner | undefined): Finding[] {
  if (!runsRootlessBuildkit(job) || !runner || executorKind(runner) !== 'docker' || runner.privileged) return [];
  const missing = ['seccomp:unconfined', 'apparmor:unconfined'].filter((o) => !runner.securityOpt.some((x) => x.replace('=', ':') === o));
  if (missing.length === 0) return [];
  return [
    finding(
      'buildkit-security-opt',
      'warning',
      runner.at(runner.securityOpt.length ? 'security_opt' : undefined),
      `rootless BuildKit without a process sandbox needs ${missing.join(' and ')} (BuildKit's rootless docs); the default profiles block its mounts`,
      'set security_opt = ["seccomp:unconfined", "apparmor:unconfined"] in [runners.docker]',
    ),
  ];
}

export function kanikoArchived(job: LintJob): Finding[] {
  if (!job.image || !/(^|\/)kaniko-project\/executor\b|(^|\/)kaniko[:@/]/.test(job.image)) return [];
  return [
    finding(
      'kaniko-archived',
      'warning',
      job.imageAt,
      `${job.image}: kaniko is archived upstream and GitLab's kaniko page is removed; it gets no fixes`,
      'build with Buildah or rootless BuildKit instead (gitlab-dind init --mode buildah, or --mode buildkit)',
    ),
  ];
}

/** A privileged runner whose jobs only build daemonless: privileged mode buys nothing but risk. */
export function builderPrivilegedUnneeded(runner: LintRunner, jobs: LintJob[] | undefined): Finding[] {
  if (!jobs || jobs.length === 0 || !runner.privileged) return [];
  const builds = jobs.some((j) => runsBuildah(j) || runsRootlessBuildkit(j));
  const needsPrivileged = jobs.some((j) => dindServices(j, runner).length > 0 || /(^|[\s;&|])docker\s/.test(j.scripts.map((s) => s.text).join('\n')));
  if (!builds || needsPrivileged) return [];
  return [
    finding(
      'builder-privileged-unneeded',
      'warning',
      runner.at('privileged'),
      'the runner is privileged, but this pipeline builds with Buildah or rootless BuildKit, which need no privileged mode',
      'set privileged = false on this runner (keep a privileged runner only for jobs that run dind)',
    ),
  ];
}
