/**
 * The mode's plan: everything the templates lay out, derived from the answers in one place.
 * Templates decide layout and comments; the plan decides values.
 */
import path from 'node:path';
import { Answers } from './answers';
import { IncludeInput, includeInputs } from './component/inputs';
import { Mode, ModeInfo, modeInfo } from './modes';
import { majorOf, parseResources } from './validators';
import { FIRST_MAJOR_WITH_CLI_TAG, SKOPEO_VERSION } from './versions';

export const RUNNER_TOKEN_REF = '$RUNNER_TOKEN';
export const SOCKET_VOLUME = '/var/run/docker.sock:/var/run/docker.sock';
export const CERTS_VOLUME = '/certs/client';
export const CACHE_VOLUME = '/cache';
export const DEPENDENCY_PROXY_PREFIX = '${CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX}';
export const TESTCONTAINERS_JOB = 'testcontainers-test';
/**
 * Both builders run unprivileged with these two unconfined. BuildKit's rootless docs ask for them (no process
 * sandbox); Buildah creates a user namespace even as root with chroot isolation (buildah#4563, #5198), which
 * Docker's default seccomp profile refuses without CAP_SYS_ADMIN, and AppArmor's default profile blocks its mounts.
 */
export const BUILDER_SECURITY_OPT = ['seccomp:unconfined', 'apparmor:unconfined'];

/** A pinned version held in one CI variable, with the comment Renovate's gitlabPipelineVersions reads. */
export interface VersionVariable {
  name: string;
  value: string;
  depName: string;
}

/** An image as the pipeline writes it (`ref`, using the version variable) and as it resolves. */
export interface ImagePlan {
  ref: string;
  resolved: string;
}

export interface TestcontainersPlan {
  image: string | null;
  command: string;
  /** Variables Testcontainers needs in this mode, beyond what the base job sets. */
  variables: [name: string, value: string][];
}

/** What the build job builds: the answers, and how each builder is told them. */
export interface BuildPlan {
  dockerfile: string;
  context: string;
  target: string;
  buildArgs: string[];
  /**
   * docker/buildah --file, buildkit --opt filename: always named, so one build line serves every Dockerfile
   * (a component's dockerfile input too, whose default must expand to this very line).
   */
  fileFlag: boolean;
  /** BuildKit takes the Dockerfile's folder (--local dockerfile=) and its name in it (--opt filename=). */
  dockerfileDir: string;
  dockerfileName: string;
}

/** The docker-test job: the smoke check (command ''), or a command run in the built image. */
export interface ImageTestPlan {
  command: string;
  /** Builder modes: no daemon to `docker run` with, so the job's own image is the built image. */
  image: string | null;
}

export interface CiPlan {
  version: VersionVariable | null;
  /** Job image with the docker CLI; null for the shell executor and the builder modes. */
  cliImage: ImagePlan | null;
  /** The dind service image; null when the mode has no daemon service. */
  dindImage: ImagePlan | null;
  /** Arguments for the dind service's daemon: mirror, MTU. Empty: the image's default. */
  serviceCommand: string[];
  builderImage: ImagePlan | null;
  /** Release retagging where no daemon exists (builder modes). */
  releaseImage: ImagePlan | null;
  releaseVersion: VersionVariable | null;
  dockerHost: string | null;
  tlsCertDir: string | null;
  /** Kubernetes runs no entrypoints: the client's TLS settings must be explicit there. */
  tlsVerify: string | null;
  certPath: string | null;
  /** Kubernetes: the runner waits for the dind service on this port before the script. */
  healthcheckPort: string | null;
  registryMirror: string;
  dependencyProxy: boolean;
  imageName: string;
  /** Host logged in with REGISTRY_USER/REGISTRY_PASSWORD; '' = GitLab's registry. */
  pushRegistry: string;
  tags: string[];
  /** Component render only: the input that stands for the whole tags list (then `tags` is empty). */
  tagsInput: string | null;
  /** Component render only: the input giving the release rules' `when:`; null: no `when:` (on_success). */
  releaseWhen: string | null;
  testcontainers: TestcontainersPlan | null;
  build: BuildPlan;
  /** null: no docker-test job (--no-test; in the builder modes, also when no --test-command is given). */
  imageTest: ImageTestPlan | null;
  /** Each job the template writes → the image it must run in (null: none, shell executor). */
  jobImages: Record<string, string | null>;
  /** --component: the pipeline includes this component with these inputs instead of holding the jobs. */
  component: { ref: string; inputs: IncludeInput[] } | null;
}

export interface RunnerPlan {
  concurrent: number;
  name: string;
  url: string;
  token: string;
  executor: 'docker' | 'shell' | 'kubernetes';
  image: string | null;
  privileged: boolean;
  volumes: string[];
  securityOpt: string[];
  extraHosts: string[];
  kubernetes: KubernetesPlan | null;
}

export interface KubernetesPlan {
  namespace: string;
  /** `cpu_request` ... `helper_memory_limit` → quantity, in the runner's key order. */
  resources: [key: string, value: string][];
  /** An in-memory empty_dir at /certs/client shares dind's TLS client certificates (TLS only). */
  certsEmptyDir: boolean;
}

export interface Plan {
  answers: Answers;
  mode: ModeInfo;
  ci: CiPlan;
  runner: RunnerPlan;
  /** Arguments of `gitlab-runner register` other than the token, as [flag, value?] pairs. */
  register: string[][];
  /** Built-in template names, also the names an override folder uses. */
  templates: { ci: string; runner: string; register: string; values: string | null; runnerSection: string | null };
}

const isBuilder = (mode: Mode): boolean => mode === 'buildah' || mode === 'buildkit';
const hasDaemonService = (mode: Mode): boolean => mode === 'dind' || mode === 'kubernetes';

function prefixOf(a: Answers): string {
  if (a.dependencyProxy) return `${DEPENDENCY_PROXY_PREFIX}/`;
  return a.imageRegistry === '' ? '' : `${a.imageRegistry}/`;
}

function image(prefix: string, repository: string, version: VersionVariable, suffix = ''): ImagePlan {
  return { ref: `${prefix}${repository}:\${${version.name}}${suffix}`, resolved: `${prefix}${repository}:${version.value}${suffix}` };
}

/** Docker before 23 has no -cli tag; the plain tag is the client image there. */
function cliSuffix(version: string): string {
  return majorOf(version) >= FIRST_MAJOR_WITH_CLI_TAG ? '-cli' : '';
}

/** `docker:V-cli` as the runner's default image: no CI variables there, and the runner cannot expand them. */
export function dockerImage(answers: Answers, variant: 'cli' | 'dind'): string {
  const prefix = answers.imageRegistry === '' ? '' : `${answers.imageRegistry}/`;
  const v = answers.dockerVersion;
  return `${prefix}docker:${v}${variant === 'dind' ? '-dind' : cliSuffix(v)}`;
}

function dockerVersionVariable(a: Answers): VersionVariable {
  // The versions are Docker Hub's, whichever mirror pulls them: a proxy-cache project lists only the tags it
  // has cached, so Renovate is pointed at the upstream image (its registryAliases can send it to the mirror).
  return { name: 'DOCKER_VERSION', value: a.dockerVersion, depName: 'docker' };
}

function serviceCommand(a: Answers): string[] {
  const command: string[] = [];
  if (a.registryMirror) command.push('--registry-mirror', a.registryMirror);
  if (a.mtu) command.push(`--mtu=${a.mtu}`);
  // Testcontainers' docs: a plain-TCP daemon otherwise delays its start on purpose.
  if (a.testcontainers && !a.tls) command.push('--tls=false');
  return command;
}

function testcontainersPlan(a: Answers): TestcontainersPlan | null {
  if (!a.testcontainers) return null;
  const variables: [string, string][] = [];
  if (hasDaemonService(a.mode) && a.tls) {
    // The test image has no docker entrypoint to derive these from DOCKER_TLS_CERTDIR.
    if (a.mode === 'dind') variables.push(['DOCKER_TLS_VERIFY', '1'], ['DOCKER_CERT_PATH', '/certs/client']);
  }
  if (a.mode === 'socket') variables.push(['TESTCONTAINERS_HOST_OVERRIDE', 'host.docker.internal']);
  return { image: a.mode === 'shell' ? null : a.testImage, command: a.testCommand, variables };
}

function buildPlan(a: Answers): BuildPlan {
  const dir = path.posix.dirname(a.dockerfile);
  return {
    dockerfile: a.dockerfile,
    context: a.context,
    target: a.target,
    buildArgs: a.buildArgs,
    fileFlag: true,
    dockerfileDir: dir,
    dockerfileName: path.posix.basename(a.dockerfile),
  };
}

function imageTestPlan(a: Answers): ImageTestPlan | null {
  if (!a.test) return null;
  // With Testcontainers the command is that job's; docker-test keeps the smoke check.
  const command = a.testcontainers ? '' : a.testCommand;
  if (!isBuilder(a.mode)) return { command, image: null };
  // No daemon to run the smoke check with: only a given command makes a job, in the built image itself
  // (named without IMAGE_NAME: the runner resolves it, and one variable fewer to expand is one risk fewer).
  return command ? { command, image: `${a.image}:$CI_COMMIT_SHORT_SHA` } : null;
}

function ciPlan(a: Answers): CiPlan {
  const prefix = prefixOf(a);
  const none = {
    version: null, cliImage: null, dindImage: null, serviceCommand: [], builderImage: null, releaseImage: null, releaseVersion: null,
    dockerHost: null, tlsCertDir: null, tlsVerify: null, certPath: null, healthcheckPort: null,
  };
  const base = {
    ...none,
    registryMirror: a.registryMirror,
    dependencyProxy: a.dependencyProxy,
    imageName: a.image,
    pushRegistry: a.registry,
    tags: a.tags,
    tagsInput: null,
    releaseWhen: null,
    testcontainers: testcontainersPlan(a),
    build: buildPlan(a),
    imageTest: imageTestPlan(a),
  };
  const withJobs = (ci: Omit<CiPlan, 'jobImages' | 'component'>, jobImages: Record<string, string | null>): CiPlan => {
    if (ci.testcontainers) jobImages[TESTCONTAINERS_JOB] = ci.testcontainers.image;
    if (ci.imageTest?.image) jobImages['docker-test'] = ci.imageTest.image;
    return { ...ci, jobImages, component: a.component ? { ref: `$CI_SERVER_FQDN/${a.component}`, inputs: includeInputs(a) } : null };
  };
  const dockerJobs = (img: string | null): Record<string, string | null> =>
    base.imageTest ? { 'docker-build': img, 'docker-test': img, 'docker-release': img } : { 'docker-build': img, 'docker-release': img };
  if (a.mode === 'shell') return withJobs(base, dockerJobs(null));
  if (isBuilder(a.mode)) {
    const version: VersionVariable =
      a.mode === 'buildah'
        ? { name: 'BUILDAH_VERSION', value: a.builderVersion, depName: 'quay.io/buildah/stable' }
        : { name: 'BUILDKIT_VERSION', value: a.builderVersion, depName: 'moby/buildkit' };
    const repository = a.mode === 'buildah' ? (prefix ? 'buildah/stable' : 'quay.io/buildah/stable') : 'moby/buildkit';
    const releaseVersion = { name: 'SKOPEO_VERSION', value: SKOPEO_VERSION, depName: 'quay.io/skopeo/stable' };
    const builderImage = image(prefix, repository, version, a.mode === 'buildkit' ? '-rootless' : '');
    // Skopeo is on quay.io only: GitLab's Dependency Proxy caches Docker Hub images only, so it stays direct.
    const releasePrefix = a.dependencyProxy ? '' : prefix;
    const releaseImage = image(releasePrefix, releasePrefix ? 'skopeo/stable' : 'quay.io/skopeo/stable', releaseVersion);
    return withJobs({ ...base, version, builderImage, releaseImage, releaseVersion }, { 'docker-build': builderImage.resolved, 'docker-release': releaseImage.resolved });
  }
  const version = dockerVersionVariable(a);
  const cliImage = image(prefix, 'docker', version, cliSuffix(a.dockerVersion));
  if (a.mode === 'socket') return withJobs({ ...base, version, cliImage, dockerHost: 'unix:///var/run/docker.sock' }, dockerJobs(cliImage.resolved));
  const port = a.tls ? '2376' : '2375';
  const dind = {
    ...base,
    version,
    cliImage,
    dindImage: image(prefix, 'docker', version, '-dind'),
    serviceCommand: serviceCommand(a),
    dockerHost: `tcp://docker:${port}`,
    tlsCertDir: a.tls ? '/certs' : '',
  };
  // The client's TLS settings are spelled out: the CLI image's entrypoint derives them once, at job start,
  // and a job that starts before dind wrote its certificates would never use TLS (Kubernetes runs no entrypoint).
  const tlsClient = { tlsVerify: a.tls ? '1' : null, certPath: a.tls ? '$DOCKER_TLS_CERTDIR/client' : null };
  if (a.mode === 'dind') return withJobs({ ...dind, ...tlsClient }, dockerJobs(cliImage.resolved));
  return withJobs({ ...dind, ...tlsClient, healthcheckPort: port }, dockerJobs(cliImage.resolved));
}

function kubernetesPlan(a: Answers): KubernetesPlan | null {
  if (a.mode !== 'kubernetes') return null;
  const resources: [string, string][] = [];
  for (const [prefix, spec] of [['', a.buildResources], ['service_', a.serviceResources], ['helper_', a.helperResources]] as const) {
    const parsed = parseResources(spec)!; // resolveAnswers validated it
    for (const kind of ['cpu', 'memory'] as const) {
      if (parsed[kind].request) resources.push([`${prefix}${kind}_request`, parsed[kind].request]);
      if (parsed[kind].limit) resources.push([`${prefix}${kind}_limit`, parsed[kind].limit]);
    }
  }
  return { namespace: a.namespace, resources, certsEmptyDir: a.tls };
}

function runnerVolumes(a: Answers): string[] {
  if (a.mode === 'dind') return a.tls ? [CERTS_VOLUME, CACHE_VOLUME] : [CACHE_VOLUME];
  if (a.mode === 'socket') return [SOCKET_VOLUME, CACHE_VOLUME];
  if (isBuilder(a.mode)) return [CACHE_VOLUME];
  return [];
}

function runnerImage(a: Answers, ci: CiPlan, info: ModeInfo): string | null {
  if (info.executor === 'shell') return null;
  if (ci.builderImage) return ci.builderImage.resolved.replace(DEPENDENCY_PROXY_PREFIX + '/', '');
  return dockerImage(a, 'cli');
}

function runnerPlan(a: Answers, ci: CiPlan, info: ModeInfo): RunnerPlan {
  return {
    concurrent: a.concurrent,
    name: a.runnerName,
    url: a.gitlabUrl,
    token: RUNNER_TOKEN_REF,
    executor: info.executor,
    image: runnerImage(a, ci, info),
    privileged: info.privileged,
    volumes: runnerVolumes(a),
    securityOpt: a.mode === 'buildkit' || a.mode === 'buildah' ? BUILDER_SECURITY_OPT : [],
    // Testcontainers under socket binding reaches published ports through the host (Linux needs this alias).
    extraHosts: a.mode === 'socket' && a.testcontainers ? ['host.docker.internal:host-gateway'] : [],
    kubernetes: kubernetesPlan(a),
  };
}

/**
 * `gitlab-runner register` flags for the same runner (RUN-REG); tags live in GitLab with --token.
 * Kubernetes volumes have no flag: there the runner config itself is the template.
 */
function registerArgs(r: RunnerPlan, runnerConfigFromScript: string): string[][] {
  const args = [['--non-interactive'], ['--url', r.url], ['--executor', r.executor], ['--name', r.name]];
  if (r.executor === 'kubernetes') args.push(['--template-config', runnerConfigFromScript]);
  if (r.executor === 'docker' && r.image) {
    args.push(['--docker-image', r.image]);
    if (r.privileged) args.push(['--docker-privileged']);
    for (const volume of r.volumes) args.push(['--docker-volumes', volume]);
    for (const opt of r.securityOpt) args.push(['--docker-security-opt', opt]);
    for (const host of r.extraHosts) args.push(['--docker-extra-hosts', host]);
  }
  return args;
}

/** Where register.sh (in gitlab-runner/ under the output folder) finds the runner config. */
function runnerConfigFromScript(runnerConfig: string): string {
  return path.posix.isAbsolute(runnerConfig) ? runnerConfig : path.posix.relative('gitlab-runner', runnerConfig);
}

export function planFor(answers: Answers): Plan {
  const mode = modeInfo(answers.mode);
  const ci = ciPlan(answers);
  const runner = runnerPlan(answers, ci, mode);
  const k8s = answers.mode === 'kubernetes';
  return {
    answers,
    mode,
    ci,
    runner,
    register: registerArgs(runner, runnerConfigFromScript(answers.runnerConfig)),
    templates: {
      ci: answers.component ? 'ci/component.yml' : `ci/${answers.mode}.yml`,
      runner: `runner/${answers.mode}.toml`,
      register: 'runner/register.sh',
      values: k8s ? 'runner/values.yaml' : null,
      runnerSection: k8s ? 'runner/partials/kubernetes-runner.toml' : null,
    },
  };
}
