/**
 * The rules each mode's two files must keep together (the README's "Modes" table, docs/modes.md), stated
 * once over parsed files. The render check holds every output to them; lint reads the same facts.
 */
import { EffectiveJob } from './effective-jobs';
import { Mode } from './modes';
import { CERTS_VOLUME, SOCKET_VOLUME } from './plan';

export interface RunnerSection {
  executor?: string;
  docker?: {
    privileged?: boolean;
    services_privileged?: boolean;
    allowed_privileged_services?: string[];
    volumes?: string[];
    image?: string;
    security_opt?: string[];
  };
  /** `emptyDirs`: mount paths of [[runners.kubernetes.volumes.empty_dir]]; `servicesPrivileged`: the service containers' security context. */
  kubernetes?: { privileged?: boolean; servicesPrivileged?: boolean; emptyDirs?: string[]; image?: string };
}

const privileged = (r: RunnerSection): boolean => Boolean(r.docker?.privileged ?? r.kubernetes?.privileged);

/** GitLab Runner's image patterns (doublestar, as allowed_* use them): `*` within a path segment, `**` across. */
export function imagePatternMatches(pattern: string, image: string): boolean {
  const re = pattern
    .split('**')
    .map((part) =>
      part
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*'),
    )
    .join('.*');
  return new RegExp(`^${re}$`).test(image);
}

/**
 * Whether the runner starts this service privileged: docker `services_privileged` (else `privileged`), and
 * where allowed_privileged_services is given, only an image it matches; kubernetes: the service containers'
 * security context (else `privileged`).
 */
export function servicePrivileged(r: RunnerSection, image: string): boolean {
  if (r.kubernetes) return Boolean(r.kubernetes.servicesPrivileged ?? r.kubernetes.privileged);
  const d = r.docker;
  if (!(d?.services_privileged ?? d?.privileged)) return false;
  const allowed = d?.allowed_privileged_services ?? [];
  if (allowed.length === 0) return true;
  // The Dependency Proxy's prefix is GitLab's to fill in (HOST:PORT/GROUP/dependency_proxy/containers): judged
  // here by what follows it, against patterns written for that prefix.
  const proxied = PROXY_PREFIX.exec(image);
  if (proxied) {
    const rest = image.slice(proxied[0].length);
    return allowed.some((p) => p.includes(PROXY_PATH) && imagePatternMatches(p.slice(p.lastIndexOf(PROXY_PATH) + PROXY_PATH.length), rest));
  }
  return allowed.some((p) => imagePatternMatches(p, image));
}

const PROXY_PREFIX = /^\$\{?CI_DEPENDENCY_PROXY_(?:DIRECT_)?GROUP_IMAGE_PREFIX\}?\//;
const PROXY_PATH = '/dependency_proxy/containers/';
const certsShared = (r: RunnerSection): boolean => Boolean(r.docker?.volumes?.includes(CERTS_VOLUME) || r.kubernetes?.emptyDirs?.includes(CERTS_VOLUME));

const clientTlsExplicit = (job: EffectiveJob): boolean =>
  job.variables.DOCKER_TLS_VERIFY === '1' && ['$DOCKER_TLS_CERTDIR/client', '/certs/client'].includes(job.variables.DOCKER_CERT_PATH ?? '');

export const isDindService = (name: string): boolean => /(^|\/)docker:[^/]*dind/.test(name);

export function dindRules(job: EffectiveJob, runner: RunnerSection, tls: boolean): string[] {
  const problems: string[] = [];
  const dind = job.services.filter((s) => isDindService(s.name));
  if (dind.length !== 1) return [`${job.name}: expected one docker:*-dind service, found ${dind.length}`];
  const service = dind[0];
  if (service.alias !== 'docker' && !/(^|\/)docker:/.test(service.name)) problems.push(`${job.name}: dind service needs alias docker`);
  if (!servicePrivileged(runner, service.name))
    problems.push(`dind needs its service privileged in [runners.${runner.kubernetes ? 'kubernetes' : 'docker'}] (services_privileged, or privileged)`);
  if (runner.docker?.volumes?.includes(SOCKET_VOLUME)) problems.push('dind service and a bound Docker socket conflict');
  // Only a docker CLI image must match the daemon; a test image (maven, node) beside dind is fine.
  const cli = job.image !== undefined && /(^|\/)docker:/.test(job.image);
  if (cli && (tagVersion(job.image!) !== tagVersion(service.name) || canonicalRegistry(job.image!) !== canonicalRegistry(service.name))) {
    problems.push(`${job.name}: CLI image ${job.image} and dind service ${service.name} differ in version or registry`);
  }
  const host = job.variables.DOCKER_HOST;
  const certDir = job.variables.DOCKER_TLS_CERTDIR;
  if (tls && (host !== 'tcp://docker:2376' || certDir !== '/certs' || !certsShared(runner))) {
    problems.push(`${job.name}: TLS needs DOCKER_HOST tcp://docker:2376, DOCKER_TLS_CERTDIR /certs and the /certs/client volume`);
  }
  // An entrypoint decides TLS once, when the job starts: before dind wrote its certificates, it decides wrong.
  if (tls && !clientTlsExplicit(job)) {
    problems.push(`${job.name}: TLS needs DOCKER_TLS_VERIFY "1" and DOCKER_CERT_PATH "$DOCKER_TLS_CERTDIR/client" set explicitly`);
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

/** dind on the Kubernetes executor: dind's rules, plus what the executor does not do for the job. */
export function kubernetesRules(job: EffectiveJob, runner: RunnerSection, tls: boolean): string[] {
  const problems = dindRules(job, runner, tls);
  if (runner.executor !== 'kubernetes') problems.push('kubernetes mode needs executor = "kubernetes"');
  const service = job.services.find((s) => isDindService(s.name));
  const port = tls ? '2376' : '2375';
  if (service && service.variables.HEALTHCHECK_TCP_PORT !== port) problems.push(`${job.name}: the dind service needs HEALTHCHECK_TCP_PORT "${port}"`);
  return problems;
}

/** Buildah and rootless BuildKit: no daemon, no privileged runner, the settings their docs require. */
export function builderRules(job: EffectiveJob, runner: RunnerSection, builder: 'buildah' | 'buildkit'): string[] {
  const problems: string[] = [];
  if (job.services.some((s) => isDindService(s.name))) problems.push(`${job.name}: ${builder} needs no dind service`);
  if (privileged(runner)) problems.push(`${builder} runs without privileged mode: set privileged = false`);
  const building = job.image !== undefined && (builder === 'buildah' ? /buildah/ : /buildkit/).test(job.image);
  if (builder === 'buildah' && building && job.variables.STORAGE_DRIVER !== 'vfs') {
    problems.push(`${job.name}: Buildah in a container needs STORAGE_DRIVER vfs (overlay cannot stack on overlay)`);
  }
  if (builder === 'buildah' && building) {
    const opts = runner.docker?.security_opt ?? [];
    if (runner.docker && !opts.includes('seccomp:unconfined')) problems.push('Buildah needs security_opt seccomp:unconfined (it creates a user namespace)');
  }
  if (builder === 'buildkit' && building) {
    if (!job.image!.endsWith('-rootless') && !job.image!.endsWith(':rootless')) problems.push(`${job.name}: use the rootless BuildKit image`);
    if (!(job.variables.BUILDKITD_FLAGS ?? '').includes('--oci-worker-no-process-sandbox'))
      problems.push(`${job.name}: rootless BuildKit needs BUILDKITD_FLAGS --oci-worker-no-process-sandbox`);
    const opts = runner.docker?.security_opt ?? [];
    if (!opts.includes('seccomp:unconfined') || !opts.includes('apparmor:unconfined'))
      problems.push('rootless BuildKit needs security_opt seccomp:unconfined and apparmor:unconfined');
  }
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

/** Each mode's rules over one effective job on its runner: the render check and the pair check use the same. */
export const MODE_RULES: Record<Mode, (job: EffectiveJob, runner: RunnerSection, tls: boolean) => string[]> = {
  dind: dindRules,
  kubernetes: kubernetesRules,
  socket: (job, runner) => socketRules(job, runner),
  shell: (job, runner) => shellRules(job, runner),
  buildah: (job, runner) => builderRules(job, runner, 'buildah'),
  buildkit: (job, runner) => builderRules(job, runner, 'buildkit'),
};

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The runner the mode rules read, from a parsed config.toml's [[runners]] entry (executor, privilege, volumes...). */
export function parsedRunnerSection(runner: Obj): RunnerSection {
  const docker = isObject(runner.docker) ? runner.docker : undefined;
  const kube = isObject(runner.kubernetes) ? runner.kubernetes : undefined;
  const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.map(String) : undefined);
  const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
  const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const emptyDirs =
    kube && isObject(kube.volumes) && Array.isArray(kube.volumes.empty_dir) ? kube.volumes.empty_dir.filter(isObject).map((d) => String(d.mount_path)) : [];
  const serviceContext = kube && isObject(kube.service_container_security_context) ? kube.service_container_security_context : undefined;
  return {
    executor: text(runner.executor),
    docker: docker && {
      privileged: bool(docker.privileged),
      services_privileged: bool(docker.services_privileged),
      allowed_privileged_services: strings(docker.allowed_privileged_services),
      volumes: strings(docker.volumes),
      image: text(docker.image),
      security_opt: strings(docker.security_opt),
    },
    kubernetes: kube && { privileged: bool(kube.privileged), servicesPrivileged: bool(serviceContext?.privileged), emptyDirs, image: text(kube.image) },
  };
}
