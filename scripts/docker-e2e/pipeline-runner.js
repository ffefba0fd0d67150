'use strict';
/**
 * Runs a generated pipeline's jobs for real through gitlab-ci-local: a project folder (git repository,
 * Dockerfile), the files `gitlab-dind init --yes` writes there, and one gitlab-ci-local run per job, whose
 * containers get what the generated config.toml grants (container-executable.js, runner-emulation.js).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const YAML = require('yaml');
const { DOCKER, INSTANCE, run, tryRun } = require('./host');
const { readRunner, asDockerRunner, unknownKeys } = require('./runner-emulation');

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'gitlab-dind.js');
const GCL = path.join(ROOT, 'node_modules', 'gitlab-ci-local', 'src', 'index.js');
const GCL_BIN = fs.existsSync(GCL) ? GCL : path.join(ROOT, 'node_modules', 'gitlab-ci-local', 'dist', 'index.js');
const WRAPPER = path.join(__dirname, 'container-executable');
const WORK_DIR = process.env.E2E_WORK_DIR || path.join(os.tmpdir(), `gitlab-dind-e2e${INSTANCE ? `-${INSTANCE}` : ''}`);

/** A Dockerfile with a base image from the registry, a RUN step that takes a few seconds, a default command. */
function dockerfile(baseImage, runSeconds = 3, salt = '') {
  return [
    `FROM ${baseImage}`,
    // `salt` makes the step new to every daemon's cache (bench:pipeline's cold runs).
    `RUN sleep ${runSeconds} && echo "built by the e2e suite${salt ? ` ${salt}` : ''}" > /built.txt`,
    'COPY app.sh /app.sh',
    'CMD ["sh", "/app.sh"]',
    '',
  ].join('\n');
}

/**
 * A fresh project folder for `name`: git repository on branch main with one commit, the app, and the
 * files `gitlab-dind init --yes <cliArgs>` writes. Returns its paths and the parsed pipeline.
 */
function makeProject(name, { cliArgs, baseImage, runSeconds, salt, sources }) {
  const dir = path.join(WORK_DIR, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  if (sources)
    sources(dir, baseImage); // a case's own layout (Dockerfile elsewhere, stages, a server)
  else {
    fs.writeFileSync(path.join(dir, 'Dockerfile'), dockerfile(baseImage, runSeconds, salt));
    fs.writeFileSync(path.join(dir, 'app.sh'), 'echo "app says hello"; test -s /built.txt\n');
  }
  fs.writeFileSync(path.join(dir, '.gitignore'), '.gitlab-ci-local/\n');
  run(process.execPath, [CLI, 'init', '--yes', ...cliArgs], { cwd: dir });
  const git = (...a) => run('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.com', ...a], { cwd: dir });
  git('init', '-q', '-b', 'main');
  git('remote', 'add', 'origin', `https://gitlab.example.com/e2e/${name}.git`);
  git('add', '-A');
  git('commit', '-q', '-m', 'e2e');
  // As a clone of a project whose default branch is main (gitlab-ci-local reads origin/HEAD).
  git('update-ref', 'refs/remotes/origin/main', 'HEAD');
  git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main');
  return loadProject(dir);
}

/** A project folder's pipeline and runner section (config.toml at `configPath`, default gitlab-runner/config.toml). */
function loadProject(dir, configPath = path.join(dir, 'gitlab-runner', 'config.toml')) {
  const pipelineText = fs.readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8');
  const runner = readRunner(fs.readFileSync(configPath, 'utf8'));
  return { dir, pipeline: YAML.parse(pipelineText), pipelineText, runner };
}

/** Every image a pipeline names (jobs and services), with ${VAR} taken from the job's own variables. */
function imagesNamed(pipeline) {
  const names = new Set();
  const base = pipeline['.docker-base'] ?? {};
  for (const [key, job] of Object.entries(pipeline)) {
    if (typeof job !== 'object' || job === null || Array.isArray(job)) continue;
    const vars = { ...(job.extends ? pipeline[job.extends]?.variables : {}), ...base.variables, ...job.variables };
    const expand = (s) => s.replace(/\$\{?(\w+)\}?/g, (m, v) => vars[v] ?? m);
    const image = job.image ?? (key.startsWith('.') ? undefined : base.image);
    if (image) names.add(expand(typeof image === 'string' ? image : image.name));
    for (const s of job.services ?? base.services ?? []) names.add(expand(typeof s === 'string' ? s : s.name));
  }
  return [...names];
}

/** The jobs to run, in stage order, that the pipeline has. */
function jobsOf(pipeline) {
  return ['docker-build', 'docker-test', 'testcontainers-test', 'docker-release'].filter((j) => j in pipeline);
}

/**
 * One job, through gitlab-ci-local. `context`: { registry, standIns, privilegedFlags, plumbing, variables,
 * runner (after asDockerRunner), label, waitForServicesTimeout }. Resolves { ok, code, seconds, log }.
 */
function runJob(project, job, context) {
  const runner = context.runner;
  const shell = runner.executor === 'shell';
  const runId = `${context.label}-${job}-${Date.now().toString(36)}`.replace(/[^a-z0-9-]/gi, '-').toLowerCase();
  const args = [
    GCL_BIN,
    job,
    '--cwd',
    '.', // gitlab-ci-local takes a relative path only
    '--no-color',
    '--container-executable',
    WRAPPER,
    '--helper-image',
    context.standIns.helper,
    '--wait-image',
    context.standIns.wait,
    '--wait-for-services-timeout',
    String(context.waitForServicesTimeout ?? 30),
    '--cleanup',
    // npm test validates every generated pipeline against GitLab's schema; here it would only cost time.
    '--json-schema-validation=false',
    // Containers run as root (as every image here does by default): spares a container run per job that
    // gitlab-ci-local would start only to ask the image's user id.
    '--umask',
  ];
  if (shell) args.push('--shell-executor-no-image');
  // E2E_TIMESTAMPS=1: each log line with its time, to see where a job's time goes.
  if (process.env.E2E_TIMESTAMPS === '1') args.push('--timestamps');
  for (const [k, v] of Object.entries(context.variables)) args.push('--variable', `${k}=${v}`);
  const env = {
    ...process.env,
    // Debian's client first: the shell executor's jobs run `docker` from PATH.
    PATH: `/usr/bin:${process.env.PATH}`,
    E2E_DOCKER: DOCKER,
    E2E_RUNNER_JSON: JSON.stringify(runner),
    E2E_VOLUME_PREFIX: `e2e-${runId}`,
    E2E_PRIVILEGED: JSON.stringify(context.privilegedFlags),
    E2E_PLUMBING: JSON.stringify(context.plumbing ?? []),
    E2E_IMAGE_MAP: JSON.stringify(context.imageMap ?? {}),
    // The suite's registry stands in for GitLab's, and the shell executor's builds folder is moved out.
    GCL_IGNORE_PREDEFINED_VARS: 'CI_REGISTRY,CI_REGISTRY_IMAGE,CI_BUILDS_DIR',
  };
  const logPath = path.join(WORK_DIR, 'logs', `${context.label}.${job}.log`);
  fs.mkdirSync(path.dirname(logPath), { recursive: true });
  fs.writeFileSync(logPath, '');
  // Appends only: the job's stderr goes straight in, its stdout line by line through this process, which
  // notes when the job's first and last lines come (its duration, below).
  const out = fs.openSync(logPath, 'a');
  const started = process.hrtime.bigint();
  const marks = { start: null, finish: null };
  const [startLine, finishLine] = [`${job} starting `, `${job} finished in `].map(
    (text) => new RegExp(`^(?:\\[[^\\]]*\\] +)?${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
  );
  let pending = '';
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: project.dir, env, stdio: ['ignore', 'pipe', out] });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      const now = process.hrtime.bigint();
      const text = pending + chunk;
      const cut = text.lastIndexOf('\n') + 1;
      pending = text.slice(cut);
      if (!cut) return;
      fs.writeSync(out, text.slice(0, cut));
      for (const line of text.slice(0, cut).split('\n')) {
        if (marks.start === null && startLine.test(line)) marks.start = now;
        if (finishLine.test(line)) marks.finish = now;
      }
    });
    child.on('close', (code) => {
      // Before the suite's own clean-up of volumes, which no runner does in a job's time.
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (pending) fs.writeSync(out, pending);
      fs.closeSync(out);
      removeVolumes(`e2e-${runId}`);
      const log = fs.readFileSync(logPath, 'utf8');
      resolve({ ok: code === 0, code, seconds, jobSeconds: jobDuration(marks), logPath, log });
    });
  });
}

/**
 * The job's duration as GitLab counts one: from the job's start (image, volumes, project copy, services and
 * their health checks) to its end, as gitlab-ci-local's "JOB starting" and "JOB finished in" lines reach us
 * (their own figure is rounded to whole seconds past 10 s), without gitlab-ci-local's own start, parsing and
 * clean-up around the job. Null if either line is missing.
 */
function jobDuration(marks) {
  return marks.start === null || marks.finish === null ? null : Number(marks.finish - marks.start) / 1e9;
}

/**
 * The shared volumes one job run made (named after it): removed so runs do not pile up. On a busy machine
 * gitlab-ci-local may still be removing the job's containers: wait a little, and leave them rather than fail.
 */
function removeVolumes(prefix) {
  const names = run(DOCKER, ['volume', 'ls', '-q', '--filter', `name=${prefix}`])
    .split('\n')
    .filter(Boolean);
  for (let i = 0; names.length && i < 10; i++) {
    if (tryRun(DOCKER, ['volume', 'rm', '-f', ...names]).ok) return;
    spawnSync('sleep', ['2']);
  }
}

/** The runner section as the docker executor sees it, and what the emulation does not know. */
function runnerFor(project) {
  const runner = asDockerRunner(project.runner);
  return { runner, unknown: unknownKeys(runner) };
}

module.exports = { WORK_DIR, makeProject, loadProject, imagesNamed, jobsOf, runJob, runnerFor, dockerfile };
