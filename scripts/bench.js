#!/usr/bin/env node
/**
 * `npm run bench`: start-up cost of the built CLI against Node's own, and the size of the package.
 *
 * Timed runs use Node's compile cache (22.1+; Node 20 has none) as a user's second and later runs do (the
 * first run fills it); one row times first runs, each with an empty cache.
 * Every timed command is measured ALTERNATELY with `node -e 0` in the same run (baseline, command, baseline,
 * command, ...) so machine noise hits both alike; each row reports both medians and their ratio.
 * Sizes: the tarball from `npm pack`, and every file under node_modules after installing that tarball into
 * an empty folder. Prints a table, then the same figures as Markdown for docs/performance.md.
 * Commands missing from this build (lint, generate) are reported as not available, not timed.
 * One row is against another baseline: `lint` of a 1 MiB pipeline against a plain parse of the same file by
 * the `yaml` package (merge keys on, its alias limit off, as lint reads GitLab's YAML), alternated alike: lint
 * must stay linear, within 2x of the parse.
 */
'use strict';
const { spawnSync, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'gitlab-dind.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const GENERATE_FOLDERS = 200;
const LINT_LINES = 5000;
const BIG_LINT_BYTES = 1024 * 1024;
const BIG_LINT_RUNS = Number(process.env.BENCH_BIG_RUNS ?? 7);
const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'gitlab-dind-bench-'));

function cli(args, cwd, check = true) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  if (check && r.status !== 0) throw new Error(`gitlab-dind ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r;
}

/** Wall time of one process, in ms, output discarded. */
function timeOnce(args, cwd, env = process.env) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd, stdio: 'ignore', env });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`node ${args.join(' ')} exited ${r.status}`);
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * `samples` holds [args, cwd, env?] per sample; each sample is preceded by a `node -e 0` sample. `env` may
 * be a function, called per sample (a fresh, empty compile cache for each first run).
 */
function alternate(samples) {
  const base = [];
  const cmd = [];
  for (const [args, cwd, env] of samples) {
    base.push(timeOnce(['-e', '0'], cwd));
    cmd.push(timeOnce([BIN, ...args], cwd, typeof env === 'function' ? env() : env));
  }
  return { base: median(base), cmd: median(cmd), ratio: median(cmd) / median(base), n: cmd.length };
}

const repeat = (args, cwd, n = RUNS, env = undefined) => Array.from({ length: n }, () => [args, cwd, env]);

/** A first run: Node's compile cache (src/io/compile-cache.ts; 22.1+) in a new empty folder, so the bundle is compiled and the cache written. */
let coldCaches = 0;
const coldCache = () => ({ ...process.env, NODE_COMPILE_CACHE: path.join(tmpRoot, `cold-cache-${coldCaches++}`) });

function hasCommand(name) {
  return new RegExp(`^\\s+gitlab-dind ${name}\\b`, 'm').test(cli(['--help'], tmpRoot).stdout);
}

/** An init --yes project whose pipeline is padded with build jobs up to LINT_LINES lines. */
function lintProject() {
  const dir = path.join(tmpRoot, 'lint');
  fs.mkdirSync(dir);
  cli(['init', '--yes', '--out', dir], tmpRoot);
  const ciFile = path.join(dir, '.gitlab-ci.yml');
  let ci = fs.readFileSync(ciFile, 'utf8');
  for (let i = 0; ci.split('\n').length < LINT_LINES; i++) {
    ci += `\nbuild-${i}:\n  stage: build\n  image: docker:27\n  services:\n    - docker:27-dind\n  variables:\n    DOCKER_HOST: tcp://docker:2376\n    DOCKER_TLS_CERTDIR: "/certs"\n  script:\n    - docker build -t "$CI_REGISTRY_IMAGE/part-${i}:$CI_COMMIT_SHA" .\n    - docker push "$CI_REGISTRY_IMAGE/part-${i}:$CI_COMMIT_SHA"\n`;
  }
  fs.writeFileSync(ciFile, ci);
  return { dir, lines: ci.split('\n').length };
}

/**
 * A realistic 1 MiB pipeline: templates reached by extends and by << merge keys, build, test and deploy jobs
 * with rules, needs, artifacts, cache and variables, the dind setup repeated as many real pipelines repeat it.
 */
function bigPipeline() {
  const file = path.join(tmpRoot, 'big-pipeline.yml');
  let ci = [
    'stages: [build, test, deploy]',
    'variables:',
    '  DOCKER_TLS_CERTDIR: "/certs"',
    '  GIT_DEPTH: "20"',
    'default:',
    '  image: docker:29.1.0-cli',
    '  services:',
    '    - name: docker:29.1.0-dind',
    '      alias: docker',
    '.docker: &docker',
    '  image: docker:29.1.0-cli',
    '  services:',
    '    - name: docker:29.1.0-dind',
    '      alias: docker',
    '  variables:',
    '    DOCKER_HOST: tcp://docker:2376',
    '  before_script:',
    '    - docker info',
    '.rules: &rules',
    '  rules:',
    '    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH',
    '    - if: $CI_PIPELINE_SOURCE == "merge_request_event"',
    '',
  ].join('\n');
  for (let i = 0; Buffer.byteLength(ci) < BIG_LINT_BYTES; i++) {
    ci += [
      `build-${i}:`,
      '  extends: .docker',
      '  stage: build',
      '  <<: *rules',
      '  variables:',
      `    IMAGE: "$CI_REGISTRY_IMAGE/part-${i}:$CI_COMMIT_SHA"`,
      '  script:',
      '    - docker build --pull -t "$IMAGE" .',
      '    - docker push "$IMAGE"',
      '  cache:',
      `    key: part-${i}`,
      '    paths: [.cache/]',
      `test-${i}:`,
      '  <<: *docker',
      '  stage: test',
      `  needs: [build-${i}]`,
      '  script:',
      `    - docker run --rm "$CI_REGISTRY_IMAGE/part-${i}:$CI_COMMIT_SHA" make test`,
      '  artifacts:',
      '    reports:',
      `      junit: reports/part-${i}.xml`,
      `deploy-${i}:`,
      '  stage: deploy',
      '  image: alpine:3.22',
      '  script:',
      `    - ./deploy.sh part-${i}`,
      '  environment:',
      `    name: production/part-${i}`,
      '  when: manual',
      '',
    ].join('\n');
  }
  fs.writeFileSync(file, ci);
  return { file, bytes: Buffer.byteLength(ci), jobs: (ci.match(/^[a-z][\w-]*:$/gm) ?? []).length };
}

/** Lint of the big pipeline against the yaml package's parse of it, alternated; both include Node's start-up. */
function lintVersusParse() {
  const { file, bytes, jobs } = bigPipeline();
  const yamlPath = require.resolve('yaml', { paths: [ROOT] });
  const parse = `require(${JSON.stringify(yamlPath)}).parse(require('node:fs').readFileSync(${JSON.stringify(file)}, 'utf8'), { merge: true, maxAliasCount: -1 })`;
  const base = [];
  const cmd = [];
  for (let i = 0; i < BIG_LINT_RUNS; i++) {
    base.push(timeOnce(['-e', parse], tmpRoot));
    cmd.push(timeOnce([BIN, 'lint', '--ci', file], tmpRoot));
  }
  return {
    name: `\`lint\` of a ${(bytes / 1024 / 1024).toFixed(2)} MiB pipeline (${jobs} jobs) vs the \`yaml\` package parsing it`,
    goal: 2,
    base: median(base),
    cmd: median(cmd),
    ratio: median(cmd) / median(base),
    n: cmd.length,
  };
}

/** GENERATE_FOLDERS folders, each an init --yes project (modes in turn) with its answers file. */
function generateProjects() {
  const seeds = [
    ['--mode', 'dind'],
    ['--mode', 'dind', '--no-tls'],
    ['--mode', 'socket'],
    ['--mode', 'shell'],
  ].map((flags, i) => {
    const dir = path.join(tmpRoot, `seed-${i}`);
    fs.mkdirSync(dir);
    cli(['init', '--yes', ...flags, '--out', dir], tmpRoot);
    return dir;
  });
  return Array.from({ length: GENERATE_FOLDERS }, (_, i) => {
    const dir = path.join(tmpRoot, `generate-${i}`);
    fs.cpSync(seeds[i % seeds.length], dir, { recursive: true });
    return dir;
  });
}

function dirSize(dir) {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += dirSize(full);
    else if (entry.isFile()) total += fs.statSync(full).size;
  }
  return total;
}

function sizes() {
  const packDir = path.join(tmpRoot, 'pack');
  fs.mkdirSync(packDir);
  const [info] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
  );
  const installDir = path.join(tmpRoot, 'install');
  fs.mkdirSync(installDir);
  fs.writeFileSync(path.join(installDir, 'package.json'), '{"private":true}\n');
  // --offline: a package with no dependencies installs without any network.
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--no-package-lock', path.join(packDir, info.filename)], {
    cwd: installDir,
    stdio: 'ignore',
  });
  const manifest = JSON.parse(fs.readFileSync(path.join(installDir, 'node_modules', 'gitlab-dind', 'package.json'), 'utf8'));
  return {
    packed: info.size,
    files: info.files.length,
    installed: dirSize(path.join(installDir, 'node_modules')),
    runtimeDeps: Object.keys(manifest.dependencies ?? {}).length,
  };
}

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;

function main() {
  const rows = [];
  let bigLint;
  const row = (name, goal, r) => rows.push({ name, goal, ...r });
  row('`init --yes --dry-run`', 1.5, alternate(repeat(['init', '--yes', '--dry-run'], tmpRoot)));
  row('`init --yes --dry-run`, first run (empty compile cache)', undefined, alternate(repeat(['init', '--yes', '--dry-run'], tmpRoot, RUNS, coldCache)));
  row('`--help`', 1.3, alternate(repeat(['--help'], tmpRoot)));
  if (hasCommand('lint')) {
    const { dir, lines } = lintProject();
    row(`\`lint\` (${lines}-line pipeline)`, undefined, alternate(repeat(['lint'], dir, Math.min(RUNS, 11))));
    bigLint = lintVersusParse();
  } else rows.push({ name: '`lint`', missing: 'lint: not available in this build' });
  if (hasCommand('generate')) {
    row(`\`generate\` (${GENERATE_FOLDERS} answer files, one run each)`, undefined, alternate(generateProjects().map((dir) => [['generate'], dir])));
  } else rows.push({ name: '`generate`', missing: 'generate: not available in this build' });
  const size = sizes();

  const fmt = (r) =>
    r.missing
      ? r.missing
      : `${r.cmd.toFixed(0)} ms vs ${r.base.toFixed(0)} ms  = ${r.ratio.toFixed(2)}x${r.goal ? `  (goal <= ${r.goal}x: ${r.ratio <= r.goal ? 'met' : 'MISSED'})` : ''}  n=${r.n}`;
  console.log(`gitlab-dind bench — node ${process.version}, ${os.cpus().length} CPU(s), ${os.platform()}`);
  for (const r of rows) console.log(`${r.name.replace(/`/g, '').padEnd(56)} ${fmt(r)}`);
  if (bigLint)
    console.log(
      `${bigLint.name.replace(/`/g, '')}\n${''.padEnd(56)} ${bigLint.cmd.toFixed(0)} ms vs ${bigLint.base.toFixed(0)} ms  = ${bigLint.ratio.toFixed(2)}x  (goal <= ${bigLint.goal}x: ${bigLint.ratio <= bigLint.goal ? 'met' : 'MISSED'})  n=${bigLint.n}`,
    );
  console.log(`${'packed tarball'.padEnd(56)} ${kb(size.packed)} (${size.files} files)  (goal <= 300 KB: ${size.packed <= 300 * 1000 ? 'met' : 'MISSED'})`);
  console.log(`${'installed (node_modules)'.padEnd(56)} ${kb(size.installed)}  (goal <= 1 MiB: ${size.installed <= 1024 * 1024 ? 'met' : 'MISSED'})`);
  console.log(`${'runtime dependencies'.padEnd(56)} ${size.runtimeDeps}`);

  console.log('\nMarkdown for docs/performance.md:\n');
  console.log(`Measured on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus().length} CPU(s), ${os.platform()}.\n`);
  console.log('| What | gitlab-dind | `node -e 0` | Ratio | Goal |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) {
    if (r.missing) console.log(`| ${r.name} | not available in this build | | | |`);
    else console.log(`| ${r.name} | ${r.cmd.toFixed(0)} ms | ${r.base.toFixed(0)} ms | ${r.ratio.toFixed(2)}× | ${r.goal ? `≤ ${r.goal}×` : ''} |`);
  }
  console.log(`| Packed tarball | ${kb(size.packed)} | | | ≤ 300 KB |`);
  console.log(`| Installed (node_modules) | ${kb(size.installed)} | | | ≤ 1 MiB |`);
  console.log(`| Runtime dependencies | ${size.runtimeDeps} | | | 0 |`);
  if (bigLint) {
    console.log('\n| What | gitlab-dind | `yaml` parse | Ratio | Goal |');
    console.log('|---|---|---|---|---|');
    console.log(`| ${bigLint.name} | ${bigLint.cmd.toFixed(0)} ms | ${bigLint.base.toFixed(0)} ms | ${bigLint.ratio.toFixed(2)}× | ≤ ${bigLint.goal}× |`);
  }
}

try {
  main();
} finally {
  fs.rmSync(tmpRoot, { recursive: true, force: true });
}
