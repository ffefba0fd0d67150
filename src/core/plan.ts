/**
 * The mode's plan: everything the templates lay out, derived from the answers in one place.
 * Templates decide layout and comments; the plan decides values.
 */
import path from 'node:path';
import { Answers } from './answers';
import { ModeInfo, modeInfo } from './modes';
import { majorOf, parseResources } from './validators';
import { FIRST_MAJOR_WITH_CLI_TAG } from './versions';

export const RUNNER_TOKEN_REF = '$RUNNER_TOKEN';
export const SOCKET_VOLUME = '/var/run/docker.sock:/var/run/docker.sock';
export const CERTS_VOLUME = '/certs/client';
export const CACHE_VOLUME = '/cache';

export interface CiPlan {
  /** Job image with the docker CLI; null for the shell executor. */
  cliImage: string | null;
  /** The dind service image; null when the mode has no daemon service. */
  dindImage: string | null;
  dockerHost: string | null;
  tlsCertDir: string | null;
  /** Kubernetes runs no entrypoints: the client's TLS settings must be explicit there. */
  tlsVerify: string | null;
  certPath: string | null;
  /** Kubernetes: the runner waits for the dind service on this port before the script. */
  healthcheckPort: string | null;
  imageName: string;
  /** Host logged in with REGISTRY_USER/REGISTRY_PASSWORD; '' = GitLab's registry. */
  pushRegistry: string;
  tags: string[];
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

export function dockerImage(answers: Answers, variant: 'cli' | 'dind'): string {
  const prefix = answers.imageRegistry === '' ? '' : `${answers.imageRegistry}/`;
  const v = answers.dockerVersion;
  if (variant === 'dind') return `${prefix}docker:${v}-dind`;
  // Docker before 23 has no -cli tag; the plain tag is the client image there.
  return majorOf(v) >= FIRST_MAJOR_WITH_CLI_TAG ? `${prefix}docker:${v}-cli` : `${prefix}docker:${v}`;
}

function ciPlan(a: Answers): CiPlan {
  const base = { imageName: a.image, pushRegistry: a.registry, tags: a.tags, tlsVerify: null, certPath: null, healthcheckPort: null };
  const port = a.tls ? '2376' : '2375';
  const dind = { ...base, cliImage: dockerImage(a, 'cli'), dindImage: dockerImage(a, 'dind'), dockerHost: `tcp://docker:${port}`, tlsCertDir: a.tls ? '/certs' : '' };
  switch (a.mode) {
    case 'dind':
      return dind;
    case 'kubernetes':
      return { ...dind, tlsVerify: a.tls ? '1' : null, certPath: a.tls ? '$DOCKER_TLS_CERTDIR/client' : null, healthcheckPort: port };
    case 'socket':
      return { ...base, cliImage: dockerImage(a, 'cli'), dindImage: null, dockerHost: 'unix:///var/run/docker.sock', tlsCertDir: null };
    case 'shell':
      return { ...base, cliImage: null, dindImage: null, dockerHost: null, tlsCertDir: null };
  }
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
  return [];
}

function runnerPlan(a: Answers, info: ModeInfo): RunnerPlan {
  return {
    concurrent: a.concurrent,
    name: a.runnerName,
    url: a.gitlabUrl,
    token: RUNNER_TOKEN_REF,
    executor: info.executor,
    image: info.executor === 'shell' ? null : dockerImage(a, 'cli'),
    privileged: info.privileged,
    volumes: runnerVolumes(a),
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
  }
  return args;
}

/** Where register.sh (in gitlab-runner/ under the output folder) finds the runner config. */
function runnerConfigFromScript(runnerConfig: string): string {
  return path.posix.isAbsolute(runnerConfig) ? runnerConfig : path.posix.relative('gitlab-runner', runnerConfig);
}

export function planFor(answers: Answers): Plan {
  const mode = modeInfo(answers.mode);
  const runner = runnerPlan(answers, mode);
  const k8s = answers.mode === 'kubernetes';
  return {
    answers,
    mode,
    ci: ciPlan(answers),
    runner,
    register: registerArgs(runner, runnerConfigFromScript(answers.runnerConfig)),
    templates: {
      ci: `ci/${answers.mode}.yml`,
      runner: `runner/${answers.mode}.toml`,
      register: 'runner/register.sh',
      values: k8s ? 'runner/values.yaml' : null,
      runnerSection: k8s ? 'runner/partials/kubernetes-runner.toml' : null,
    },
  };
}
