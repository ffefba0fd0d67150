/**
 * The mode's plan: everything the templates lay out, derived from the answers in one place.
 * Templates decide layout and comments; the plan decides values.
 */
import path from 'node:path';
import { Answers } from './answers';
import { IncludeInput, includeInputs } from './component/inputs';
import { Mode, ModeInfo, modeInfo } from './modes';
import { CacheTarget, DEFAULT_PULL_POLICY, parseCacheUrl } from './runner-answers';
import { majorOf, parseResources } from './validators';
import { FIRST_MAJOR_WITH_BUILDKIT, FIRST_MAJOR_WITH_CLI_TAG, SKOPEO_VERSION } from './versions';

export const RUNNER_TOKEN_REF = '$RUNNER_TOKEN';
/** The config the runner's system service reads (root writes it; a non-root `gitlab-runner` uses ~/.gitlab-runner/). */
export const SYSTEM_CONFIG = '/etc/gitlab-runner/config.toml';
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
/**
 * The runner's helper image as its docs spell an override (advanced-configuration.md, "Override the helper
 * image": `my.registry.local/gitlab/gitlab-runner-helper:x86_64-v${CI_RUNNER_VERSION}`). The runner publishes it
 * on Docker Hub as gitlab/gitlab-runner-helper too, so a Docker Hub mirror serves it; the runner fills in its
 * own version, so the helper always matches the runner.
 */
export const HELPER_IMAGE_REPOSITORY = 'gitlab/gitlab-runner-helper';
export const HELPER_IMAGE_TAG = 'x86_64-v${CI_RUNNER_VERSION}';

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
  /** Arguments for the dind service's daemon, each group with its reason. Empty: the image's default. */
  serviceFlags: DaemonFlag[];
  /** serviceFlags' arguments in order: the service's `command`. */
  serviceCommand: string[];
  builderImage: ImagePlan | null;
  /** Release retagging with skopeo, registry-side: the builder modes, and dind/kubernetes (no daemon started for it). */
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
  /** null: no image test (--no-test; in the builder modes, also when no --test-command is given). */
  imageTest: ImageTestPlan | null;
  /** The image test runs in docker-build (--test-in-build): no docker-test job. */
  testInBuild: boolean;
  /**
   * Docker modes, Docker before 23: `docker build` runs the legacy builder, which takes cache only from local
   * images (so the cache tag is pulled first) and reads no inline cache. BuildKit (23+) reads the cache tags
   * from the registry as it needs layers. False in the builder modes.
   */
  legacyBuilder: boolean;
  /** `needs:` of docker-test (when a job) and docker-release: they start as soon as these end. */
  testNeeds: string[];
  releaseNeeds: string[];
  /** Each job the template writes → the image it must run in (null: none, shell executor). */
  jobImages: Record<string, string | null>;
  /** --component: the pipeline includes this component with these inputs instead of holding the jobs. */
  component: { ref: string; inputs: IncludeInput[] } | null;
}

/** The distributed cache, with its kind as flags for the template. */
export type CachePlan = CacheTarget & { s3: boolean; gcs: boolean; azure: boolean };

function cachePlan(url: string): CachePlan | null {
  if (url === '') return null;
  const c = parseCacheUrl(url).cache!; // resolveAnswers validated it
  return { ...c, s3: c.type === 's3', gcs: c.type === 'gcs', azure: c.type === 'azure' };
}

/** Daemon flags given together, and why (a comment above them in the pipeline). */
export interface DaemonFlag {
  args: string[];
  why: string;
}

export interface RunnerPlan {
  concurrent: number;
  name: string;
  url: string;
  token: string;
  executor: 'docker' | 'shell' | 'kubernetes';
  image: string | null;
  /** The job (build) container. */
  privileged: boolean;
  /**
   * Services apart from the job: docker `services_privileged`, kubernetes `service_container_security_context`
   * `privileged`. null: not written, the services follow `privileged`.
   */
  servicesPrivileged: boolean | null;
  /** Docker: the only service images allowed privileged (`allowed_privileged_services`); [] = not written. */
  allowedPrivilegedServices: string[];
  /** The runner's helper image through the mirror; null = the runner's default (registry.gitlab.com). */
  helperImage: string | null;
  /** `pull_policy`; [] = not written (shell executor). */
  pullPolicy: string[];
  /** Whether pullPolicy is the tool's default (its comment says why that one). */
  pullPolicyDefault: boolean;
  cache: CachePlan | null;
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

/** quay.io images (buildah, skopeo) through their own prefix, else from quay.io itself. */
function quayRepository(a: Answers, repository: string): string {
  return a.quayRegistry === '' ? `quay.io/${repository}` : `${a.quayRegistry}/${repository}`;
}

/** The mode's title as these answers make it: dind and kubernetes say whether TLS is on. */
function titled(info: ModeInfo, a: Answers): ModeInfo {
  return a.tls ? info : { ...info, title: info.title.replace('TLS on', 'TLS off') };
}
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

function serviceFlags(a: Answers): DaemonFlag[] {
  const flags: DaemonFlag[] = [];
  if (a.registryMirror) flags.push({ args: ['--registry-mirror', a.registryMirror], why: 'Image pulls of this daemon go through the mirror.' });
  if (a.mtu) flags.push({ args: [`--mtu=${a.mtu}`], why: "The daemon's own bridge does not inherit the runner's MTU." });
  // moby: a TCP socket without TLS makes dockerd wait ~15 s ("Startup is intentionally being slowed down");
  // saying --tls=false skips the wait. Testcontainers' GitLab CI docs add the same flag.
  if (!a.tls) flags.push({ args: ['--tls=false'], why: 'Plain TCP on purpose: without this, dockerd delays its start by about 15 s to warn of it.' });
  return flags;
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

/** skopeo for docker-release: copies the tested image to its release tag in the registry, digest unchanged. */
/** Skopeo is on quay.io: --quay-registry or quay.io itself (the Dependency Proxy and --image-registry serve Docker Hub). */
function skopeoRelease(a: Answers): { releaseImage: ImagePlan; releaseVersion: VersionVariable } {
  const releaseVersion = { name: 'SKOPEO_VERSION', value: SKOPEO_VERSION, depName: 'quay.io/skopeo/stable' };
  return { releaseImage: image('', quayRepository(a, 'skopeo/stable'), releaseVersion), releaseVersion };
}

/** Jobs start when what they use exists: the test after the build, the release after every test of the image. */
function needsPlan(a: Answers): { testNeeds: string[]; releaseNeeds: string[] } {
  const separateTest = imageTestPlan(a) !== null && !a.testInBuild;
  const releaseNeeds = [separateTest ? 'docker-test' : 'docker-build', ...(a.testcontainers ? [TESTCONTAINERS_JOB] : [])];
  return { testNeeds: ['docker-build'], releaseNeeds };
}

function ciPlan(a: Answers): CiPlan {
  const prefix = prefixOf(a);
  const none = {
    version: null,
    cliImage: null,
    dindImage: null,
    serviceFlags: [],
    serviceCommand: [],
    builderImage: null,
    releaseImage: null,
    releaseVersion: null,
    dockerHost: null,
    tlsCertDir: null,
    tlsVerify: null,
    certPath: null,
    healthcheckPort: null,
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
    testInBuild: a.testInBuild,
    legacyBuilder: !isBuilder(a.mode) && majorOf(a.dockerVersion) < FIRST_MAJOR_WITH_BUILDKIT,
    ...needsPlan(a),
  };
  const withJobs = (ci: Omit<CiPlan, 'jobImages' | 'component'>, jobImages: Record<string, string | null>): CiPlan => {
    if (ci.testcontainers) jobImages[TESTCONTAINERS_JOB] = ci.testcontainers.image;
    if (ci.imageTest?.image) jobImages['docker-test'] = ci.imageTest.image;
    return { ...ci, jobImages, component: a.component ? { ref: `$CI_SERVER_FQDN/${a.component}`, inputs: includeInputs(a) } : null };
  };
  const separateTest = base.imageTest !== null && !base.testInBuild;
  const dockerJobs = (img: string | null, release: string | null = img): Record<string, string | null> =>
    separateTest ? { 'docker-build': img, 'docker-test': img, 'docker-release': release } : { 'docker-build': img, 'docker-release': release };
  if (a.mode === 'shell') return withJobs(base, dockerJobs(null));
  if (isBuilder(a.mode)) {
    const version: VersionVariable =
      a.mode === 'buildah'
        ? { name: 'BUILDAH_VERSION', value: a.builderVersion, depName: 'quay.io/buildah/stable' }
        : { name: 'BUILDKIT_VERSION', value: a.builderVersion, depName: 'moby/buildkit' };
    // --image-registry and the Dependency Proxy stand in for Docker Hub only (a Harbor proxy-cache project
    // mirrors one registry): buildah and skopeo, on quay.io, take --quay-registry or stay on quay.io.
    const builderImage = a.mode === 'buildah' ? image('', quayRepository(a, 'buildah/stable'), version) : image(prefix, 'moby/buildkit', version, '-rootless');
    const { releaseImage, releaseVersion } = skopeoRelease(a);
    return withJobs(
      { ...base, version, builderImage, releaseImage, releaseVersion },
      { 'docker-build': builderImage.resolved, 'docker-release': releaseImage.resolved },
    );
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
    serviceFlags: serviceFlags(a),
    serviceCommand: serviceFlags(a).flatMap((f) => f.args),
    dockerHost: `tcp://docker:${port}`,
    tlsCertDir: a.tls ? '/certs' : '',
  };
  // The client's TLS settings are spelled out: the CLI image's entrypoint derives them once, at job start,
  // and a job that starts before dind wrote its certificates would never use TLS (Kubernetes runs no entrypoint).
  const tlsClient = { tlsVerify: a.tls ? '1' : null, certPath: a.tls ? '$DOCKER_TLS_CERTDIR/client' : null };
  // Re-tagging needs no daemon: docker-release copies registry-side, with no dind service to wait for.
  const release = skopeoRelease(a);
  const daemonJobs = dockerJobs(cliImage.resolved, release.releaseImage.resolved);
  if (a.mode === 'dind') return withJobs({ ...dind, ...tlsClient, ...release }, daemonJobs);
  return withJobs({ ...dind, ...tlsClient, ...release, healthcheckPort: port }, daemonJobs);
}

function kubernetesPlan(a: Answers): KubernetesPlan | null {
  if (a.mode !== 'kubernetes') return null;
  const resources: [string, string][] = [];
  for (const [prefix, spec] of [
    ['', a.buildResources],
    ['service_', a.serviceResources],
    ['helper_', a.helperResources],
  ] as const) {
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

/**
 * The dind service's image as the runner sees it (variables expanded), any Docker version: what
 * allowed_privileged_services lets run privileged. Through the Dependency Proxy the prefix is
 * HOST[:PORT]/GROUP/dependency_proxy/containers, the group unknown here.
 */
function dindServicePatterns(a: Answers): string[] {
  if (!a.dependencyProxy) return [`${a.imageRegistry === '' ? '' : `${a.imageRegistry}/`}docker:*-dind`];
  const host = new URL(a.gitlabUrl).host;
  return [`${host}/**/dependency_proxy/containers/docker:*-dind`, `${host}:*/**/dependency_proxy/containers/docker:*-dind`];
}

/**
 * Least privilege (runner docs, docker.md "Use rootless Docker-in-Docker with restricted privileged mode";
 * MR 4089): the job container runs unprivileged and only the dind service privileged. Docker executor:
 * services_privileged (Runner 15.7) limited to the dind image by allowed_privileged_services (16.1).
 * Kubernetes: the service containers' security context (Runner 14.5), which has no image allowlist.
 */
function privilegePlan(a: Answers, info: ModeInfo): Pick<RunnerPlan, 'privileged' | 'servicesPrivileged' | 'allowedPrivilegedServices'> {
  if (!info.privileged || a.legacyPrivileged) return { privileged: info.privileged, servicesPrivileged: null, allowedPrivilegedServices: [] };
  return { privileged: false, servicesPrivileged: true, allowedPrivilegedServices: info.executor === 'docker' ? dindServicePatterns(a) : [] };
}

/** The helper image through a Docker Hub mirror: a network that reaches only the mirror still starts jobs. */
function helperImage(a: Answers, info: ModeInfo): string | null {
  if (info.executor === 'shell' || a.imageRegistry === '') return null;
  return `${a.imageRegistry}/${HELPER_IMAGE_REPOSITORY}:${HELPER_IMAGE_TAG}`;
}

function runnerPlan(a: Answers, ci: CiPlan, info: ModeInfo): RunnerPlan {
  return {
    concurrent: a.concurrent,
    name: a.runnerName,
    url: a.gitlabUrl,
    token: RUNNER_TOKEN_REF,
    executor: info.executor,
    image: runnerImage(a, ci, info),
    ...privilegePlan(a, info),
    helperImage: helperImage(a, info),
    pullPolicy: info.executor === 'shell' ? [] : a.pullPolicy,
    pullPolicyDefault: a.pullPolicy.join(',') === DEFAULT_PULL_POLICY.join(','),
    cache: cachePlan(a.cache),
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
    if (r.servicesPrivileged) args.push(['--docker-services_privileged']);
    for (const pattern of r.allowedPrivilegedServices) args.push(['--docker-allowed-privileged-services', pattern]);
    if (r.pullPolicy.length) args.push(['--docker-pull-policy', r.pullPolicy.join(',')]);
    if (r.helperImage) args.push(['--docker-helper-image', r.helperImage]);
    for (const volume of r.volumes) args.push(['--docker-volumes', volume]);
    for (const opt of r.securityOpt) args.push(['--docker-security-opt', opt]);
    for (const host of r.extraHosts) args.push(['--docker-extra-hosts', host]);
  }
  if (r.executor !== 'kubernetes' && r.cache) args.push(...cacheArgs(r.cache));
  return args;
}

/** `[runners.cache]` as register flags (runner docs: the cache table's "CLI option for register"); no credentials. */
function cacheArgs(c: CacheTarget): string[][] {
  const args = [['--cache-type', c.type], ['--cache-shared']];
  if (c.path) args.push(['--cache-path', c.path]);
  if (c.type === 's3') args.push(['--cache-s3-bucket-name', c.bucket], ['--cache-s3-authentication_type', 'iam']);
  if (c.type === 'gcs') args.push(['--cache-gcs-bucket-name', c.bucket]);
  if (c.type === 'azure') args.push(['--cache-azure-account-name', c.account], ['--cache-azure-container-name', c.bucket]);
  return args;
}

/** Where register.sh (in gitlab-runner/ under the output folder) finds the runner config. */
function runnerConfigFromScript(runnerConfig: string): string {
  return path.posix.isAbsolute(runnerConfig) ? runnerConfig : path.posix.relative('gitlab-runner', runnerConfig);
}

export function planFor(answers: Answers): Plan {
  const mode = titled(modeInfo(answers.mode), answers);
  const ci = ciPlan(answers);
  const runner = runnerPlan(answers, ci, mode);
  const k8s = answers.mode === 'kubernetes';
  return {
    answers,
    mode,
    ci,
    runner,
    register: [['--config', SYSTEM_CONFIG], ...registerArgs(runner, runnerConfigFromScript(answers.runnerConfig))],
    templates: {
      ci: answers.component ? 'ci/component.yml' : `ci/${answers.mode}.yml`,
      runner: `runner/${answers.mode}.toml`,
      register: 'runner/register.sh',
      values: k8s ? 'runner/values.yaml' : null,
      runnerSection: k8s ? 'runner/partials/kubernetes-runner.toml' : null,
    },
  };
}
