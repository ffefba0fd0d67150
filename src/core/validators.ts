/**
 * Validators shared by flags, the wizard and the answers file. Each returns undefined when the
 * value is fine, else the "expected ..." half of a one-line message.
 */
import { OLDEST_SUPPORTED_MAJOR } from './versions';

export { checkCacheUrl } from './runner-answers';

const DOCKER_VERSION_RE = /^(\d+)(?:\.\d+){0,2}(?:-(?:rc|beta|alpha)\.\d+)?$/;
// Docker's reference grammar (distribution/reference): lowercase path components.
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN_LABEL = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const HOST = `(?:${DOMAIN_LABEL}(?:\\.${DOMAIN_LABEL})*|\\[[0-9a-fA-F:.]+\\])`;
const HOST_PORT = `${HOST}(?::(\\d{1,5}))?`;
const HOST_PORT_RE = new RegExp(`^${HOST_PORT}$`);
const PREFIX_RE = new RegExp(`^${HOST_PORT}(?:/${PATH_COMPONENT})*$`);
const PATH_RE = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const TAG_RE = /^[\w][\w.-]{0,127}$/;

/** The variable GitLab sets to the project's image in its registry (docs/reference.md: default of --image). */
export const CI_REGISTRY_IMAGE = '$CI_REGISTRY_IMAGE';

// Control characters and non-characters would change meaning or vanish in YAML/TOML; refuse them.
const UNPRINTABLE_RE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/u;

export function checkPrintable(value: string): string | undefined {
  if (!value.isWellFormed()) return 'text without unpaired surrogates';
  if (UNPRINTABLE_RE.test(value)) return 'text without control characters or line breaks';
  return undefined;
}

export function majorOf(version: string): number {
  return Number(version.split(/[.-]/)[0]);
}

export function checkDockerVersion(value: string): string | undefined {
  const expected = `a pinned Docker release such as 29.10.1 (MAJOR[.MINOR[.PATCH]], ${OLDEST_SUPPORTED_MAJOR} or later; not latest, dind or cli)`;
  if (!DOCKER_VERSION_RE.test(value) || !TAG_RE.test(value)) return expected;
  return majorOf(value) >= OLDEST_SUPPORTED_MAJOR ? undefined : expected;
}

/**
 * A matched host[:port] whose port is in range and whose host a URL parser takes: every host check
 * (registry, mirror prefix, mirror URL, GitLab URL) then agrees, e.g. on a malformed `xn--` label.
 */
function portOk(match: RegExpMatchArray | null): boolean {
  if (!match) return false;
  const port = match[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return false;
  try {
    new URL(`https://${match[0]}/`);
    return true;
  } catch {
    return false;
  }
}

export function checkRegistryHost(value: string): string | undefined {
  return portOk(value.match(HOST_PORT_RE)) ? undefined : 'a registry host[:port] such as registry.example.com:5000 (no scheme, no path)';
}

export function checkImageRegistryPrefix(value: string): string | undefined {
  const expected = 'a registry prefix host[:port][/path] such as harbor.example.com/devops (no scheme, lowercase path, no trailing slash)';
  return portOk(value.match(PREFIX_RE)) ? undefined : expected;
}

/**
 * The image that is built: a name without tag or digest; the tool adds the tags.
 * `$CI_REGISTRY_IMAGE` and `$CI_REGISTRY_IMAGE/sub/path` are GitLab's registry.
 */
export function checkImageName(value: string): string | undefined {
  const expected = 'an image name without tag, lowercase repository, such as registry.example.com/group/app or $CI_REGISTRY_IMAGE/app';
  if (value.length > 255) return expected;
  if (value === CI_REGISTRY_IMAGE) return undefined;
  if (value.startsWith(`${CI_REGISTRY_IMAGE}/`)) {
    return PATH_RE.test(value.slice(CI_REGISTRY_IMAGE.length + 1)) ? undefined : expected;
  }
  const slash = value.indexOf('/');
  const first = slash < 0 ? '' : value.slice(0, slash);
  // As in Docker: the first component is a registry host only if it looks like one.
  const hasHost = first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('[');
  if (hasHost) {
    if (!portOk(first.match(HOST_PORT_RE))) return expected;
    return PATH_RE.test(value.slice(slash + 1)) ? undefined : expected;
  }
  return PATH_RE.test(value) ? undefined : expected;
}

/** The registry host an image name starts with (`registry.example.com:5000/group/app`); undefined when it names none. */
export function imageHost(value: string): string | undefined {
  const slash = value.indexOf('/');
  const first = slash < 0 ? '' : value.slice(0, slash);
  const hasHost = first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('[');
  return hasHost && checkImageName(value) === undefined ? first : undefined;
}

/** An http(s) URL without credentials, query or fragment; undefined when the value is not one. */
function plainHttpUrl(value: string): URL | undefined {
  if (/\s/.test(value) || checkPrintable(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const plain = (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password && !url.search && !url.hash && url.hostname;
  return plain ? url : undefined;
}

export function checkGitlabUrl(value: string): string | undefined {
  return plainHttpUrl(value) ? undefined : 'an http(s) URL such as https://gitlab.example.com/ (no credentials, query or spaces)';
}

export function checkRunnerTag(value: string): string | undefined {
  const expected = 'runner tags separated by commas, each 1 to 255 characters of text';
  if (value.length === 0 || value.length > 255 || value !== value.trim()) return expected;
  return checkPrintable(value) ? expected : undefined;
}

export function checkRunnerName(value: string): string | undefined {
  const expected = 'a runner name of 1 to 255 characters, without control characters or line breaks';
  if (value.trim().length === 0 || value.length > 255) return expected;
  return checkPrintable(value) ? expected : undefined;
}

export function checkConcurrent(value: string): string | undefined {
  const expected = 'a whole number from 1 to 1000';
  if (!/^\d{1,4}$/.test(value)) return expected;
  const n = Number(value);
  return n >= 1 && n <= 1000 ? undefined : expected;
}

export function checkPath(value: string): string | undefined {
  if (value.length === 0) return 'a non-empty path';
  return checkPrintable(value) ? 'a path without control characters' : undefined;
}

export function checkNamespace(value: string): string | undefined {
  const ok = value.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value);
  return ok ? undefined : 'a Kubernetes namespace: lowercase letters, digits and -, at most 63 characters';
}

const CPU = /^(\d+(\.\d+)?m?)$/;
const MEMORY = /^\d+(\.\d+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;

export interface ContainerResources {
  cpu: { request?: string; limit?: string };
  memory: { request?: string; limit?: string };
}

/** `cpu=500m:1,memory=512Mi:1Gi`: request[:limit] per resource, each part optional. */
export function parseResources(value: string): ContainerResources | undefined {
  const out: ContainerResources = { cpu: {}, memory: {} };
  if (value === '') return out;
  for (const part of value.split(',')) {
    const m = /^(cpu|memory)=([^:]*)(?::(.*))?$/.exec(part);
    if (!m) return undefined;
    const [, kind, request, limit] = m;
    const grammar = kind === 'cpu' ? CPU : MEMORY;
    const target = out[kind as 'cpu' | 'memory'];
    if (target.request !== undefined || target.limit !== undefined) return undefined;
    if (request !== '' && !grammar.test(request)) return undefined;
    if (limit !== undefined && !grammar.test(limit)) return undefined;
    if (request === '' && limit === undefined) return undefined;
    if (request !== '') target.request = request;
    if (limit !== undefined) target.limit = limit;
  }
  return out;
}

export function checkResources(value: string): string | undefined {
  return parseResources(value) ? undefined : 'cpu=REQUEST[:LIMIT],memory=REQUEST[:LIMIT] with Kubernetes quantities, such as cpu=500m:1,memory=512Mi:1Gi';
}

export function checkBuilderVersion(value: string): string | undefined {
  return /^v\d+\.\d+\.\d+$/.test(value) ? undefined : 'a pinned builder release such as v1.43.1 (vMAJOR.MINOR.PATCH)';
}

/** An image reference with a tag or digest that pins it: `maven:3.9-eclipse-temurin-21`, not `maven` or `:latest`. */
export function checkPinnedImage(value: string): string | undefined {
  const expected = 'a pinned image reference with a tag other than latest, such as maven:3.9-eclipse-temurin-21';
  const digest = value.indexOf('@');
  const name = digest >= 0 ? value.slice(0, digest) : value;
  const colon = name.lastIndexOf(':');
  const hasTag = colon > name.lastIndexOf('/');
  const repo = hasTag ? name.slice(0, colon) : name;
  const tag = hasTag ? name.slice(colon + 1) : '';
  if (checkImageName(repo) !== undefined || repo.startsWith('$')) return expected;
  if (digest >= 0) return /^sha256:[a-f0-9]{64}$/.test(value.slice(digest + 1)) && (!hasTag || TAG_RE.test(tag)) ? undefined : expected;
  return hasTag && TAG_RE.test(tag) && tag !== 'latest' ? undefined : expected;
}

export function checkCommand(value: string): string | undefined {
  if (value.trim() === '' || value.length > 1000) return 'a shell command of 1 to 1000 characters';
  return checkPrintable(value) ? 'a one-line shell command' : undefined;
}

export function checkMirrorUrl(value: string): string | undefined {
  const expected = 'a registry mirror URL such as https://mirror.example.com (http or https, host[:port], no path)';
  const url = plainHttpUrl(value);
  // Exactly scheme://host[:port] with an optional slash: the daemon and the builders take no path.
  if (!url || (value !== `${url.protocol}//${url.host}` && value !== `${url.protocol}//${url.host}/`)) return expected;
  return checkRegistryHost(url.host) === undefined ? undefined : expected;
}

export function checkMtu(value: string): string | undefined {
  const expected = 'an MTU from 576 to 9216, such as 1360';
  if (!/^\d{3,4}$/.test(value)) return expected;
  const n = Number(value);
  return n >= 576 && n <= 9216 ? undefined : expected;
}

/**
 * A path in the repository, relative to its root (where the pipeline runs): never `..` or absolute, so the
 * build cannot reach outside the checkout; no leading `-`, which a builder would read as a flag.
 */
export function checkRepoPath(value: string, example = 'docker/app.Dockerfile'): string | undefined {
  const expected = `a path inside the repository, relative to its root, such as ${example} (no .., not absolute, no backslashes)`;
  if (value.length === 0 || value.length > 1000 || checkPrintable(value)) return expected;
  if (value.startsWith('/') || value.startsWith('-') || value.startsWith('~') || value.includes('\\') || /^[A-Za-z]:/.test(value)) return expected;
  return value.split('/').includes('..') ? expected : undefined;
}

/** Where the jobs go: a YAML file in the repository, which GitLab's `include: local:` takes (.yml or .yaml). */
export function checkCiFile(value: string): string | undefined {
  const expected = 'a .yml or .yaml file inside the repository, relative to its root, such as ci/docker.gitlab-ci.yml';
  if (checkRepoPath(value) !== undefined || !/\.ya?ml$/.test(value) || value.endsWith('/')) return expected;
  const parts = value.replace(/^\.\//, '').split('/');
  return parts.some((p) => p === '' || p === '.') ? expected : undefined;
}

/** A build stage name as `FROM image AS name` gives it (BuildKit's grammar, either case). */
export function checkStageName(value: string): string | undefined {
  return /^[A-Za-z][A-Za-z0-9_.-]{0,127}$/.test(value)
    ? undefined
    : 'a build stage name, as after AS in the Dockerfile: a letter, then letters, digits, _ . or -';
}

/** A CI/CD variable name that a shell can expand: the build arg takes its value from it. */
export function checkVariableName(value: string): string | undefined {
  return /^[A-Za-z_][A-Za-z0-9_]{0,254}$/.test(value)
    ? undefined
    : 'a CI/CD variable name: letters, digits and _, not starting with a digit (the value comes from that variable, never from the file)';
}

/**
 * What `docker run --rm IMAGE CMD` runs: one simple command, its words as a shell reads them (quotes and
 * $VARIABLES as typed). No operator or command substitution: those would run in the job, not the image;
 * `sh -c '...'` runs them in the image.
 */
export function checkImageCommand(value: string): string | undefined {
  const plain = checkCommand(value);
  if (plain) return plain;
  const expected = "a command and its arguments, run in the built image; for ;, &&, |, redirection or $( ) use sh -c '...'";
  // A backslash at the end (or before trailing blanks, which YAML drops) would join the script's next line.
  if (/\\\s*$/.test(value)) return 'a command that does not end in a backslash (it would join the next line of the script)';
  let quote: '' | "'" | '"' = '';
  let wordStart = true;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (quote === "'") {
      if (c === "'") quote = '';
      continue;
    }
    if (c === '\\') {
      i++;
      wordStart = false;
      continue;
    }
    if (c === '`' || (c === '$' && value[i + 1] === '(')) return expected;
    if (quote === '"') {
      if (c === '"') quote = '';
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (';&|<>()'.includes(c)) return expected;
    else if (c === '#' && wordStart) return expected;
    wordStart = c === ' ' || c === '\t';
  }
  return quote === '' && !value.endsWith('\\') ? undefined : expected;
}

/**
 * A CI/CD component as `include: component:` names it after the instance: `group/project/name@VERSION` (the
 * project's full path, the component's name, a version: a release such as 1.2.0, a partial 1.2, ~latest, a
 * tag, branch or commit SHA). The instance is always `$CI_SERVER_FQDN`, as GitLab's docs advise.
 */
export function checkComponentRef(value: string): string | undefined {
  const ok =
    /^[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)+\/[A-Za-z0-9_-]+@[A-Za-z0-9_.~+-]{1,128}$/.test(value) && !value.split(/[/@]/).some((s) => s === '.' || s === '..');
  return ok ? undefined : 'a component as group/project/name@VERSION, such as devops/docker-build/dind@1.2.0 (the instance is $CI_SERVER_FQDN)';
}
