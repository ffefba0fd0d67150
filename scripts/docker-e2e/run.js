#!/usr/bin/env node
'use strict';
/**
 * npm run test:docker: every generated pipeline run for real on a Docker daemon (see docs/docker-e2e.md).
 * Root on Debian 12. Ends with "N passed, N failed" and exits 1 on any failure.
 *
 *   node scripts/docker-e2e/run.js [CASE ...]     only the named cases (default: all)
 */
const fs = require('node:fs');
const path = require('node:path');
const http = require('node:http');
const { DOCKER, log, run, ensurePackages, ensureDaemon, privilegedFlags } = require('./host');
const { buildStandIns, tagAs, imageIds } = require('./images');
const { REGISTRY_HOST, LOOPBACK_HOST, startRegistry, pushImage, forgetRepository } = require('./registry');
const { WORK_DIR, makeProject, imagesNamed, jobsOf, runJob, runnerFor } = require('./pipeline-runner');
const { CASES, PROBE, BASE_REPO } = require('./cases');

/** Which stand-in plays an image a pipeline names. */
function standInFor(name, standIns) {
  if (/(^|\/)docker:[^/]*dind/.test(name)) return standIns.dind;
  if (/(^|\/)docker:/.test(name)) return standIns.cli;
  if (/buildah/.test(name)) return standIns.buildah;
  if (/skopeo/.test(name)) return standIns.skopeo;
  if (name === PROBE) return standIns.probe;
  return undefined;
}

/** The tags a repository has in the registry (its HTTP API, logged in). */
function registryTags(registry, repo) {
  return new Promise((resolve) => {
    const auth = Buffer.from(`${registry.user}:${registry.password}`).toString('base64');
    const [host, port] = LOOPBACK_HOST.split(':');
    http
      .get({ host, port, path: `/v2/${repo}/tags/list`, headers: { Authorization: `Basic ${auth}` } }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve(res.statusCode === 200 ? (JSON.parse(body).tags ?? []) : []));
      })
      .on('error', () => resolve([]));
  });
}

const MANIFEST_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ');

/** The digest the registry gives a tag (Docker-Content-Digest of its manifest), or undefined if it has none. */
function registryDigest(registry, repo, tag) {
  return new Promise((resolve) => {
    const auth = Buffer.from(`${registry.user}:${registry.password}`).toString('base64');
    const [host, port] = LOOPBACK_HOST.split(':');
    const req = http.request(
      { method: 'HEAD', host, port, path: `/v2/${repo}/manifests/${tag}`, headers: { Authorization: `Basic ${auth}`, Accept: MANIFEST_TYPES } },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200 ? res.headers['docker-content-digest'] : undefined);
      },
    );
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

/** The commit a project folder has checked out, as gitlab-ci-local gives CI_COMMIT_SHORT_SHA. */
function shortSha(dir) {
  return run('git', ['rev-parse', '--short=8', 'HEAD'], { cwd: dir }).trim();
}

function serviceLogOf(projectDir, job) {
  const dir = path.join(projectDir, '.gitlab-ci-local', 'services-output', job);
  if (!fs.existsSync(dir)) return '';
  const files = [];
  const walk = (d) =>
    fs.readdirSync(d, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : files.push(path.join(d, e.name))));
  walk(dir);
  return files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
}

async function runCase(c, env) {
  const started = Date.now();
  const registryHost = c.registry === 'host' ? LOOPBACK_HOST : REGISTRY_HOST;
  const repo = `e2e/${c.name}`;
  forgetRepository(repo);
  const project = makeProject(c.name, { cliArgs: c.cli, baseImage: `${registryHost}/${BASE_REPO}`, sources: c.sources });
  if (c.pipeline) {
    fs.writeFileSync(path.join(project.dir, '.gitlab-ci.yml'), c.pipeline(project.pipelineText));
    run('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.com', 'commit', '-q', '-am', 'control'], { cwd: project.dir });
  }
  let { runner, unknown } = runnerFor(project);
  if (unknown.length) return { ok: false, problems: [`config.toml has settings the emulation does not know: ${unknown.join(', ')}`] };
  if (c.runner) runner = c.runner(runner);
  for (const name of imagesNamed(project.pipeline)) {
    const standIn = standInFor(name, env.standIns);
    if (!standIn) return { ok: false, problems: [`no stand-in for image ${name}`] };
    tagAs(standIn, name);
  }
  const variables = {
    CI_REGISTRY: registryHost,
    CI_REGISTRY_USER: env.registry.user,
    CI_REGISTRY_PASSWORD: env.registry.password,
    CI_REGISTRY_IMAGE: `${registryHost}/${repo}`,
    ...(runner.executor === 'shell' ? { CI_BUILDS_DIR: path.join(env.workDir, 'shell-builds') } : {}),
    ...c.variables,
  };
  // What init wrote, for checks that no secret value landed in a file.
  const written = ['.gitlab-ci.yml', '.gitlab-dind.yml', 'gitlab-runner/config.toml', 'gitlab-runner/register.sh'];
  const files = written
    .map((f) => path.join(project.dir, f))
    .filter((f) => fs.existsSync(f))
    .map((f) => fs.readFileSync(f, 'utf8'))
    .join('\n');
  const result = { jobs: {}, problems: [], files };
  const jobs = c.jobs ?? jobsOf(project.pipeline);
  const jobContext = {
    label: c.name,
    runner,
    variables,
    standIns: env.standIns,
    privilegedFlags: env.privilegedFlags,
    imageMap: imageIds(imagesNamed(project.pipeline), (name) => standInFor(name, env.standIns)),
    plumbing: runner.executor === 'shell' ? [] : [env.registry.addHostFlag],
    waitForServicesTimeout: c.waitForServicesTimeout,
  };
  for (const job of jobs) {
    const r = await runJob(project, job, jobContext);
    r.serviceLog = serviceLogOf(project.dir, job);
    result.jobs[job] = r;
    log(`  ${c.name} ${job}: ${r.ok ? 'passed' : `failed (exit ${r.code})`} in ${r.seconds.toFixed(1)} s  (log: ${r.logPath})`);
    if (!r.ok) break;
  }
  let allPassed = jobs.every((j) => result.jobs[j]?.ok);
  if (allPassed && c.expect === 'pass' && jobs.includes('docker-release')) {
    const tags = await registryTags(env.registry, repo);
    if (!tags.includes('latest')) result.problems.push(`the registry has no ${repo}:latest after the release (tags: ${tags.join(', ') || 'none'})`);
    // The release copies the tested image: the same manifest, so the same digest, under both tags.
    const tested = await registryDigest(env.registry, repo, shortSha(project.dir));
    const released = await registryDigest(env.registry, repo, 'latest');
    if (!tested || tested !== released)
      result.problems.push(`${repo}:latest has digest ${released}, the tested ${shortSha(project.dir)} ${tested}: the release changed the image`);
    else log(`  ${c.name}: released digest ${released} is the tested one`);
  }
  if (allPassed && c.branch) {
    // A branch pipeline after the default branch's: its build must reuse the default branch's cache.
    run('git', ['checkout', '-q', '-b', c.branch], { cwd: project.dir });
    const r = await runJob(project, 'docker-build', { ...jobContext, label: `${c.name}-branch` });
    result.jobs['docker-build@branch'] = r;
    log(`  ${c.name} docker-build on ${c.branch}: ${r.ok ? 'passed' : `failed (exit ${r.code})`} in ${r.seconds.toFixed(1)} s  (log: ${r.logPath})`);
    allPassed = r.ok;
    // GitLab's CI_COMMIT_REF_SLUG of the branch: every successful build refreshes its own cache tag.
    const slug = c.branch
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '-')
      .slice(0, 63)
      .replace(/^-+|-+$/g, '');
    const tags = await registryTags(env.registry, repo);
    if (r.ok && !tags.includes(`cache-${slug}`)) result.problems.push(`the branch build left no cache-${slug} tag (tags: ${tags.join(', ')})`);
  }
  if (c.expect === 'pass') {
    if (!allPassed) result.problems.push('a job failed');
    else {
      if (c.check) result.problems.push(...c.check(result));
    }
  } else if (allPassed) {
    result.problems.push('a negative control passed: the suite would not notice this fault');
  } else if (c.check) {
    result.problems.push(...c.check(result));
  }
  return { ok: result.problems.length === 0, problems: result.problems, seconds: (Date.now() - started) / 1000 };
}

/** Packages, daemon, stand-in images, registry (with the base and probe images pushed): what every run needs. */
async function setup() {
  const started = Date.now();
  ensurePackages();
  await ensureDaemon();
  const standIns = buildStandIns({ registry: REGISTRY_HOST });
  const registry = await startRegistry(standIns.registry);
  registry.addHostFlag = `--add-host=${registry.addHost}`;
  pushImage(registry, standIns.busybox, BASE_REPO);
  const env = { standIns, registry, privilegedFlags: privilegedFlags(standIns.base), workDir: WORK_DIR };
  log(`setup done in ${((Date.now() - started) / 1000).toFixed(0)} s; daemon ${run(DOCKER, ['version', '--format', '{{.Server.Version}}']).trim()}`);
  return env;
}

async function main() {
  const only = process.argv.slice(2);
  const unknownNames = only.filter((n) => !CASES.some((c) => c.name === n));
  if (unknownNames.length) {
    console.error(`unknown case ${unknownNames.join(', ')}; cases: ${CASES.map((c) => c.name).join(', ')}`);
    process.exit(2);
  }
  const started = Date.now();
  const env = await setup();

  // Cases run a few at a time: their jobs mostly wait (daemons starting, sleeps, registry); E2E_CONCURRENCY.
  const selected = CASES.filter((c) => only.length === 0 || only.includes(c.name));
  const results = new Array(selected.length);
  let next = 0;
  const worker = async () => {
    while (next < selected.length) {
      const i = next++;
      const c = selected[i];
      log(`case ${c.name} (expect: ${c.expect})`);
      let r;
      try {
        r = await runCase(c, env);
      } catch (e) {
        r = { ok: false, problems: [`error: ${e.message.split('\n')[0]}`] };
      }
      results[i] = { name: c.name, ...r };
      log(`${r.ok ? 'PASS' : 'FAIL'} ${c.name}${r.problems.length ? `: ${r.problems.join('; ')}` : ''}`);
    }
  };
  const concurrency = Math.max(1, Number(process.env.E2E_CONCURRENCY) || 3);
  await Promise.all(Array.from({ length: Math.min(concurrency, selected.length) }, worker));
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log('\nDocker end-to-end suite');
  for (const r of results)
    console.log(
      `  ${r.ok ? 'PASS' : 'FAIL'}  ${r.name}${r.seconds ? ` (${r.seconds.toFixed(0)} s)` : ''}${r.problems.length ? `: ${r.problems.join('; ')}` : ''}`,
    );
  console.log(`total ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

module.exports = { setup, standInFor, registryTags, registryDigest };

if (require.main === module) {
  main().catch((e) => {
    console.error(`docker-e2e: ${e.stack || e.message}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  });
}
