'use strict';
/**
 * What GitLab Runner's docker executor would do with a [[runners]] section, as `docker create` flags.
 *
 * The suite never writes runner settings per mode: it reads the generated config.toml and applies what
 * this module says. A key it does not know fails the run (unknownKeys), so a new setting in our
 * templates is emulated on purpose, not ignored by accident.
 */
const TOML = require('@iarna/toml');

/** Keys of [runners.docker] that change nothing here (said why), or are read elsewhere. */
const INERT_DOCKER_KEYS = {
  tls_verify: "the runner's link to its own daemon",
  image: 'the default image; every generated job names its own',
  disable_cache: 'the runner cache folder, not used by these pipelines',
  wait_for_services_timeout: 'read by the pipeline runner (gitlab-ci-local --wait-for-services-timeout)',
  pull_policy: 'every image is a stand-in tagged on this host under the name the pipeline gives; none comes from a registry',
  helper_image: "the runner's own helper (clone, artifacts); gitlab-ci-local clones and copies with its own",
};

/** Keys of [[runners]] itself: what this module reads, or why it changes nothing here. */
const RUNNER_KEYS = {
  name: 'picks the runner',
  url: "the runner's GitLab",
  token: "the runner's GitLab",
  executor: 'read (docker, kubernetes run as docker; shell)',
  docker: 'read (createFlags)',
  kubernetes: 'read (asDockerRunner)',
  cache: 'the distributed cache serves `cache:` of jobs, which these pipelines do not use',
};

/** The [[runners]] entry of a config.toml text: the one named `name`, or the only one. */
function readRunner(tomlText, name) {
  const config = TOML.parse(tomlText);
  const runners = config.runners ?? [];
  const runner = name === undefined ? runners[0] : runners.find((r) => r.name === name);
  if (!runner || (name === undefined && runners.length !== 1)) {
    throw new Error(name === undefined ? `expected one [[runners]] entry, found ${runners.length}` : `no [[runners]] entry named ${name}`);
  }
  return runner;
}

/**
 * GitLab Runner's image patterns (allowed_*): `*` matches within a path segment, `**` across segments.
 * An image name without a tag matches as written.
 */
function imageMatches(pattern, image) {
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
 * Whether a container of `role` ('job' or 'service') running `image` is privileged:
 * `privileged` for jobs, `services_privileged` (else `privileged`) for services, and where an
 * allowed_privileged_* list is given, only images it matches.
 */
function isPrivileged(docker, role, image) {
  const wanted = role === 'service' ? (docker.services_privileged ?? docker.privileged) : docker.privileged;
  if (!wanted) return false;
  const allowed = role === 'service' ? docker.allowed_privileged_services : docker.allowed_privileged_images;
  if (allowed === undefined || allowed.length === 0) return true;
  return allowed.some((pattern) => imageMatches(pattern, image));
}

/**
 * `volumes` as docker flags. `host:container[:mode]` binds; a bare container path is a volume the
 * runner creates and shares between the job and its services: one named volume per job run here.
 */
function volumeFlags(volumes, volumePrefix) {
  return (volumes ?? []).map((spec) => {
    if (spec.includes(':')) return `--volume=${spec}`;
    const slug = spec.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
    return `--volume=${volumePrefix}-${slug}:${spec}`;
  });
}

/**
 * The flags a container of `role` gets from the runner section.
 * `privilegedFlags` is how this machine grants privileged (see host.js): `['--privileged']` where a true
 * privileged container works, an equivalent set where it does not.
 */
function createFlags(runner, { role, image, volumePrefix, privilegedFlags }) {
  const docker = runner.docker ?? {};
  const flags = [];
  if (isPrivileged(docker, role, image)) flags.push(...privilegedFlags);
  flags.push(...volumeFlags(docker.volumes, volumePrefix));
  const securityOpt = role === 'service' ? docker.services_security_opt : docker.security_opt;
  for (const opt of securityOpt ?? []) flags.push(`--security-opt=${dockerSecurityOpt(opt)}`);
  for (const cap of docker.cap_add ?? []) flags.push(`--cap-add=${cap}`);
  for (const cap of docker.cap_drop ?? []) flags.push(`--cap-drop=${cap}`);
  for (const device of docker.devices ?? []) flags.push(`--device=${device}`);
  for (const host of docker.extra_hosts ?? []) flags.push(`--add-host=${host}`);
  return flags;
}

/** The runner writes `seccomp:unconfined`; the docker CLI takes `seccomp=unconfined` (both are accepted by the API). */
function dockerSecurityOpt(opt) {
  return opt.replace(/^(seccomp|apparmor|label|no-new-privileges):/, '$1=');
}

const EMULATED_DOCKER_KEYS = new Set([
  'privileged',
  'services_privileged',
  'allowed_privileged_images',
  'allowed_privileged_services',
  'volumes',
  'security_opt',
  'services_security_opt',
  'cap_add',
  'cap_drop',
  'devices',
  'extra_hosts',
]);

/** Keys of the runner section this emulation neither applies nor knows to be inert. */
function unknownKeys(runner) {
  // `unapplied`: what asDockerRunner found in [runners.kubernetes] and could not apply.
  const unknown = Object.keys(runner)
    .filter((key) => key !== 'unapplied' && !(key in RUNNER_KEYS))
    .map((key) => `runners.${key}`);
  unknown.push(...(runner.unapplied ?? []));
  for (const key of Object.keys(runner.docker ?? {})) {
    if (!EMULATED_DOCKER_KEYS.has(key) && !(key in INERT_DOCKER_KEYS)) unknown.push(`runners.docker.${key}`);
  }
  return unknown;
}

/**
 * A kubernetes runner run on the docker executor. `privileged` holds for every container of the pod unless a
 * container's security context says otherwise (the runner's GetContainerSecurityContext: the context's
 * `privileged`, else the executor's): the build container's is the job's, the service containers' is
 * services_privileged here. An empty_dir is a volume every container of the pod mounts. Nothing else of
 * [runners.kubernetes] has a docker meaning (requests, limits, namespace, pull_policy, helper_image); a
 * security context key other than `privileged` is reported, as it would not be applied.
 */
function asDockerRunner(runner) {
  if (runner.executor !== 'kubernetes') return runner;
  const k8s = runner.kubernetes ?? {};
  const emptyDirs = (k8s.volumes?.empty_dir ?? []).map((v) => v.mount_path);
  const contexts = ['build_container_security_context', 'service_container_security_context', 'helper_container_security_context'];
  const unapplied = contexts.flatMap((c) =>
    Object.keys(k8s[c] ?? {})
      .filter((k) => k !== 'privileged')
      .map((k) => `runners.kubernetes.${c}.${k}`),
  );
  const podPrivileged = Boolean(k8s.privileged);
  const docker = {
    privileged: k8s.build_container_security_context?.privileged ?? podPrivileged,
    services_privileged: k8s.service_container_security_context?.privileged ?? podPrivileged,
    volumes: emptyDirs,
  };
  const { kubernetes: _k8s, ...rest } = runner;
  return { ...rest, executor: 'docker', docker, ...(unapplied.length ? { unapplied } : {}) };
}

module.exports = { RUNNER_KEYS, readRunner, createFlags, isPrivileged, imageMatches, volumeFlags, unknownKeys, asDockerRunner, INERT_DOCKER_KEYS };
