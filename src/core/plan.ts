/**
 * The mode's plan: everything the templates lay out, derived from the answers in one place.
 * Templates decide layout and comments; the plan decides values.
 */
import { Answers } from './answers';
import { ModeInfo, modeInfo } from './modes';
import { majorOf } from './validators';
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
  executor: 'docker' | 'shell';
  image: string | null;
  privileged: boolean;
  volumes: string[];
}

export interface Plan {
  answers: Answers;
  mode: ModeInfo;
  ci: CiPlan;
  runner: RunnerPlan;
  /** Arguments of `gitlab-runner register` other than the token, as [flag, value?] pairs. */
  register: string[][];
  /** Built-in template names, also the names an override folder uses. */
  templates: { ci: string; runner: string; register: string };
}

export function dockerImage(answers: Answers, variant: 'cli' | 'dind'): string {
  const prefix = answers.imageRegistry === '' ? '' : `${answers.imageRegistry}/`;
  const v = answers.dockerVersion;
  if (variant === 'dind') return `${prefix}docker:${v}-dind`;
  // Docker before 23 has no -cli tag; the plain tag is the client image there.
  return majorOf(v) >= FIRST_MAJOR_WITH_CLI_TAG ? `${prefix}docker:${v}-cli` : `${prefix}docker:${v}`;
}

function ciPlan(a: Answers): CiPlan {
  const base = { imageName: a.image, pushRegistry: a.registry, tags: a.tags };
  switch (a.mode) {
    case 'dind':
      return {
        ...base,
        cliImage: dockerImage(a, 'cli'),
        dindImage: dockerImage(a, 'dind'),
        dockerHost: a.tls ? 'tcp://docker:2376' : 'tcp://docker:2375',
        tlsCertDir: a.tls ? '/certs' : '',
      };
    case 'socket':
      return { ...base, cliImage: dockerImage(a, 'cli'), dindImage: null, dockerHost: 'unix:///var/run/docker.sock', tlsCertDir: null };
    case 'shell':
      return { ...base, cliImage: null, dindImage: null, dockerHost: null, tlsCertDir: null };
  }
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
    image: info.executor === 'docker' ? dockerImage(a, 'cli') : null,
    privileged: info.privileged,
    volumes: runnerVolumes(a),
  };
}

/** `gitlab-runner register` flags for the same runner (RUN-REG); tags live in GitLab with --token. */
function registerArgs(r: RunnerPlan): string[][] {
  const args = [['--non-interactive'], ['--url', r.url], ['--executor', r.executor], ['--name', r.name]];
  if (r.executor === 'docker' && r.image) {
    args.push(['--docker-image', r.image]);
    if (r.privileged) args.push(['--docker-privileged']);
    for (const volume of r.volumes) args.push(['--docker-volumes', volume]);
  }
  return args;
}

export function planFor(answers: Answers): Plan {
  const mode = modeInfo(answers.mode);
  const runner = runnerPlan(answers, mode);
  return {
    answers,
    mode,
    ci: ciPlan(answers),
    runner,
    register: registerArgs(runner),
    templates: { ci: `ci/${answers.mode}.yml`, runner: `runner/${answers.mode}.toml`, register: 'runner/register.sh' },
  };
}
