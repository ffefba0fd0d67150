/**
 * The answers model: what a user decides, from flags, the wizard or the answers file.
 * `resolveAnswers` is the one gate: every value is validated here and defaults are filled in.
 */
import { UsageError } from './errors';
import { MODE_IDS, Mode } from './modes';
import * as v from './validators';
import { DOCKER_VERSION } from './versions';

export interface Answers {
  mode: Mode;
  dockerVersion: string;
  /** dind only; recorded as true for other modes. */
  tls: boolean;
  /** Prefix the docker images are pulled through; '' = Docker Hub. */
  imageRegistry: string;
  /** Host built images are pushed to; '' = GitLab's registry ($CI_REGISTRY). */
  registry: string;
  image: string;
  tags: string[];
  gitlabUrl: string;
  runnerName: string;
  concurrent: number;
  /** Where the runner config goes, relative to the output folder unless absolute. */
  runnerConfig: string;
  /** A folder of templates overriding the built-in ones by name; '' = none. */
  templates: string;
  /** Kubernetes only (recorded as '' elsewhere): job pods' namespace and container resources. */
  namespace: string;
  buildResources: string;
  serviceResources: string;
  helperResources: string;
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
  tags: 'tags',
  gitlabUrl: 'gitlab-url',
  runnerName: 'runner-name',
  concurrent: 'concurrent',
  runnerConfig: 'runner-config',
  templates: 'templates',
  namespace: 'namespace',
  buildResources: 'build-resources',
  serviceResources: 'service-resources',
  helperResources: 'helper-resources',
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
export const DEFAULT_GITLAB_URL = 'https://gitlab.com/';
export const DEFAULT_CONCURRENT = 4;

export function defaultRunnerName(mode: Mode, tls: boolean): string {
  if (mode === 'dind') return tls ? 'dind-tls' : 'dind-no-tls';
  if (mode === 'kubernetes') return tls ? 'k8s-dind-tls' : 'k8s-dind-no-tls';
  return mode === 'socket' ? 'docker-socket' : 'shell-docker';
}

export function usage(field: keyof Answers, value: unknown, expected: string): UsageError {
  return new UsageError(`--${FLAG_OF[field]}: ${JSON.stringify(value)} is not valid; expected ${expected}`);
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
  for (const tag of list) {
    const problem = v.checkRunnerTag(tag);
    if (problem) throw usage('tags', tag, problem);
  }
  const dup = list.find((t, i) => list.indexOf(t) !== i);
  if (dup !== undefined) throw usage('tags', dup, 'each tag once');
  return list;
}

function parseTls(raw: RawAnswers, mode: Mode): boolean {
  const value = raw.tls;
  if (value === undefined) return true;
  if (typeof value !== 'boolean') throw usage('tls', value, '--tls or --no-tls');
  if (!value && mode !== 'dind' && mode !== 'kubernetes') {
    throw new UsageError(`--no-tls: applies to --mode dind or kubernetes only, not ${JSON.stringify(mode)}`);
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
    throw new UsageError(`--image: required with --registry ${JSON.stringify(registry)}; expected the image to push, such as ${registry}/group/app`);
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
    // The answers file records '' for these outside Kubernetes; only a real value is out of place there.
    if (mode !== 'kubernetes') {
      if (raw[field] !== undefined && raw[field] !== '') throw new UsageError(`--${FLAG_OF[field]}: applies to --mode kubernetes only, not ${JSON.stringify(mode)}`);
      continue;
    }
    out[field] = text(field, raw, KUBERNETES_DEFAULTS[field], checks[field]);
  }
  return out;
}

export function resolveAnswers(raw: RawAnswers): Answers {
  const mode = parseMode(raw);
  const tls = parseTls(raw, mode);
  const registry = text('registry', raw, '', (s) => (s === '' ? undefined : v.checkRegistryHost(s)));
  return {
    mode,
    dockerVersion: text('dockerVersion', raw, DOCKER_VERSION, v.checkDockerVersion),
    tls,
    imageRegistry: text('imageRegistry', raw, '', (s) => (s === '' ? undefined : v.checkImageRegistryPrefix(s))),
    registry,
    image: parseImage(raw, registry),
    tags: parseTags(raw),
    gitlabUrl: text('gitlabUrl', raw, DEFAULT_GITLAB_URL, v.checkGitlabUrl),
    runnerName: text('runnerName', raw, defaultRunnerName(mode, tls), v.checkRunnerName),
    concurrent: parseConcurrent(raw),
    runnerConfig: text('runnerConfig', raw, DEFAULT_RUNNER_CONFIG, v.checkPath),
    templates: text('templates', raw, '', (s) => (s === '' ? undefined : v.checkPath(s))),
    ...kubernetesAnswers(raw, mode),
  };
}
