#!/usr/bin/env node
'use strict';
/**
 * npm run bench:pipeline: what users pay on every push, on this machine's Docker daemon, with the runner
 * settings of our own generated config.toml (the Docker end-to-end suite's harness and stand-in images).
 *
 * For our dind pipeline, GitLab's Docker template (its single docker-build job, images pinned to the same
 * version), our socket pipeline and our dind pipeline with --test-in-build: the docker-build job on a cold
 * run (the Dockerfile's RUN step, which sleeps RUN_SECONDS, new to every cache), warm (unchanged sources),
 * after an app change (a file COPY'd after the RUN step), and the whole pipeline warm (every job it has on
 * the default branch, one after the other, as their needs order them). Then the "Must hold" ratios.
 *
 *   npm run bench:pipeline          BENCH_RUN_SECONDS=8, BENCH_SAMPLES=3 by default
 *
 * Each time twice: the job's duration as GitLab counts one (image, volumes, project copy, services and their
 * health checks, script), timed between gitlab-ci-local's "starting" and "finished" lines for the job, and the
 * wall time of its whole gitlab-ci-local run (gitlab-ci-local's own start, parsing and clean-up too, which
 * GitLab does not count in a job). The cold build is one run, the others the median of BENCH_SAMPLES. On a
 * shared 2-core machine, run it with nothing else running.
 */
const fs = require('node:fs');
const path = require('node:path');
const { DOCKER, run } = require('./host');
const { REGISTRY_HOST, LOOPBACK_HOST } = require('./registry');
const { imageIds } = require('./images');
const { makeProject, loadProject, imagesNamed, jobsOf, runJob, runnerFor } = require('./pipeline-runner');
const { setup, standInFor } = require('./run');
const { BASE_REPO } = require('./cases');

const RUN_SECONDS = Number(process.env.BENCH_RUN_SECONDS) || 8;
/** Warm runs per figure (the median is printed). */
const SAMPLES = Math.max(1, Number(process.env.BENCH_SAMPLES) || 3);
/** BENCH_ONLY="ours, dind;ours, socket": only these pipelines (for looking into one; the ratios need all). */
const ONLY = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(';').map((label) => label.trim()) : null;

/**
 * GitLab's Docker.gitlab-ci.yml build job (see shared docs), images pinned to our Docker version. One change
 * for the stand-in: `[[ ]]` becomes `[ ]`, the same test, since the stand-in CLI image's sh is dash, not
 * the official image's BusyBox ash, which knows `[[`.
 */
function gitlabTemplate(version) {
  return `docker-build:
  image: docker:${version}-cli
  stage: build
  services:
    - docker:${version}-dind
  variables:
    DOCKER_IMAGE_NAME: $CI_REGISTRY_IMAGE:$CI_COMMIT_REF_SLUG
  before_script:
    - docker login -u "$CI_REGISTRY_USER" -p "$CI_REGISTRY_PASSWORD" $CI_REGISTRY
  script:
    - docker build --pull -t "$DOCKER_IMAGE_NAME" .
    - docker push "$DOCKER_IMAGE_NAME"
    - |
      if [ "$CI_COMMIT_BRANCH" = "$CI_DEFAULT_BRANCH" ]; then
        docker tag "$DOCKER_IMAGE_NAME" "$CI_REGISTRY_IMAGE:latest"
        docker push "$CI_REGISTRY_IMAGE:latest"
      fi
  rules:
    - if: $CI_COMMIT_BRANCH
      exists:
        - Dockerfile
`;
}

const PIPELINES = [
  { label: 'ours, dind', cli: ['--mode', 'dind'], registry: 'containers' },
  { label: "GitLab's template, dind", cli: ['--mode', 'dind'], registry: 'containers', template: true },
  { label: 'ours, socket', cli: ['--mode', 'socket'], registry: 'host' },
  { label: 'ours, dind, --test-in-build', cli: ['--mode', 'dind', '--test-in-build'], registry: 'containers' },
];

function git(dir, ...args) {
  run('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...args], { cwd: dir });
}

function removeLocalImages(prefix) {
  const names = run(DOCKER, ['images', '--format', '{{.Repository}}:{{.Tag}}'])
    .split('\n')
    .filter((n) => n.startsWith(prefix));
  if (names.length) run(DOCKER, ['rmi', '-f', ...names]);
}

async function benchPipeline(env, p, salt) {
  const registryHost = p.registry === 'host' ? LOOPBACK_HOST : REGISTRY_HOST;
  const name = `bench-${p.label.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
  let project = makeProject(name, { cliArgs: p.cli, baseImage: `${registryHost}/${BASE_REPO}`, runSeconds: RUN_SECONDS, salt });
  if (p.template) {
    const version = /DOCKER_VERSION: "([^"]+)"/.exec(project.pipelineText)[1];
    fs.writeFileSync(path.join(project.dir, '.gitlab-ci.yml'), gitlabTemplate(version));
    git(project.dir, 'commit', '-q', '-am', "GitLab's template");
    project = loadProject(project.dir);
  }
  const { runner, unknown } = runnerFor(project);
  if (unknown.length) throw new Error(`${p.label}: config.toml has settings the emulation does not know: ${unknown.join(', ')}`);
  for (const image of imagesNamed(project.pipeline)) {
    const standIn = standInFor(image, env.standIns);
    if (!standIn) throw new Error(`no stand-in for image ${image}`);
    run(DOCKER, ['tag', standIn, image]);
  }
  const repo = `bench/${name}-${salt}`;
  const context = {
    label: name,
    runner,
    standIns: env.standIns,
    privilegedFlags: env.privilegedFlags,
    imageMap: imageIds(imagesNamed(project.pipeline), (image) => standInFor(image, env.standIns)),
    plumbing: runner.executor === 'shell' ? [] : [env.registry.addHostFlag],
    variables: {
      CI_REGISTRY: registryHost,
      CI_REGISTRY_USER: env.registry.user,
      CI_REGISTRY_PASSWORD: env.registry.password,
      CI_REGISTRY_IMAGE: `${registryHost}/${repo}`,
    },
  };
  const job = async (jobName, what) => {
    const r = await runJob(project, jobName, context);
    if (!r.ok) throw new Error(`${p.label}: ${jobName} (${what}) failed: see ${r.logPath}`);
    if (r.jobSeconds === null) throw new Error(`${p.label}: ${jobName} (${what}): no "finished in" line in ${r.logPath}`);
    console.error(`[bench] ${p.label}: ${jobName} (${what}) job ${r.jobSeconds.toFixed(1)} s, run ${r.seconds.toFixed(1)} s`);
    return { job: r.jobSeconds, run: r.seconds };
  };
  // The host daemon keeps what earlier runs built; a cold run starts without this project's images.
  removeLocalImages(`${registryHost}/${repo}`);
  const cold = await job('docker-build', 'cold');
  const warm = [];
  const changed = [];
  const whole = [];
  // One sample is at the mercy of the machine: each warm figure is the median of SAMPLES runs.
  for (let i = 1; i <= SAMPLES; i++) {
    warm.push(await job('docker-build', `warm, ${i}/${SAMPLES}`));
    fs.appendFileSync(path.join(project.dir, 'app.sh'), `echo "changed ${i}"\n`);
    git(project.dir, 'commit', '-q', '-am', `app change ${i}`);
    changed.push(await job('docker-build', `after an app change, ${i}/${SAMPLES}`));
    const sum = { job: 0, run: 0 };
    for (const j of jobsOf(project.pipeline)) {
      const t = await job(j, `whole pipeline, warm, ${i}/${SAMPLES}`);
      sum.job += t.job;
      sum.run += t.run;
    }
    whole.push(sum);
  }
  // Each figure twice: the job's duration (as GitLab counts it) and the whole gitlab-ci-local run.
  const figures = (measure) => ({
    label: p.label,
    cold: cold[measure],
    warm: median(warm.map((t) => t[measure])),
    changed: median(changed.map((t) => t[measure])),
    whole: median(whole.map((t) => t[measure])),
  });
  return { job: figures('job'), run: figures('run') };
}

const s = (n) => `${n.toFixed(1)} s`;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function main() {
  const unknown = (ONLY ?? []).filter((label) => !PIPELINES.some((p) => p.label === label));
  if (unknown.length) throw new Error(`BENCH_ONLY names no pipeline: ${unknown.join('; ')} (expected: ${PIPELINES.map((p) => p.label).join('; ')})`);
  const env = await setup();
  const salt = Date.now().toString(36);
  const results = [];
  for (const p of PIPELINES) if (!ONLY || ONLY.some((o) => p.label === o)) results.push(await benchPipeline(env, p, salt));
  const daemon = run(DOCKER, ['version', '--format', '{{.Server.Version}}']).trim();
  console.log(
    `\nbench:pipeline, ${new Date().toISOString().slice(0, 10)}, daemon ${daemon}, RUN step ${RUN_SECONDS} s, cold: one run; warm, after an app change and whole: median of ${SAMPLES}`,
  );
  report(
    'Job durations, as GitLab counts them: from the job start (image, volumes, project copy, services and their health checks) to its end; whole = their sum',
    results.map((r) => r.job),
  );
  report(
    "Wall time of each job's whole gitlab-ci-local run (its own start, parsing and clean-up too); whole = their sum",
    results.map((r) => r.run),
  );
}

/** One table of figures, then the "Must hold" ratios on them. */
function report(title, rows) {
  console.log(`\n${title}\n`);
  const at = (label) => rows.find((r) => r.label === label);
  const ours = at('ours, dind');
  const template = at("GitLab's template, dind");
  const inBuild = at('ours, dind, --test-in-build');
  console.log('| pipeline | docker-build cold | warm | after an app change | whole pipeline warm |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.label} | ${s(r.cold)} | ${s(r.warm)} | ${s(r.changed)} | ${s(r.whole)} |`);
  if (!ours || !template || !inBuild) return;
  const checks = [
    ["whole dind pipeline with --test-in-build, warm, vs the template's", inBuild.whole / template.whole, 1],
    ["our docker-build, warm, vs the template's", ours.warm / template.warm, 0.5],
    ["our whole dind pipeline (separate test and release), warm, vs the template's", ours.whole / template.whole, 1.3],
  ];
  console.log('\n| Must hold | measured | at most | |\n|---|---|---|---|');
  for (const [what, ratio, max] of checks) console.log(`| ${what} | ${ratio.toFixed(2)}× | ${max}× | ${ratio <= max ? 'met' : 'NOT met'} |`);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(`bench:pipeline: ${e.message}`);
    process.exit(1);
  });
}
