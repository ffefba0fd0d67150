#!/usr/bin/env node
'use strict';
/**
 * npm run bench:pipeline: what users pay on every push. For dind, socket and shell: the docker-build
 * job on a cold run (empty registry repository) and on a second run with unchanged sources after a
 * release (so $IMAGE_NAME:latest exists for --cache-from), its build steps reported as cached, and the
 * bytes the registry sent (pulls) and received (pushes) during the job.
 *
 *   npm run bench:pipeline                                   dind, socket, shell
 *   npm run bench:pipeline -- --pipeline FILE --job NAME [--runner-config FILE] [--release-job NAME]
 *     any pipeline on the same daemon and registry (the runner config defaults to
 *     gitlab-runner/config.toml beside the pipeline; the release job, run between the two builds, to
 *     docker-release when the pipeline has one)
 *
 * Timing is wall-clock of the whole gitlab-ci-local job run (containers, services, script): one sample
 * each, on a shared 2-core machine; treat differences under a few seconds as noise.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { DOCKER, run } = require('./host');
const { CACHE_DIR } = require('./images');
const { REGISTRY_HOST, LOOPBACK_HOST } = require('./registry');
const { makeProject, loadProject, imagesNamed, runJob, runnerFor, WORK_DIR } = require('./pipeline-runner');
const { setup, standInFor } = require('./run');
const { BASE_REPO } = require('./cases');

const MODES = [
  { name: 'dind', cli: ['--mode', 'dind'], registry: 'containers' },
  { name: 'socket', cli: ['--mode', 'socket'], registry: 'host' },
  { name: 'shell', cli: ['--mode', 'shell'], registry: 'host' },
];
const RUN_SECONDS = 5;

function parseArgs(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (!['--pipeline', '--job', '--runner-config', '--release-job'].includes(flag) || argv[i + 1] === undefined) {
      console.error(`bench:pipeline: unknown flag or missing value: ${flag} (expected --pipeline FILE --job NAME [--runner-config FILE] [--release-job NAME])`);
      process.exit(2);
    }
    opts[flag.slice(2).replace(/-(\w)/g, (_, c) => c.toUpperCase())] = argv[++i];
  }
  if (Boolean(opts.pipeline) !== Boolean(opts.job)) {
    console.error('bench:pipeline: --pipeline and --job go together');
    process.exit(2);
  }
  return opts;
}

/**
 * Bytes the registry sent (blob GETs: the response size it logs) and received (each finished blob upload,
 * `PUT .../blobs/uploads/...?digest=`: that blob's size in its storage) since `since`. A blob the client
 * already had, or mounted from another repository, costs nothing, as on a real registry.
 */
function registryBytes(since) {
  let text = '';
  for (const name of ['gitlab-dind-e2e-registry-bridge', 'gitlab-dind-e2e-registry-loopback']) {
    const r = spawnSync(DOCKER, ['logs', '--since', since, name], { encoding: 'utf8' });
    text += `${r.stdout}\n${r.stderr}`;
  }
  let pulled = 0;
  let pushed = 0;
  for (const line of text.split('\n')) {
    if (!line.includes('response completed')) continue;
    const method = /http\.request\.method=(\w+)/.exec(line)?.[1];
    const uriMatch = /http\.request\.uri=(?:"([^"]+)"|(\S+))/.exec(line); // quoted only when it needs to be
    const uri = uriMatch?.[1] ?? uriMatch?.[2] ?? '';
    if (method === 'GET' && /\/blobs\/sha256:/.test(uri)) pulled += Number(/http\.response\.written=(\d+)/.exec(line)?.[1] ?? 0);
    const digest = method === 'PUT' && uri.includes('/blobs/uploads/') ? /[?&]digest=sha256(?::|%3A)([0-9a-f]{64})/i.exec(uri)?.[1] : undefined;
    if (digest) {
      const blob = path.join(CACHE_DIR, 'registry', 'docker', 'registry', 'v2', 'blobs', 'sha256', digest.slice(0, 2), digest, 'data');
      if (fs.existsSync(blob)) pushed += fs.statSync(blob).size;
    }
  }
  return { pulled, pushed };
}

/** Build steps the log reports as taken from cache (classic builder, BuildKit, Buildah). */
function cachedSteps(logText) {
  return (logText.match(/Using cache|CACHED/g) ?? []).length;
}

function mb(bytes) {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} kB`;
}

async function benchProject(env, label, project, job, releaseJob, registryHost) {
  const { runner, unknown } = runnerFor(project);
  if (unknown.length) throw new Error(`${label}: config.toml has settings the emulation does not know: ${unknown.join(', ')}`);
  for (const name of imagesNamed(project.pipeline)) {
    const standIn = standInFor(name, env.standIns);
    if (standIn) run(DOCKER, ['tag', standIn, name]);
  }
  const repo = `bench/${label}-${Date.now().toString(36)}`;
  const context = {
    label: `bench-${label}`, runner, standIns: env.standIns, privilegedFlags: env.privilegedFlags,
    plumbing: runner.executor === 'shell' ? [] : [env.registry.addHostFlag],
    variables: {
      CI_REGISTRY: registryHost, CI_REGISTRY_USER: env.registry.user, CI_REGISTRY_PASSWORD: env.registry.password,
      CI_REGISTRY_IMAGE: `${registryHost}/${repo}`,
      ...(runner.executor === 'shell' ? { CI_BUILDS_DIR: path.join(WORK_DIR, 'shell-builds') } : {}),
    },
  };
  const rows = [];
  for (const round of ['cold', 'warm']) {
    // The host daemon keeps what earlier runs built; a cold run starts without this project's images.
    if (round === 'cold') removeLocalImages(`${registryHost}/${repo}`);
    const since = new Date().toISOString();
    const r = await runJob(project, job, context);
    if (!r.ok) throw new Error(`${label} ${job} (${round}) failed: see ${r.logPath}`);
    const bytes = registryBytes(since);
    rows.push({ label, round, seconds: r.seconds, cached: cachedSteps(r.log), ...bytes });
    if (round === 'cold' && releaseJob) {
      const rel = await runJob(project, releaseJob, context);
      if (!rel.ok) throw new Error(`${label} ${releaseJob} failed: see ${rel.logPath}`);
    }
  }
  return rows;
}

function removeLocalImages(prefix) {
  const ids = run(DOCKER, ['images', '--format', '{{.Repository}}:{{.Tag}}']).split('\n').filter((n) => n.startsWith(prefix));
  if (ids.length) run(DOCKER, ['rmi', '-f', ...ids]);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const env = await setup();
  const rows = [];
  if (opts.pipeline) {
    const file = path.resolve(opts.pipeline);
    const dir = path.dirname(file);
    if (path.basename(file) !== '.gitlab-ci.yml') throw new Error('--pipeline must name a .gitlab-ci.yml in a git repository');
    const project = loadProject(dir, opts.runnerConfig ? path.resolve(opts.runnerConfig) : undefined);
    const releaseJob = opts.releaseJob ?? ('docker-release' in project.pipeline ? 'docker-release' : undefined);
    const registryHost = project.runner.executor === 'shell' || (project.runner.docker?.volumes ?? []).some((v) => v.startsWith('/var/run/docker.sock')) ? LOOPBACK_HOST : REGISTRY_HOST;
    rows.push(...(await benchProject(env, path.basename(dir), project, opts.job, releaseJob, registryHost)));
  } else {
    for (const m of MODES) {
      const registryHost = m.registry === 'host' ? LOOPBACK_HOST : REGISTRY_HOST;
      const project = makeProject(`bench-${m.name}`, { cliArgs: m.cli, baseImage: `${registryHost}/${BASE_REPO}`, runSeconds: RUN_SECONDS });
      rows.push(...(await benchProject(env, m.name, project, 'docker-build', 'docker-release', registryHost)));
    }
  }
  const what = opts.pipeline ? `the ${opts.job} job of ${opts.pipeline}` : `the docker-build job (Dockerfile RUN step: ${RUN_SECONDS} s)`;
  console.log(`\nbench:pipeline: ${what}, cold and with unchanged sources`);
  console.log('| pipeline | run | job time | build steps cached | pulled from registry | pushed to registry |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.label} | ${r.round} | ${r.seconds.toFixed(1)} s | ${r.cached} | ${mb(r.pulled)} | ${mb(r.pushed)} |`);
  const warmDind = rows.find((r) => r.label === 'dind' && r.round === 'warm');
  if (warmDind && warmDind.cached === 0) {
    console.log('dind: the second build reused no layers');
    process.exit(1);
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(`bench:pipeline: ${e.message}`);
    process.exit(1);
  });
}

module.exports = { cachedSteps, registryBytes };
