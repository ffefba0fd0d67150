/**
 * The compile cache (src/io/compile-cache.ts) in child processes, as the bin uses it: each run a fresh Node
 * that hooks the loading of a small bundle folder, so what one run leaves, the next one finds.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runKind } from '../../src/io/compile-cache';
import { BIN, ROOT, tempDir } from '../support/cli';

const MODULE = path.join(ROOT, 'dist', 'io', 'compile-cache.js');

interface Result {
  enabled: boolean;
  value: unknown;
  outcomes: Record<string, string>;
}

let work: string;
let bundle: string;
let cacheDir: string;

beforeEach(() => {
  work = tempDir('compile-cache-');
  bundle = path.join(work, 'bundle');
  cacheDir = path.join(work, 'cache');
  fs.mkdirSync(path.join(bundle, 'nested'), { recursive: true });
  fs.writeFileSync(path.join(bundle, 'main.js'), "'use strict';\nconst dep = require('./dep.js');\nmodule.exports = { value: dep.value * 2, nested: require('./nested/other.js'), dir: __dirname };\n");
  fs.writeFileSync(path.join(bundle, 'dep.js'), 'exports.value = 21;\n');
  fs.writeFileSync(path.join(bundle, 'nested', 'other.js'), "module.exports = 'nested';\n");
});

afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

function run(options: { buildId?: string; kind?: string; env?: Record<string, string>; afterEnable?: string } = {}): Result {
  const script = `
    const cc = require(${JSON.stringify(MODULE)});
    const enabled = cc.enableCompileCache(${JSON.stringify(bundle)}, { buildId: ${JSON.stringify(options.buildId ?? 'build-1')}, cacheDir: ${JSON.stringify(cacheDir)}, kind: ${JSON.stringify(options.kind)} });
    ${options.afterEnable ?? ''}
    const value = require(${JSON.stringify(path.join(bundle, 'main.js'))});
    const outcomes = Object.fromEntries([...cc.compileCacheOutcomes()].map(([file, o]) => [require('node:path').relative(${JSON.stringify(bundle)}, file), o]));
    console.log(JSON.stringify({ enabled, value, outcomes }));`;
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  delete env.NODE_DISABLE_COMPILE_CACHE;
  Object.assign(env, options.env);
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Result;
}

const expected = () => ({ value: 42, nested: 'nested', dir: bundle });

test('the first run compiles and keeps the cache; the next takes it, with the same result', () => {
  const first = run();
  expect(first).toEqual({ enabled: true, value: expected(), outcomes: { 'main.js': 'missing', 'dep.js': 'missing' } });
  expect(fs.readdirSync(cacheDir).sort()).toEqual(['any--dep.js.cache', 'any--main.js.cache']);
  const second = run();
  expect(second).toEqual({ enabled: true, value: expected(), outcomes: { 'main.js': 'hit', 'dep.js': 'hit' } });
});

test('files in sub-folders of the bundle load as usual, uncached', () => {
  expect(Object.keys(run().outcomes)).not.toContain(path.join('nested', 'other.js'));
});

test('the cache folder and files can be read and written by this user only', () => {
  run();
  expect(fs.statSync(cacheDir).mode & 0o777).toBe(0o700);
  for (const name of fs.readdirSync(cacheDir)) expect(fs.statSync(path.join(cacheDir, name)).mode & 0o777).toBe(0o600);
});

test('an edited file is compiled anew, even at the same length: the edit runs, not the cached code', () => {
  run();
  const dep = path.join(bundle, 'dep.js');
  const before = fs.statSync(dep);
  fs.writeFileSync(dep, 'exports.value = 31;\n'); // same length
  fs.utimesSync(dep, before.atime, new Date(before.mtimeMs + 5000));
  const edited = run();
  expect(edited.value).toEqual({ ...expected(), value: 62 });
  expect(edited.outcomes['dep.js']).toBe('stale');
  expect(run().outcomes['dep.js']).toBe('hit'); // and the new cache is of the edit
  expect(run().value).toEqual({ ...expected(), value: 62 });
});

test('a cache from another build of the bundle is not taken', () => {
  run({ buildId: 'build-1' });
  expect(run({ buildId: 'build-2' }).outcomes).toEqual({ 'main.js': 'stale', 'dep.js': 'stale' });
});

test("a damaged cache is V8's to refuse: the run compiles, and its result is right", () => {
  run();
  const file = path.join(cacheDir, 'any--dep.js.cache');
  const raw = fs.readFileSync(file);
  const header = raw.indexOf(10) + 1;
  fs.writeFileSync(file, Buffer.concat([raw.subarray(0, header), Buffer.alloc(raw.length - header, 7)]));
  const damaged = run();
  expect(damaged.value).toEqual(expected());
  expect(damaged.outcomes['dep.js']).toBe('rejected');
});

test('a cache folder others can write to is neither read nor written', () => {
  fs.mkdirSync(cacheDir, { mode: 0o777 });
  fs.chmodSync(cacheDir, 0o777);
  const r = run();
  expect(r.value).toEqual(expected());
  expect(fs.readdirSync(cacheDir)).toEqual([]);
  // a planted file is not read either
  fs.writeFileSync(path.join(cacheDir, 'any--dep.js.cache'), 'build-1 0 0\nplanted');
  expect(run().outcomes['dep.js']).toBe('missing');
});

test('a cache folder inside one others can write to is neither read nor written (they could swap it)', () => {
  const outer = path.join(work, 'outer');
  fs.mkdirSync(outer);
  fs.chmodSync(outer, 0o777);
  cacheDir = path.join(outer, 'cache');
  expect(run().value).toEqual(expected());
  expect(fs.readdirSync(outer)).toEqual([]);
  fs.mkdirSync(cacheDir, { mode: 0o700 });
  fs.writeFileSync(path.join(cacheDir, 'any--dep.js.cache'), 'build-1 0 0\nplanted');
  expect(run().outcomes['dep.js']).toBe('missing'); // a file already there is not read either
  expect(fs.readdirSync(cacheDir)).toEqual(['any--dep.js.cache']);
});

test('a cache folder that appears only after start-up is not read (someone else may have made it)', () => {
  run();
  const made = cacheDir;
  cacheDir = path.join(work, 'late');
  // Real cache files of this very build, planted once the run has looked for its folder and found none.
  const plant = `require('node:fs').cpSync(${JSON.stringify(made)}, ${JSON.stringify(cacheDir)}, { recursive: true });`;
  const late = run({ afterEnable: plant });
  expect(late.outcomes).toEqual({ 'main.js': 'missing', 'dep.js': 'missing' });
  expect(late.value).toEqual(expected());
  expect(run().outcomes).toEqual({ 'main.js': 'hit', 'dep.js': 'hit' }); // there at start-up, and private: taken
});

test('a cache file others can write to is not read, even in a private folder', () => {
  run();
  fs.chmodSync(path.join(cacheDir, 'any--dep.js.cache'), 0o666);
  expect(run().outcomes).toEqual({ 'main.js': 'hit', 'dep.js': 'missing' });
});

test('a cache that cannot be written does not fail the run', () => {
  fs.writeFileSync(cacheDir, 'a file where the folder should be');
  expect(run().value).toEqual(expected());
  expect(run().value).toEqual(expected());
});

test('NODE_DISABLE_COMPILE_CACHE=1 turns it off, as it does Node’s own', () => {
  const r = run({ env: { NODE_DISABLE_COMPILE_CACHE: '1' } });
  expect(r).toEqual({ enabled: false, value: expected(), outcomes: {} });
  expect(fs.existsSync(cacheDir)).toBe(false);
});

test('an error thrown in bundle code still names the file in its stack', () => {
  fs.writeFileSync(path.join(bundle, 'dep.js'), "throw new Error('from dep');\n");
  expect(() => run()).toThrow(new RegExp(`from dep[\\s\\S]*${path.join(bundle, 'dep.js').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:1`));
});

test('the built bin keeps its cache in NODE_COMPILE_CACHE, and a run from the cache writes what a compiled run does', () => {
  const dir = path.join(work, 'node-cache');
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_COMPILE_CACHE: dir, FORCE_COLOR: '0' };
  delete env.NODE_DISABLE_COMPILE_CACHE;
  const once = () => spawnSync(process.execPath, [BIN, 'init', '--yes', '--dry-run'], { cwd: work, encoding: 'utf8', env });
  const cold = once();
  const warm = once();
  expect(cold.status).toBe(0);
  expect(warm.stdout).toBe(cold.stdout);
  // DIR as it is, as Node takes it (no user suffix: the user chose it), with a folder per V8 build inside
  expect(fs.readdirSync(dir)).toEqual([`${process.versions.v8}-${process.arch}`]);
  expect(fs.readdirSync(path.join(dir, `${process.versions.v8}-${process.arch}`))).toContain('init--cli.js.cache');
  // a relative DIR is not taken: it would be inside whatever folder the run starts in (a cloned repository's)
  fs.mkdirSync(path.join(work, 'rel-cache'));
  const relative = spawnSync(process.execPath, [BIN, 'init', '--yes', '--dry-run'], { cwd: work, encoding: 'utf8', env: { ...env, NODE_COMPILE_CACHE: 'rel-cache' } });
  expect(relative.status).toBe(0);
  expect(fs.readdirSync(path.join(work, 'rel-cache'))).toEqual([]);
});

test('writing a cache drops others not rewritten for 30 days, and temporary files a killed run left after a day', () => {
  fs.mkdirSync(cacheDir, { mode: 0o700 });
  const at = (name: string, daysAgo: number) => {
    const file = path.join(cacheDir, name);
    fs.writeFileSync(file, 'x');
    const then = new Date(Date.now() - daysAgo * 24 * 60 * 60 * 1000);
    fs.utimesSync(file, then, then);
  };
  at('chunk-OLD.js.cache', 31);
  at('chunk-RECENT.js.cache', 29);
  at('any--main.js.cache.123.tmp', 2);
  at('any--dep.js.cache.456.tmp', 0);
  run();
  expect(fs.readdirSync(cacheDir).sort()).toEqual(['any--dep.js.cache', 'any--dep.js.cache.456.tmp', 'any--main.js.cache', 'chunk-RECENT.js.cache']);
});

test("on Node with its own compile cache (22.1+), that one is used, in our private folder rather than Node's shared default", () => {
  const probe = (dir: string) => {
    const script = `
      const Module = require('node:module');
      let given = null;
      Module.enableCompileCache = (d) => { given = d; };
      const enabled = require(${JSON.stringify(MODULE)}).enableCompileCache(${JSON.stringify(bundle)}, { cacheDir: ${JSON.stringify(dir)} });
      console.log(JSON.stringify({ enabled, given }));`;
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.NODE_DISABLE_COMPILE_CACHE;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env });
    return JSON.parse(r.stdout) as { enabled: boolean; given: string | null };
  };
  expect(probe(cacheDir)).toEqual({ enabled: true, given: cacheDir });
  expect(fs.statSync(cacheDir).mode & 0o777).toBe(0o700);
  const shared = path.join(work, 'shared');
  fs.mkdirSync(shared);
  fs.chmodSync(shared, 0o777);
  expect(probe(path.join(shared, 'cache'))).toEqual({ enabled: false, given: null });
});

test('a run that exits 2 (refused input) or 130 (interrupted) writes no cache, as it writes nothing else', () => {
  const dir = path.join(work, 'node-cache');
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_COMPILE_CACHE: dir };
  delete env.NODE_DISABLE_COMPILE_CACHE;
  const refused = spawnSync(process.execPath, [BIN, 'init', '--yes', '--dry-run', '--mode', 'nope'], { cwd: work, encoding: 'utf8', env });
  expect(refused.status).toBe(2);
  expect(fs.readdirSync(work).filter((n) => n.startsWith('node-cache'))).toEqual([]);
  const fine = spawnSync(process.execPath, [BIN, 'modes'], { cwd: work, encoding: 'utf8', env });
  expect(fine.status).toBe(0);
  expect(fs.readdirSync(work).filter((n) => n.startsWith('node-cache'))).toHaveLength(1);
});

test('each kind of run keeps its own cache: a --help does not load the cache an init made', () => {
  run({ kind: 'init' });
  expect(run({ kind: 'help' }).outcomes).toEqual({ 'main.js': 'missing', 'dep.js': 'missing' });
  expect(run({ kind: 'init' }).outcomes).toEqual({ 'main.js': 'hit', 'dep.js': 'hit' });
  expect(run({ kind: 'help' }).outcomes).toEqual({ 'main.js': 'hit', 'dep.js': 'hit' });
});

test.each([
  [[], 'init'],
  [['--yes', '--mode', 'socket'], 'init'],
  [['init', '--yes'], 'init'],
  [['generate', '--check'], 'generate'],
  [['--help'], 'help'],
  [['lint', '-h'], 'help'],
  [['--version'], 'help'],
  [['../weird'], 'other'],
])('runKind(%j) is %s', (args, kind) => {
  expect(runKind(args)).toBe(kind);
});
