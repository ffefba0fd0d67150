'use strict';
/**
 * Stand-in images. There is no Docker Hub or quay.io here, so every image a pipeline names is built from
 * Debian packages on a Debian root filesystem made by debootstrap, each with a LABEL saying it is a
 * stand-in. The root filesystem is kept under CACHE_DIR; the images are kept by the daemon, and docker
 * build's own cache makes a second run quick.
 */
const fs = require('node:fs');
const path = require('node:path');
const { DOCKER, INSTANCE, log, run, tryRun } = require('./host');

const CACHE_DIR = process.env.E2E_CACHE_DIR || '/var/cache/gitlab-dind-e2e';
const SUITE = 'bookworm';
const BASE_IMAGE = 'gitlab-dind-e2e/debian:bookworm';
const IMAGES_DIR = path.join(__dirname, 'images');

/** The Debian archive this machine's apt uses (read from its sources, never written into the suite). */
function debianMirror() {
  const files = ['/etc/apt/sources.list.d/debian.sources', '/etc/apt/sources.list'].filter((f) => fs.existsSync(f));
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const deb822 = /^URIs:\s*(\S+\/debian)\/?\s*$/m.exec(text);
    if (deb822) return deb822[1];
    const oneLine = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+\/debian)\/?\s+bookworm\s/m.exec(text);
    if (oneLine) return oneLine[1];
  }
  throw new Error('no Debian archive found in /etc/apt/sources.list(.d): debootstrap needs one');
}

function imageExists(name) {
  return tryRun(DOCKER, ['image', 'inspect', '--format', '{{.Id}}', name]).ok;
}

/** The Debian base image: debootstrap once (kept as a tarball), `docker import` when the daemon lacks it. */
function ensureBaseImage() {
  if (imageExists(BASE_IMAGE)) return BASE_IMAGE;
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const tarball = path.join(CACHE_DIR, `${SUITE}-minbase.tar`);
  if (!fs.existsSync(tarball)) {
    const root = path.join(CACHE_DIR, `rootfs-${SUITE}`);
    fs.rmSync(root, { recursive: true, force: true });
    log(`debootstrap ${SUITE} (minbase) into ${root}: a few minutes, once`);
    run('debootstrap', ['--variant=minbase', SUITE, root, debianMirror()], { stdio: ['ignore', 'ignore', 'inherit'] });
    // apt in the image needs no documentation or caches: smaller layers, quicker builds.
    fs.rmSync(path.join(root, 'var/cache/apt/archives'), { recursive: true, force: true });
    fs.mkdirSync(path.join(root, 'var/cache/apt/archives/partial'), { recursive: true });
    run('tar', ['-C', root, '-cf', `${tarball}.part`, '.']);
    fs.renameSync(`${tarball}.part`, tarball);
    fs.rmSync(root, { recursive: true, force: true });
  }
  log(`docker import ${tarball} as ${BASE_IMAGE}`);
  run(DOCKER, ['import', '--change', 'CMD ["bash"]', tarball, BASE_IMAGE]);
  return BASE_IMAGE;
}

/** docker build of images/<dir> as gitlab-dind-e2e/<dir>; quick when nothing changed (build cache). */
function buildStandIn(dir, buildArgs, { noCache = false } = {}) {
  const tag = `gitlab-dind-e2e${INSTANCE ? `-${INSTANCE}` : ''}/${dir}:latest`;
  const args = ['build', '--quiet', '--tag', tag, ...(noCache ? ['--no-cache'] : [])];
  for (const [k, v] of Object.entries(buildArgs)) args.push('--build-arg', `${k}=${v}`);
  args.push(path.join(IMAGES_DIR, dir));
  const started = Date.now();
  // The classic builder: Debian's 20.10 daemon has it everywhere; BuildKit there needs its own setup.
  run(DOCKER, args, { env: { ...process.env, DOCKER_BUILDKIT: '0' }, stdio: ['ignore', 'ignore', 'inherit'] });
  log(`stand-in ${tag} ready (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return tag;
}

/**
 * Every stand-in, built once per run (one build chain at a time: the machine is shared).
 * `registry`: the local registry's host:port, which the image tools are told is plain HTTP.
 */
function buildStandIns({ registry }) {
  const root = ensureBaseImage();
  // Package lists fetched once for all stand-ins; refreshed weekly (see images/apt/Dockerfile).
  const base = buildStandIn('apt', { BASE: root, LISTS_WEEK: isoWeek(new Date()) });
  const cli = buildStandIn('docker-cli', { BASE: base });
  return {
    base,
    // Never from cache: the classic builder's cache key for `COPY --from` misses changed symlink targets.
    busybox: buildStandIn('base', { BASE: base }, { noCache: true }),
    cli,
    dind: buildStandIn('docker-dind', { CLI: cli, REGISTRY: registry }),
    buildah: buildStandIn('buildah', { BASE: base, REGISTRY: registry }),
    skopeo: buildStandIn('skopeo', { BASE: base, REGISTRY: registry }),
    helper: buildStandIn('helper', { BASE: root }),
    wait: buildStandIn('wait', { BASE: base }),
    registry: buildStandIn('registry', { BASE: base }),
    probe: buildStandIn('testcontainers-probe', { CLI: cli }),
  };
}

function isoWeek(date) {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  d.setUTCDate(d.getUTCDate() + 4 - (d.getUTCDay() || 7));
  const week = Math.ceil(((d - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** Gives a stand-in the name a pipeline uses (docker:29.x-cli, quay.io/buildah/stable:v1.x, ...). */
function tagAs(standIn, name) {
  run(DOCKER, ['tag', standIn, name]);
}

/**
 * A pipeline's image names → the stand-ins' image IDs, for container-create.js: a job's containers run the
 * stand-in this run built even if another suite on the daemon tags the same name meanwhile.
 */
function imageIds(names, standInFor) {
  const map = {};
  for (const name of names) {
    const standIn = standInFor(name);
    if (standIn) map[name] = run(DOCKER, ['image', 'inspect', '--format', '{{.Id}}', standIn]).trim();
  }
  return map;
}

module.exports = { BASE_IMAGE, CACHE_DIR, ensureBaseImage, buildStandIns, tagAs, imageIds, imageExists };
