/**
 * The answers model: what a user decides, from flags, the wizard or the answers file.
 * `resolveAnswers` is the one gate: every value is validated here and defaults are filled in.
 */
import { FieldError } from './errors';
import { MODE_IDS, Mode } from './modes';
import * as v from './validators';
import { DEFAULT_PULL_POLICY, parsePullPolicy } from './runner-answers';
import { BUILDAH_VERSION, BUILDKIT_VERSION, DOCKER_VERSION } from './versions';

export interface Answers {
  mode: Mode;
  dockerVersion: string;
  /** dind and kubernetes only; true, and not recorded, in the other modes. */
  tls: boolean;
  /** Prefix Docker Hub images (docker, moby/buildkit, the runner's helper) are pulled through; '' = Docker Hub. */
  imageRegistry: string;
  /** Host built images are pushed to; '' = GitLab's registry ($CI_REGISTRY). */
  registry: string;
  image: string;
  /** What the build job builds, all relative to the repository root (where the pipeline runs). */
  dockerfile: string;
  context: string;
  /** The stage to build; '' = the last one. */
  target: string;
  /** Build args by name only: each takes its value from the CI/CD variable of that name, never written. */
  buildArgs: string[];
  tags: string[];
  gitlabUrl: string;
  runnerName: string;
  concurrent: number;
  /** Where the runner config goes, relative to the output folder unless absolute. */
  runnerConfig: string;
  /** A folder of templates overriding the built-in ones by name; '' = none. */
  templates: string;
  /** Where the jobs go, from the repository root; another than .gitlab-ci.yml is included from the user's .gitlab-ci.yml. */
  ciFile: string;
  /** Kubernetes only (recorded as '' elsewhere): job pods' namespace and container resources. */
  namespace: string;
  buildResources: string;
  serviceResources: string;
  helperResources: string;
  /** buildah/buildkit only ('' elsewhere): the builder image's version. */
  builderVersion: string;
  /** A docker-test job at all: false = none. */
  test: boolean;
  /** Testcontainers: the variables its docs give for the mode, and a test job in `testImage`. */
  testcontainers: boolean;
  testImage: string;
  /**
   * Without Testcontainers: what docker-test runs in the built image (`docker run --rm IMAGE CMD`); '' = the
   * smoke check. With it: the Testcontainers job's command (a line for the job's shell), as before.
   */
  testCommand: string;
  /** The image test runs in docker-build, right after the build: one daemon start-up fewer, no docker-test job. */
  testInBuild: boolean;
  /** A registry mirror URL for the daemon (dind) or the builder; '' = none. */
  registryMirror: string;
  /** Pull the docker images through GitLab's Dependency Proxy. */
  dependencyProxy: boolean;
  /** The dind daemon's MTU; 0 = the daemon's default. */
  mtu: number;
  /**
   * A CI/CD component (`group/project/name@VERSION`) the pipeline includes, with these answers as its inputs,
   * instead of the jobs themselves; '' = the jobs are written here.
   */
  component: string;
  /** buildah/buildkit: prefix quay.io images (buildah, skopeo) are pulled through; '' = quay.io itself. */
  quayRegistry: string;
  /** dind/kubernetes: every container privileged, the form for runners before 16.1; false = the dind service only. */
  legacyPrivileged: boolean;
  /** The runner's pull_policy, in order ([] for the shell executor, which pulls nothing). */
  pullPolicy: string[];
  /** The runner's distributed cache, s3://, gs:// or azure://; '' = none. */
  cache: string;
}

/** Raw input as flags and prompts give it: strings (lists comma-separated) and booleans. */
export type RawAnswers = { [K in keyof Answers]?: string | boolean | string[] | number };

/** The flag that answers each field: used in messages and by the CLI. */
export const FLAG_OF: Record<keyof Answers, string> = {
  mode: 'mode',
  dockerVersion: 'docker-version',
  tls: 'tls',
  imageRegistry: 'image-registry',
  registry: 'registry',
  image: 'image',
  dockerfile: 'dockerfile',
  context: 'context',
  target: 'target',
  buildArgs: 'build-arg',
  tags: 'tags',
  gitlabUrl: 'gitlab-url',
  runnerName: 'runner-name',
  concurrent: 'concurrent',
  runnerConfig: 'runner-config',
  templates: 'templates',
  ciFile: 'ci-file',
  namespace: 'namespace',
  buildResources: 'build-resources',
  serviceResources: 'service-resources',
  helperResources: 'helper-resources',
  builderVersion: 'builder-version',
  test: 'test',
  testcontainers: 'testcontainers',
  testImage: 'test-image',
  testCommand: 'test-command',
  testInBuild: 'test-in-build',
  registryMirror: 'registry-mirror',
  dependencyProxy: 'dependency-proxy',
  mtu: 'mtu',
  component: 'component',
  quayRegistry: 'quay-registry',
  legacyPrivileged: 'legacy-privileged',
  pullPolicy: 'pull-policy',
  cache: 'cache',
};

/** Defaults of the Kubernetes answers: requests so pods schedule sanely; limits only on the small helper. */
export const KUBERNETES_DEFAULTS = {
  namespace: 'gitlab-runner',
  buildResources: 'cpu=500m,memory=512Mi',
  serviceResources: 'cpu=1,memory=2Gi',
  helperResources: 'cpu=100m:200m,memory=128Mi:256Mi',
} as const;
const KUBERNETES_FIELDS = Object.keys(KUBERNETES_DEFAULTS) as (keyof typeof KUBERNETES_DEFAULTS)[];

export const DEFAULT_RUNNER_CONFIG = 'gitlab-runner/config.toml';
export const DEFAULT_CI_FILE = '.gitlab-ci.yml';
export const DEFAULT_GITLAB_URL = 'https://gitlab.com/';
export const DEFAULT_CONCURRENT = 4;
export const DEFAULT_DOCKERFILE = 'Dockerfile';
export const DEFAULT_CONTEXT = '.';

export function defaultRunnerName(mode: Mode, tls: boolean): string {
  if (mode === 'dind') return tls ? 'dind-tls' : 'dind-no-tls';
  if (mode === 'kubernetes') return tls ? 'k8s-dind-tls' : 'k8s-dind-no-tls';
  if (mode === 'buildah' || mode === 'buildkit') return `${mode}-rootless`;
  return mode === 'socket' ? 'docker-socket' : 'shell-docker';
}

/**
 * The runner name is another mode's (or TLS setting's) default, not this one's: kept from before a change of
 * mode, since config.toml finds its runner, token and all, by name.
 */
export function runnerNameFromOtherMode(answers: Pick<Answers, 'mode' | 'tls' | 'runnerName'>): boolean {
  if (answers.runnerName === defaultRunnerName(answers.mode, answers.tls)) return false;
  return MODE_IDS.some((mode) => [true, false].some((tls) => defaultRunnerName(mode, tls) === answers.runnerName));
}

const DAEMON_MODES: Mode[] = ['dind', 'kubernetes'];
const BUILDER_MODES: Mode[] = ['buildah', 'buildkit'];

/** The answers that mean something in some modes only: refused in the others, and not recorded there. */
const MODES_OF: Partial<Record<keyof Answers, readonly Mode[]>> = {
  tls: DAEMON_MODES,
  // The shell executor runs no image: there is nothing to pull through a mirror.
  imageRegistry: MODE_IDS.filter((m) => m !== 'shell'),
  namespace: ['kubernetes'],
  buildResources: ['kubernetes'],
  serviceResources: ['kubernetes'],
  helperResources: ['kubernetes'],
  builderVersion: BUILDER_MODES,
  testcontainers: ['dind', 'socket', 'shell', 'kubernetes'],
  // The builder modes have no daemon to run the built image in while building.
  testInBuild: ['dind', 'socket', 'shell', 'kubernetes'],
  registryMirror: [...DAEMON_MODES, ...BUILDER_MODES],
  dependencyProxy: ['dind', 'socket', 'kubernetes', 'buildkit'],
  mtu: DAEMON_MODES,
  quayRegistry: BUILDER_MODES,
  legacyPrivileged: DAEMON_MODES,
  pullPolicy: MODE_IDS.filter((m) => m !== 'shell'),
};

/** Whether an answer means anything with the others: the answers file records only those. */
export function answerApplies(field: keyof Answers, a: Answers): boolean {
  if (!(MODES_OF[field] ?? MODE_IDS).includes(a.mode)) return false;
  if (field === 'testImage') return a.testcontainers && a.mode !== 'shell';
  // docker-test's own command (no Testcontainers) is recorded when given; '' is the smoke check, the default.
  if (field === 'testCommand') return a.testcontainers || (a.test && a.testCommand !== '');
  if (field === 'component') return a.component !== '';
  // Recorded when on: off is the default, and files written before it existed stay as they were.
  if (field === 'testInBuild') return a.testInBuild;
  // Recorded when the jobs go elsewhere: an answers file of an earlier version reads the same without it.
  if (field === 'ciFile') return a.ciFile !== DEFAULT_CI_FILE;
  return true;
}

const oneOf = (modes: readonly string[]): string => (modes.length < 2 ? modes.join('') : `${modes.slice(0, -1).join(', ')} or ${modes[modes.length - 1]}`);

function onlyFor(field: keyof Answers, mode: Mode): void {
  const allowed = MODES_OF[field] ?? MODE_IDS;
  if (!allowed.includes(mode)) throw refuse(field, `applies to --mode ${oneOf(allowed)} only, not ${JSON.stringify(mode)}`);
}

function given(raw: RawAnswers, field: keyof Answers): boolean {
  const value = raw[field];
  return value !== undefined && value !== '' && value !== false && value !== 0;
}

function flag(field: keyof Answers, raw: RawAnswers): boolean {
  const value = raw[field];
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw usage(field, value, `--${FLAG_OF[field]} or --no-${FLAG_OF[field]}`);
  return value;
}

/** Known test images → the command their build tool runs tests with. */
const TEST_COMMANDS: [RegExp, string][] = [
  [/(^|\/)maven:/, 'mvn --batch-mode test'],
  [/(^|\/)gradle:/, 'gradle test'],
  [/(^|\/)node:/, 'npm ci && npm test'],
  [/(^|\/)golang:/, 'go test ./...'],
  [/(^|\/)python:/, 'pip install -r requirements.txt && python -m pytest'],
];

function testAnswers(raw: RawAnswers, mode: Mode): Pick<Answers, 'test' | 'testcontainers' | 'testImage' | 'testCommand'> {
  const test = raw.test === undefined ? true : flag('test', raw);
  const testcontainers = flag('testcontainers', raw);
  if (!testcontainers) {
    if (given(raw, 'testImage')) throw refuse('testImage', 'applies with --testcontainers only');
    // Here the command is docker-test's, run in the built image.
    if (given(raw, 'testCommand') && !test) throw refuse('testCommand', 'conflicts with --no-test; expected a test command or no test job, not both');
    return { test, testcontainers, testImage: '', testCommand: given(raw, 'testCommand') ? text('testCommand', raw, '', v.checkImageCommand) : '' };
  }
  onlyFor('testcontainers', mode);
  if (mode === 'shell') {
    // Shell jobs run on the host with its own toolchain: there is no image to name.
    if (given(raw, 'testImage')) throw refuse('testImage', 'the shell executor runs no image; expected only --test-command');
    if (!given(raw, 'testCommand'))
      throw refuse('testCommand', 'required with --testcontainers on the shell executor; expected the command that runs the tests, such as "mvn test"');
    return { test, testcontainers, testImage: '', testCommand: text('testCommand', raw, '', v.checkCommand) };
  }
  if (!given(raw, 'testImage'))
    throw refuse('testImage', 'required with --testcontainers; expected the pinned image the tests run in, such as maven:3.9-eclipse-temurin-21');
  const testImage = text('testImage', raw, '', v.checkPinnedImage);
  const derived = TEST_COMMANDS.find(([re]) => re.test(testImage))?.[1];
  if (!given(raw, 'testCommand') && !derived) {
    throw refuse('testCommand', `required with --test-image ${JSON.stringify(testImage)}; expected the command that runs the tests, such as "mvn test"`);
  }
  return { test, testcontainers, testImage, testCommand: text('testCommand', raw, derived ?? '', v.checkCommand) };
}

function testInBuild(raw: RawAnswers, mode: Mode): boolean {
  if (!flag('testInBuild', raw)) return false;
  onlyFor('testInBuild', mode);
  if (raw.test === false) throw refuse('testInBuild', 'conflicts with --no-test; expected a test to run in the build job, or no test');
  return true;
}

/** Names from a repeated flag (an array) or a comma-separated answer (the wizard, a hand-edited file). */
function parseBuildArgs(raw: RawAnswers): string[] {
  const value = raw.buildArgs;
  if (value === undefined || value === '') return [];
  const items = Array.isArray(value) ? value : typeof value === 'string' ? [value] : undefined;
  if (!items || items.some((i) => typeof i !== 'string')) throw usage('buildArgs', value, 'CI/CD variable names, the flag once for each');
  const list = items
    .flatMap((i) => i.split(','))
    .map((n) => n.trim())
    .filter((n) => n !== '');
  for (const name of list) {
    // NAME=value: the value may be a secret; it is neither written nor said back.
    const eq = name.indexOf('=');
    if (eq >= 0)
      throw refuse(
        'buildArgs',
        `${JSON.stringify(name.slice(0, eq))} given a value; expected the name only, its value set as the CI/CD variable of that name (never written)`,
      );
    const problem = v.checkVariableName(name);
    if (problem) throw usage('buildArgs', name, problem);
  }
  const dup = list.find((n, i) => list.indexOf(n) !== i);
  if (dup !== undefined) throw usage('buildArgs', dup, 'each build arg once');
  return list;
}

function buildAnswers(raw: RawAnswers): Pick<Answers, 'dockerfile' | 'context' | 'target' | 'buildArgs'> {
  return {
    dockerfile: text('dockerfile', raw, DEFAULT_DOCKERFILE, v.checkRepoPath),
    context: text('context', raw, DEFAULT_CONTEXT, (s) => v.checkRepoPath(s, 'docker or .')),
    target: text('target', raw, '', (s) => (s === '' ? undefined : v.checkStageName(s))),
    buildArgs: parseBuildArgs(raw),
  };
}

function pullAnswers(raw: RawAnswers, mode: Mode, imageRegistry: string): Pick<Answers, 'registryMirror' | 'dependencyProxy' | 'mtu'> {
  const registryMirror = text('registryMirror', raw, '', (s) => (s === '' ? undefined : v.checkMirrorUrl(s)));
  if (registryMirror) onlyFor('registryMirror', mode);
  const dependencyProxy = flag('dependencyProxy', raw);
  if (dependencyProxy) {
    onlyFor('dependencyProxy', mode);
    if (imageRegistry) throw refuse('dependencyProxy', 'conflicts with --image-registry; expected one place to pull the docker images from');
  }
  let mtu = 0;
  if (given(raw, 'mtu')) {
    onlyFor('mtu', mode);
    const value = String(raw.mtu);
    const problem = v.checkMtu(value);
    if (problem) throw usage('mtu', raw.mtu, problem);
    mtu = Number(value);
  }
  return { registryMirror, dependencyProxy, mtu };
}

const BUILDER_DEFAULTS: Record<string, string> = { buildah: BUILDAH_VERSION, buildkit: BUILDKIT_VERSION };

/**
 * Answers files of earlier versions record every answer, defaults too. Editing `mode:` there leaves the old mode's defaults
 * behind (namespace: gitlab-runner, builder-version: v1.43.1, ...), which the new mode would refuse as out
 * of place: those are dropped here, being no choice of the user's. A value that is not the old mode's default
 * was chosen, and is still refused, naming it.
 */
export function dropOtherModesDefaults(raw: RawAnswers): RawAnswers {
  const mode = typeof raw.mode === 'string' ? raw.mode : 'dind';
  const out: RawAnswers = { ...raw };
  for (const field of KUBERNETES_FIELDS) {
    // Away from kubernetes its defaults go; into it, the '' other modes record means "the default".
    if (mode !== 'kubernetes' && out[field] === KUBERNETES_DEFAULTS[field]) out[field] = '';
    if (mode === 'kubernetes' && out[field] === '') delete out[field];
  }
  if (BUILDER_MODES.includes(mode as Mode) && out.builderVersion === '') delete out.builderVersion;
  // The default pull policy another mode recorded is no choice of the user's; the shell executor has none.
  if (mode === 'shell' && sameList(out.pullPolicy, DEFAULT_PULL_POLICY)) delete out.pullPolicy;
  const builder = out.builderVersion;
  if (typeof builder === 'string' && builder !== '' && builder !== BUILDER_DEFAULTS[mode] && Object.values(BUILDER_DEFAULTS).includes(builder)) {
    delete out.builderVersion; // the new mode's own default, if it has one
  }
  return out;
}

function sameList(value: unknown, list: readonly string[]): boolean {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',').map((s) => s.trim()) : undefined;
  return items !== undefined && items.length === list.length && items.every((x, i) => x === list[i]);
}

/** The runner-side answers of issue 18: pull policy, distributed cache, quay.io prefix, the old privileged form. */
function runnerAnswers(raw: RawAnswers, mode: Mode): Pick<Answers, 'quayRegistry' | 'legacyPrivileged' | 'pullPolicy' | 'cache'> {
  const quayRegistry = text('quayRegistry', raw, '', (s) => (s === '' ? undefined : v.checkImageRegistryPrefix(s)));
  if (quayRegistry) onlyFor('quayRegistry', mode);
  const legacyPrivileged = flag('legacyPrivileged', raw);
  if (legacyPrivileged) onlyFor('legacyPrivileged', mode);
  let pullPolicy: string[] = mode === 'shell' ? [] : [...DEFAULT_PULL_POLICY];
  // [] is what the shell executor's answers hold (it pulls nothing): no choice, so not refused there.
  const policyGiven = Array.isArray(raw.pullPolicy) ? raw.pullPolicy.length > 0 : raw.pullPolicy !== undefined && raw.pullPolicy !== '';
  if (policyGiven) {
    onlyFor('pullPolicy', mode);
    const parsed = parsePullPolicy(raw.pullPolicy);
    if (!parsed.policies) throw usage('pullPolicy', Array.isArray(raw.pullPolicy) ? raw.pullPolicy.join(',') : raw.pullPolicy, parsed.expected!);
    pullPolicy = parsed.policies;
  }
  // A credential in the URL (s3://KEY:SECRET@bucket) is refused without being said back: it may be a secret.
  if (typeof raw.cache === 'string' && raw.cache.includes('@')) {
    throw refuse(
      'cache',
      'a URL with credentials (user:secret@) is not valid and is not repeated here; expected the bucket alone: the runner reads credentials from its environment',
    );
  }
  const cache = text('cache', raw, '', (s) => (s === '' ? undefined : v.checkCacheUrl(s)));
  return { quayRegistry, legacyPrivileged, pullPolicy, cache };
}

function builderVersion(raw: RawAnswers, mode: Mode): string {
  if (!BUILDER_MODES.includes(mode)) {
    if (given(raw, 'builderVersion')) onlyFor('builderVersion', mode);
    return '';
  }
  return text('builderVersion', raw, mode === 'buildah' ? BUILDAH_VERSION : BUILDKIT_VERSION, v.checkBuilderVersion);
}

/** A problem with one answer, keyed as its flag and the answers file name it. */
function refuse(field: keyof Answers, detail: string, negated = false): FieldError {
  return new FieldError(FLAG_OF[field], detail, negated);
}

function usage(field: keyof Answers, value: unknown, expected: string): FieldError {
  return refuse(field, `${JSON.stringify(value)} is not valid; expected ${expected}`);
}

function text(field: keyof Answers, raw: RawAnswers, fallback: string, check?: (s: string) => string | undefined): string {
  const value = raw[field];
  if (value === undefined) return fallback;
  if (typeof value !== 'string') throw usage(field, value, 'a single text value');
  const problem = check?.(value);
  if (problem) throw usage(field, value, problem);
  return value;
}

function parseMode(raw: RawAnswers): Mode {
  const mode = text('mode', raw, 'dind');
  if (!(MODE_IDS as readonly string[]).includes(mode)) throw usage('mode', mode, `one of ${MODE_IDS.join(', ')}`);
  return mode as Mode;
}

function parseTags(raw: RawAnswers): string[] {
  const value = raw.tags;
  if (value === undefined || value === '') return [];
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',').map((t) => t.trim()) : undefined;
  if (!list) throw usage('tags', value, 'runner tags separated by commas');
  // Named by position (`docker, linux,,`: tags 3 and 4 are empty), the whole answer quoted as given.
  const bad = list.map((tag, i) => ({ tag, at: i + 1 })).filter(({ tag }) => v.checkRunnerTag(tag) !== undefined);
  if (bad.length > 0) {
    const empty = bad.filter(({ tag }) => tag === '');
    const of = `of ${list.length}`;
    const what =
      empty.length > 1
        ? `tags ${empty
            .slice(0, -1)
            .map((b) => b.at)
            .join(', ')} and ${empty[empty.length - 1].at} ${of} are empty`
        : empty.length === 1
          ? `tag ${empty[0].at} ${of} is empty`
          : bad[0].tag.length > 255
            ? `tag ${bad[0].at} ${of} is ${bad[0].tag.length} characters long`
            : `tag ${bad[0].at} ${of} (${JSON.stringify(bad[0].tag)}) holds a control character or line break`;
    throw refuse('tags', `${JSON.stringify(value)} is not valid: ${what}; expected ${v.checkRunnerTag('')}`);
  }
  const dup = list.find((t, i) => list.indexOf(t) !== i);
  if (dup !== undefined) throw usage('tags', dup, 'each tag once');
  return list;
}

function parseTls(raw: RawAnswers, mode: Mode): boolean {
  const value = raw.tls;
  if (value === undefined) return true;
  if (typeof value !== 'boolean') throw usage('tls', value, '--tls or --no-tls');
  if (!value && !DAEMON_MODES.includes(mode)) {
    throw refuse('tls', `applies to --mode ${oneOf(DAEMON_MODES)} only, not ${JSON.stringify(mode)}`, true);
  }
  return value;
}

function parseConcurrent(raw: RawAnswers): number {
  const value = raw.concurrent;
  if (value === undefined) return DEFAULT_CONCURRENT;
  const s = typeof value === 'number' ? String(value) : value;
  if (typeof s !== 'string') throw usage('concurrent', value, 'a whole number from 1 to 1000');
  const problem = v.checkConcurrent(s);
  if (problem) throw usage('concurrent', value, problem);
  return Number(s);
}

function parseImage(raw: RawAnswers, registry: string): string {
  if (raw.image === undefined && registry !== '') {
    throw refuse('image', `required with --registry ${JSON.stringify(registry)}; expected the image to push, such as ${registry}/group/app`);
  }
  const image = text('image', raw, v.CI_REGISTRY_IMAGE, v.checkImageName);
  if (registry !== '' && !image.startsWith(`${registry}/`)) {
    throw usage('image', image, `an image on the --registry host, starting with ${registry}/`);
  }
  return image;
}

function kubernetesAnswers(raw: RawAnswers, mode: Mode): Pick<Answers, (typeof KUBERNETES_FIELDS)[number]> {
  const checks = { namespace: v.checkNamespace, buildResources: v.checkResources, serviceResources: v.checkResources, helperResources: v.checkResources };
  const out = { namespace: '', buildResources: '', serviceResources: '', helperResources: '' };
  for (const field of KUBERNETES_FIELDS) {
    // Earlier versions' answers files record '' for these outside Kubernetes; only a real value is out of place there.
    if (mode !== 'kubernetes') {
      if (raw[field] !== undefined && raw[field] !== '') onlyFor(field, mode);
      continue;
    }
    out[field] = text(field, raw, KUBERNETES_DEFAULTS[field], checks[field]);
  }
  return out;
}

function imageRegistryOf(raw: RawAnswers, mode: Mode): string {
  const prefix = text('imageRegistry', raw, '', (s) => (s === '' ? undefined : v.checkImageRegistryPrefix(s)));
  if (prefix) onlyFor('imageRegistry', mode);
  return prefix;
}

/**
 * The answers a component fixed when the group generated it (its jobs' shape, not one of its inputs): refused
 * beside --component, which can pass inputs only.
 */
const FIXED_BY_COMPONENT: (keyof Answers)[] = [
  'imageRegistry',
  'registry',
  'target',
  'buildArgs',
  'testcontainers',
  'testImage',
  'registryMirror',
  'dependencyProxy',
  'mtu',
  'templates',
  'testInBuild',
];

function componentAnswer(raw: RawAnswers): string {
  const component = text('component', raw, '', (s) => (s === '' ? undefined : v.checkComponentRef(s)));
  if (component === '') return '';
  const fixed = FIXED_BY_COMPONENT.find((f) => given(raw, f) && !(Array.isArray(raw[f]) && (raw[f] as unknown[]).length === 0));
  if (fixed)
    throw new FieldError(
      FLAG_OF[fixed],
      `the component ${JSON.stringify(component)} fixes it (its inputs are image, the version, tags, Dockerfile, context, test command); expected it in the component's own answers, or no --component`,
    );
  return component;
}

export function resolveAnswers(raw: RawAnswers): Answers {
  const mode = parseMode(raw);
  const tls = parseTls(raw, mode);
  const registry = text('registry', raw, '', (s) => (s === '' ? undefined : v.checkRegistryHost(s)));
  const imageRegistry = imageRegistryOf(raw, mode);
  return {
    mode,
    dockerVersion: text('dockerVersion', raw, DOCKER_VERSION, v.checkDockerVersion),
    tls,
    imageRegistry,
    registry,
    image: parseImage(raw, registry),
    ...buildAnswers(raw),
    tags: parseTags(raw),
    gitlabUrl: text('gitlabUrl', raw, DEFAULT_GITLAB_URL, v.checkGitlabUrl),
    runnerName: text('runnerName', raw, defaultRunnerName(mode, tls), v.checkRunnerName),
    concurrent: parseConcurrent(raw),
    runnerConfig: text('runnerConfig', raw, DEFAULT_RUNNER_CONFIG, v.checkPath),
    templates: text('templates', raw, '', (s) => (s === '' ? undefined : v.checkPath(s))),
    ciFile: text('ciFile', raw, DEFAULT_CI_FILE, v.checkCiFile).replace(/^(\.\/)+/, ''),
    ...kubernetesAnswers(raw, mode),
    builderVersion: builderVersion(raw, mode),
    ...testAnswers(raw, mode),
    testInBuild: testInBuild(raw, mode),
    ...pullAnswers(raw, mode, imageRegistry),
    component: componentAnswer(raw),
    ...runnerAnswers(raw, mode),
  };
}
