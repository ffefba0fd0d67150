/**
 * The smoke set's spawned runs of bin/gitlab-dind.js: what an in-process test (test/support/main-in-process.ts)
 * cannot see: the bundle and its chunks loading (one run per command), the real stdin and stdout (no terminal,
 * a pipe closed early), the version the bundle carries, and no Node warning on any run. `npm run
 * test:node-lines` runs this folder on Node 22 and 24 too.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN, ROOT, runCli, tempDir, tree } from '../support/cli';

/** Nothing but the tool's own lines: a Node deprecation or experimental warning starts with "(node:". */
const noNodeWarning = (stderr: string) => expect(stderr).not.toMatch(/\(node:\d+\)|Warning:/);

test('init --yes writes the files; generate, upgrade, lint and modes run on them, each from its own chunk', () => {
  const dir = tempDir();
  const init = runCli(['init', '--yes', '--mode', 'dind'], dir);
  noNodeWarning(init.stderr);
  expect(init.code).toBe(0);
  expect(Object.keys(tree(dir)).sort()).toEqual(['.gitlab-ci.yml', '.gitlab-dind.yml', 'gitlab-runner/config.toml', 'gitlab-runner/register.sh']);
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM alpine:3.22\n');
  for (const [args, out] of [
    [['generate', '--check'], /^$/],
    [['upgrade', '--dry-run'], /already there/],
    [['lint'], /^no problems found in \.gitlab-ci\.yml and gitlab-runner\/config\.toml\n$/],
    [['modes'], /^dind:/m],
  ] as const) {
    const r = runCli([...args], dir);
    noNodeWarning(r.stderr);
    expect({ args, code: r.code }).toEqual({ args, code: 0 });
    expect(r.stdout).toMatch(out);
  }
});

test('--version is the package.json version the bundle carries', () => {
  const r = runCli(['--version'], tempDir());
  expect(r.stdout.trim()).toBe((JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
});

test('no terminal and no --yes: exit 2 at once with a hint, never waiting on stdin (left open here)', async () => {
  const dir = tempDir();
  const child = spawn(process.execPath, [BIN], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  child.stdin.destroy();
  expect(code).toBe(2);
  expect(stderr).toMatch(/no terminal to ask in; add --yes/);
  expect(fs.readdirSync(dir)).toEqual([]);
});

test('a reader that closes the pipe early (| head) is no failure: exit 0, nothing on stderr', () => {
  // `true` exits before the CLI has started, so its first write meets a closed pipe (EPIPE) every time.
  const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" init --yes --dry-run | true`], { cwd: tempDir(), encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
});
