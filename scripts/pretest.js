#!/usr/bin/env node
/**
 * `npm test`'s first step: the bundle (scripts/build.js, esbuild), then tsc's two passes side by side, one a
 * core: the emit of src into dist/ (tsconfig.build.json, what `npm run build` does after the bundle) and the
 * type-check of src and test (tsconfig.json; ts-jest only transpiles). Each is about 9 s of one core here:
 * side by side they take the time of one when the second core is free (back to back on the shared 2-core
 * machine, load average 8: 20 s one after the other, 12 s side by side).
 */
const { spawn, spawnSync } = require('node:child_process');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const TSC = require.resolve('typescript/bin/tsc', { paths: [ROOT] });

const bundle = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.js')], { cwd: ROOT, stdio: 'inherit' });
if (bundle.status !== 0) process.exit(bundle.status ?? 1);

/** tsc with these arguments; resolves to its exit code (its output goes straight to ours). */
function tsc(...args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [TSC, ...args], { cwd: ROOT, stdio: 'inherit' });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

Promise.all([tsc('-p', 'tsconfig.build.json'), tsc('-p', 'tsconfig.json', '--noEmit')]).then((codes) => {
  process.exitCode = codes.find((c) => c !== 0) ?? 0;
});
