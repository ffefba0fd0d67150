/**
 * The rules each mode's two files must keep together (SPEC "Modes"), stated once over parsed
 * files. The render check holds every output to them; lint reads the same facts.
 */
import { EffectiveJob } from './pipeline';
import { CERTS_VOLUME, SOCKET_VOLUME } from './plan';

export interface RunnerSection {
  executor?: string;
  docker?: { privileged?: boolean; volumes?: string[]; image?: string };
}

export const isDindService = (name: string): boolean => /(^|\/)docker:[^/]*dind/.test(name);
export const dockerTagOf = (image: string): string => image.slice(image.lastIndexOf(':') + 1);
export const registryOf = (image: string): string => image.slice(0, image.lastIndexOf('/') + 1);
/** `29.10.1-cli`, `29.10.1-dind`, `29.10.1` → `29.10.1`. */
export const dockerVersionOf = (image: string): string => dockerTagOf(image).replace(/-(cli|dind(-rootless)?)$/, '');

export function dindRules(job: EffectiveJob, runner: RunnerSection, tls: boolean): string[] {
  const problems: string[] = [];
  const dind = job.services.filter((s) => isDindService(s.name));
  if (dind.length !== 1) return [`${job.name}: expected one docker:*-dind service, found ${dind.length}`];
  const service = dind[0];
  if (service.alias !== 'docker' && !/(^|\/)docker:/.test(service.name)) problems.push(`${job.name}: dind service needs alias docker`);
  if (!runner.docker?.privileged) problems.push('dind needs privileged = true in [runners.docker]');
  if (runner.docker?.volumes?.includes(SOCKET_VOLUME)) problems.push('dind service and a bound Docker socket conflict');
  if (!job.image || dockerVersionOf(job.image) !== dockerVersionOf(service.name) || registryOf(job.image) !== registryOf(service.name)) {
    problems.push(`${job.name}: CLI image ${job.image} and dind service ${service.name} differ in version or registry`);
  }
  const host = job.variables.DOCKER_HOST;
  const certDir = job.variables.DOCKER_TLS_CERTDIR;
  const certsShared = runner.docker?.volumes?.includes(CERTS_VOLUME) ?? false;
  if (tls && (host !== 'tcp://docker:2376' || certDir !== '/certs' || !certsShared)) {
    problems.push(`${job.name}: TLS needs DOCKER_HOST tcp://docker:2376, DOCKER_TLS_CERTDIR /certs and the /certs/client volume`);
  }
  if (!tls && (host !== 'tcp://docker:2375' || certDir !== '')) {
    problems.push(`${job.name}: no TLS needs DOCKER_HOST tcp://docker:2375 and DOCKER_TLS_CERTDIR ""`);
  }
  return problems;
}

export function socketRules(job: EffectiveJob, runner: RunnerSection): string[] {
  const problems: string[] = [];
  if (job.services.some((s) => isDindService(s.name))) problems.push(`${job.name}: a dind service conflicts with the bound socket`);
  if (runner.docker?.privileged) problems.push('socket binding needs no privileged runner');
  if (!runner.docker?.volumes?.includes(SOCKET_VOLUME)) problems.push(`socket binding needs ${SOCKET_VOLUME} in volumes`);
  return problems;
}

export function shellRules(job: EffectiveJob, runner: RunnerSection): string[] {
  const problems: string[] = [];
  if (runner.executor !== 'shell') problems.push('shell mode needs executor = "shell"');
  if (job.image !== undefined || job.services.length > 0) problems.push(`${job.name}: the shell executor ignores image and services`);
  return problems;
}

/** An image reference split up: `harbor.example.com/devops/docker:29.10.1-dind` → prefix, repo, tag. */
export interface ImageRef {
  prefix: string;
  repo: string;
  tag?: string;
  digest?: string;
}

export function parseImage(ref: string): ImageRef {
  const at = ref.indexOf('@');
  const rest = at >= 0 ? ref.slice(0, at) : ref;
  const slash = rest.lastIndexOf('/');
  const last = rest.slice(slash + 1);
  const colon = last.indexOf(':');
  return {
    prefix: rest.slice(0, slash + 1),
    repo: colon >= 0 ? last.slice(0, colon) : last,
    tag: colon >= 0 ? last.slice(colon + 1) : undefined,
    digest: at >= 0 ? ref.slice(at + 1) : undefined,
  };
}

/** The official `docker` image (client or daemon), from Docker Hub or any mirror of it. */
export const isDockerImage = (ref: string): boolean => parseImage(ref).repo === 'docker';

/** Docker Hub spelled in full (`docker.io/library/`, `registry.hub.docker.com/library/`) is Docker Hub. */
export const canonicalRegistry = (ref: string): string =>
  parseImage(ref).prefix.replace(/^((docker\.io|index\.docker\.io|registry\.hub\.docker\.com|registry-1\.docker\.io)\/)?(library\/)?$/, '');

/** The Docker version a tag names (`24.0.5-cli` → `24.0.5`, `24-dind` → `24`); undefined for `dind`, `latest`, `cli`... */
export function tagVersion(ref: string): string | undefined {
  const tag = parseImage(ref).tag;
  return tag === undefined ? undefined : /^(\d+(\.\d+)*)(-|$)/.exec(tag)?.[1];
}

export const majorOfVersion = (version: string): number => Number(version.split('.')[0]);

/** Pinned: a version in the tag or a digest. A tag built from a CI variable cannot be judged here. */
export const isPinnedImage = (ref: string): boolean => ref.includes('$') || parseImage(ref).digest !== undefined || tagVersion(ref) !== undefined;

/** Host names a service answers to (GitLab services docs): its image path without tag or port, `/` as `__` and `-`, plus its aliases. */
export function serviceHostnames(service: { name: string; alias?: string }): string[] {
  const image = parseImage(service.name);
  const path = `${image.prefix}${image.repo}`.replace(/^([^/]+):\d+\//, '$1/');
  const names = [path.replace(/\//g, '__'), path.replace(/\//g, '-')];
  return [...names, ...(service.alias ?? '').split(/[\s,]+/).filter(Boolean)];
}
