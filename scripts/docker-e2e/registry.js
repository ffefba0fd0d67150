'use strict';
/**
 * The local registry the pipelines log in to, pull their base image from and push to: Debian's
 * docker-registry with an htpasswd user, plain HTTP (it stands in for a registry with TLS).
 *
 * Two listeners on the host's network, one storage:
 * - 127.0.0.1:5000, for the host's daemon (socket and shell modes): Docker trusts loopback registries
 *   without TLS, so the host's daemon needs no setting;
 * - the host's address on a Docker network of the suite's own, port 5000, named REGISTRY_HOST inside job and service containers
 *   (an --add-host line: registry plumbing, not a runner setting). Reaching the host there is local
 *   delivery, so it crosses no network isolation rule between Docker networks.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { DOCKER, log, run, tryRun } = require('./host');
const { CACHE_DIR } = require('./images');

const { INSTANCE } = require('./host');

const REGISTRY_HOST = 'registry.e2e.test:5000';
/**
 * E2E_INSTANCE=NAME runs a suite of its own beside another on the same daemon (engineers sharing a machine):
 * its own registry (containers, network, storage, a loopback address of its own), stand-in tags and work folder.
 */
const LOOPBACK_HOST = `127.0.0.${INSTANCE ? 2 + (crypto.createHash('sha256').update(INSTANCE).digest()[0] % 250) : 1}:5000`;
const USER = 'e2e-user';
const CONTAINER = `gitlab-dind-e2e-registry${INSTANCE ? `-${INSTANCE}` : ''}`;

const NETWORK = CONTAINER;
const STORAGE = INSTANCE ? `registry-${INSTANCE}` : 'registry';

/**
 * The host's address on a Docker network of the suite's own. Not the default bridge's: a dind daemon
 * makes its own default bridge with that same address inside its container, and would dial itself.
 */
function hostAddress() {
  if (!tryRun(DOCKER, ['network', 'inspect', NETWORK]).ok) run(DOCKER, ['network', 'create', NETWORK]);
  const id = run(DOCKER, ['network', 'inspect', NETWORK, '--format', '{{.Id}}']).trim();
  const match = /inet (\d+\.\d+\.\d+\.\d+)\//.exec(run('ip', ['-4', '-o', 'addr', 'show', 'dev', `br-${id.slice(0, 12)}`]));
  if (!match) throw new Error(`no IPv4 address on the bridge of Docker network ${NETWORK}`);
  return match[1];
}

function reachable(hostPort) {
  return tryRun('bash', ['-c', `exec 3<>/dev/tcp/${hostPort.replace(':', '/')}`]).ok;
}

/**
 * Starts (or restarts) the registry with a fresh password; returns what pipelines need.
 * Its storage is kept in CACHE_DIR so the base image is pushed once.
 */
async function startRegistry(image) {
  const password = crypto.randomBytes(12).toString('hex');
  const gateway = hostAddress();
  const storage = path.join(CACHE_DIR, STORAGE);
  for (const [name, addr] of [
    [`${CONTAINER}-loopback`, LOOPBACK_HOST],
    [`${CONTAINER}-bridge`, `${gateway}:5000`],
  ]) {
    tryRun(DOCKER, ['rm', '-f', name]);
    run(DOCKER, [
      'run',
      '-d',
      '--name',
      name,
      '--network',
      'host',
      '--restart',
      'no',
      '-e',
      `REGISTRY_USER=${USER}`,
      '-e',
      `REGISTRY_PASSWORD=${password}`,
      '-e',
      `REGISTRY_HTTP_ADDR=${addr}`,
      '-v',
      `${storage}:/var/lib/e2e-registry`,
      image,
    ]);
  }
  for (let i = 0; i < 30 && !(reachable(LOOPBACK_HOST) && reachable(`${gateway}:5000`)); i++) {
    await new Promise((r) => setTimeout(r, 500));
  }
  if (!reachable(LOOPBACK_HOST)) throw new Error(`the registry does not answer on ${LOOPBACK_HOST}`);
  log(`registry up: ${LOOPBACK_HOST} (host daemon) and ${REGISTRY_HOST} = ${gateway}:5000 (containers)`);
  return { user: USER, password, gateway, hostForContainers: REGISTRY_HOST, hostForHost: LOOPBACK_HOST, addHost: `registry.e2e.test:${gateway}` };
}

/** Drops a repository's tags and manifests from the registry's storage (blobs stay): a case starts without `latest`. */
function forgetRepository(repo) {
  fs.rmSync(path.join(CACHE_DIR, STORAGE, 'docker', 'registry', 'v2', 'repositories', repo), { recursive: true, force: true });
}

function stopRegistry() {
  tryRun(DOCKER, ['rm', '-f', `${CONTAINER}-loopback`, `${CONTAINER}-bridge`]);
}

/** Pushes a local image into the registry under `repo` (via the loopback listener), logged in. */
function pushImage(registry, localImage, repo) {
  const target = `${LOOPBACK_HOST}/${repo}`;
  // A client config of its own: the login never lands in root's ~/.docker.
  const env = { ...process.env, DOCKER_CONFIG: fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-docker-config-')) };
  try {
    run(DOCKER, ['login', '--username', registry.user, '--password-stdin', LOOPBACK_HOST], { env, input: registry.password, stdio: ['pipe', 'pipe', 'pipe'] });
    run(DOCKER, ['tag', localImage, target]);
    run(DOCKER, ['push', target], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  } finally {
    fs.rmSync(env.DOCKER_CONFIG, { recursive: true, force: true });
  }
  return repo;
}

module.exports = { REGISTRY_HOST, LOOPBACK_HOST, startRegistry, stopRegistry, pushImage, forgetRepository };
