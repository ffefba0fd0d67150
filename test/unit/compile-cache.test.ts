/**
 * The compile cache switch (src/io/compile-cache.ts) in child processes, as the bin uses it. Node's own
 * `module.enableCompileCache` is replaced by a probe that records the folder it is given, so the checks run
 * on every Node line (20 has no such function: there the probe is removed).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN, ROOT, tempDir } from '../support/cli';

const MODULE = path.join(ROOT, 'dist', 'io', 'compile-cache.js');

let work: string;
beforeEach(() => {
  work = tempDir('compile-cache-');
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

interface Probe {
  enabled: boolean;
  given: string | null;
}

function probe(options: { cacheDir?: string; env?: Record<string, string | undefined>; nodeHasCache?: boolean } = {}): Probe {
  const script = `
    const Module = require('node:module');
    let given = null;
    Module.enableCompileCache = ${options.nodeHasCache === false ? 'undefined' : '(d) => { given = d; }'};
    const cc = require(${JSON.stringify(MODULE)});
    const enabled = ${options.cacheDir ? `cc.enableCompileCache(${JSON.stringify(options.cacheDir)})` : 'cc.enableCompileCache()'};
    console.log(JSON.stringify({ enabled, given }));`;
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: work };
  delete env.NODE_DISABLE_COMPILE_CACHE;
  delete env.NODE_COMPILE_CACHE;
  for (const [k, v] of Object.entries(options.env ?? {}))
    if (v === undefined) delete env[k];
    else env[k] = v;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Probe;
}

const uid = process.getuid ? `-${process.getuid()}` : '';

test("where Node has its own cache, it is turned on in a folder private to the user, not Node's shared default", () => {
  const expected = path.join(work, `gitlab-dind-compile-cache${uid}`);
  expect(probe()).toEqual({ enabled: true, given: expected });
  expect(fs.statSync(expected).mode & 0o777).toBe(0o700);
});

test('where Node has none (Node 20), nothing is turned on and no folder is made', () => {
  expect(probe({ nodeHasCache: false })).toEqual({ enabled: false, given: null });
  expect(fs.readdirSync(work)).toEqual([]);
});

test('a cache folder others can write to is not used, nor one inside a folder others can write to', () => {
  const open = path.join(work, 'open');
  fs.mkdirSync(open, { mode: 0o777 });
  fs.chmodSync(open, 0o777);
  expect(probe({ cacheDir: open })).toEqual({ enabled: false, given: null });
  expect(probe({ cacheDir: path.join(open, 'cache') })).toEqual({ enabled: false, given: null });
  const mine = path.join(work, 'mine');
  expect(probe({ cacheDir: mine })).toEqual({ enabled: true, given: mine });
});

test('a planted file where the folder should be is not used', () => {
  const file = path.join(work, `gitlab-dind-compile-cache${uid}`);
  fs.writeFileSync(file, 'not a folder');
  expect(probe()).toEqual({ enabled: false, given: null });
});

test('NODE_DISABLE_COMPILE_CACHE=1 turns it off, as it does Node’s own', () => {
  expect(probe({ env: { NODE_DISABLE_COMPILE_CACHE: '1' } })).toEqual({ enabled: false, given: null });
});

test('NODE_COMPILE_CACHE=DIR moves it when absolute; a relative one (it would land in the cloned repository) is not taken', () => {
  const chosen = path.join(work, 'chosen');
  expect(probe({ env: { NODE_COMPILE_CACHE: chosen } })).toEqual({ enabled: true, given: chosen });
  expect(probe({ env: { NODE_COMPILE_CACHE: 'relative/cache' } })).toEqual({ enabled: true, given: path.join(work, `gitlab-dind-compile-cache${uid}`) });
});

test('the built bin gives the same output with the cache on and off', () => {
  const run = (env: NodeJS.ProcessEnv) =>
    spawnSync(process.execPath, [BIN, 'init', '--yes', '--dry-run'], { cwd: work, encoding: 'utf8', env: { ...process.env, ...env } });
  const off = run({ NODE_DISABLE_COMPILE_CACHE: '1' });
  const on = run({ NODE_COMPILE_CACHE: path.join(work, 'cache') });
  expect(off.status).toBe(0);
  expect(on.status).toBe(0);
  expect(on.stdout).toBe(off.stdout);
  expect(on.stderr).toBe(off.stderr);
});
