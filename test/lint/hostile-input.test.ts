/**
 * lint reads files it did not write, perhaps from an untrusted clone: each hostile input is refused
 * with exit 2 and one line naming the file (and line), never a hang, a crash or a stack trace.
 * A read that could block, never end or exhaust memory were a limit broken (a FIFO, /dev/zero, a 200 MB file,
 * an alias bomb) runs the built binary, spawned with a timeout and a small heap, so a hang or a blow-up fails
 * that test instead of stalling the run or taking the jest worker down; the rest run the CLI's `main(argv, io)`
 * in this process (test/support/main-in-process.ts). The deep-nesting cases stay here: with the depth limit
 * broken the parser overflows its stack within a second, a clean failure (tried with MAX_DEPTH = 1e9), and
 * spawned, the 100,000-deep case costs about 1 s more CPU.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN, tempDir } from '../support/cli';
import { runMain } from '../support/main-in-process';

interface LintRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * The built binary, killed after a minute, with a 128 MB heap: a limit that holds needs well under that; one
 * that broke would need gigabytes and ends the child (a signal, or exit 134), not the jest worker.
 */
function lintSpawned(cwd: string, ...args: string[]): LintRun {
  const r = spawnSync(process.execPath, ['--max-old-space-size=128', BIN, 'lint', ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** In this process. */
async function lint(cwd: string, ...args: string[]): Promise<LintRun> {
  return { ...(await runMain(['lint', ...args], cwd)), signal: null };
}

function folderWith(files: Record<string, string | Buffer>): string {
  const dir = tempDir('gitlab-dind-hostile-');
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

/** Exit 2, nothing on stdout, and exactly one clean line on stderr matching `line`. */
function expectRefused(r: LintRun, line: RegExp): void {
  expect(r.signal).toBeNull();
  expect(r.stderr).not.toMatch(/internal error|\n\s+at |Maximum call stack/);
  expect(r.stderr.split('\n')).toEqual([expect.stringMatching(line), '']);
  expect(r.stdout).toBe('');
  expect(r.code).toBe(2);
}

const CLEAN_CI = 'build:\n  image: docker:29.1.0-cli\n  script: [echo hi]\n';

describe('only regular files are read', () => {
  it('a named pipe (FIFO) with no writer: exit 2 at once, no wait for a writer', () => {
    const dir = folderWith({});
    spawnSync('mkfifo', [path.join(dir, 'pipe.yml')]);
    expectRefused(lintSpawned(dir, '--ci', 'pipe.yml'), /^gitlab-dind: --ci pipe\.yml: is a named pipe \(FIFO\), expected a regular file$/);
  });

  it('a character device (/dev/zero, which never ends): exit 2 before any read', () => {
    expectRefused(lintSpawned(folderWith({}), '--runner', '/dev/zero'), /^gitlab-dind: --runner \/dev\/zero: is a character device, expected a regular file$/);
  });

  it('a default file that is a symlink to a device is judged by what it points to', () => {
    const dir = folderWith({});
    fs.symlinkSync('/dev/zero', path.join(dir, '.gitlab-ci.yml'));
    expectRefused(lintSpawned(dir), /^gitlab-dind: --ci \.gitlab-ci\.yml: is a character device, expected a regular file$/);
  });

  it('a folder', async () => {
    const dir = folderWith({});
    fs.mkdirSync(path.join(dir, 'ci'));
    expectRefused(await lint(dir, '--ci', 'ci'), /^gitlab-dind: --ci ci: is a folder, expected a regular file$/);
  });

  it('a symlink to a regular file is read', async () => {
    const dir = folderWith({ 'real.yml': CLEAN_CI });
    fs.symlinkSync('real.yml', path.join(dir, 'link.yml'));
    const r = await lint(dir, '--ci', 'link.yml');
    expect(r.stdout).toMatch(/^no problems found in link\.yml\nnote: runner-side checks skipped /);
    expect(r.code).toBe(0);
  });
});

describe('size cap (--max-size, default 10MiB)', () => {
  it('a 200 MB scalar is refused after reading at most the cap (a sparse file: no disk used)', () => {
    const dir = folderWith({ 'big.yml': 'a: ' });
    fs.truncateSync(path.join(dir, 'big.yml'), 200 * 1024 * 1024);
    expectRefused(
      lintSpawned(dir, '--ci', 'big.yml'),
      /^gitlab-dind: --ci big\.yml: is larger than 10MiB, the most lint reads; raise the cap with --max-size SIZE/,
    );
  });

  it('a file exactly at the cap is read; one byte over is refused; the flag raises the cap', async () => {
    const text = `${CLEAN_CI}# ${'x'.repeat(2000)}\n`;
    const dir = folderWith({ 'ci.yml': text });
    expect((await lint(dir, '--ci', 'ci.yml', '--max-size', String(Buffer.byteLength(text)))).code).toBe(0);
    expectRefused(await lint(dir, '--ci', 'ci.yml', '--max-size', String(Buffer.byteLength(text) - 1)), /^gitlab-dind: --ci ci\.yml: is larger than \d+ bytes/);
    expectRefused(await lint(dir, '--ci', 'ci.yml', '--max-size', '1KiB'), /^gitlab-dind: --ci ci\.yml: is larger than 1KiB, .*--max-size 4KiB\)$/);
    expect((await lint(dir, '--ci', 'ci.yml', '--max-size', '3KiB')).code).toBe(0);
    expect((await lint(dir, '--ci', 'ci.yml', '--max-size=1M')).code).toBe(0);
  });

  it.each([['0'], ['-5'], ['ten'], ['10GB'], ['1e3'], ['']])('--max-size %j is refused with what is expected', async (value) => {
    expectRefused(
      await lint(folderWith({ '.gitlab-ci.yml': CLEAN_CI }), '--max-size', value),
      /^gitlab-dind: --max-size: ".*" is not valid; expected a size such as 20MiB, 512KiB or 1000000 \(bytes\)$/,
    );
  });

  it('--max-size above 64MiB is refused (parsing needs up to ~26 bytes of memory per byte)', async () => {
    expectRefused(
      await lint(folderWith({ '.gitlab-ci.yml': CLEAN_CI }), '--max-size', '65MiB'),
      /^gitlab-dind: --max-size: "65MiB" is over the 64MiB this tool can lint; expected at most 64MiB$/,
    );
  });
});

describe('text: UTF-8 only', () => {
  it('invalid UTF-8 is refused with its byte offset and line', async () => {
    const bytes = Buffer.concat([Buffer.from('a: 1\nb: "'), Buffer.from([0xc3, 0x28]), Buffer.from('"\n')]);
    expectRefused(
      await lint(folderWith({ 'ci.yml': bytes }), '--ci', 'ci.yml'),
      /^gitlab-dind: ci\.yml:2: not valid UTF-8 at byte offset 9 \(0xc3\); lint reads UTF-8 text$/,
    );
  });

  it('a UTF-16 surrogate written as UTF-8 (CESU) in a runner config is refused too', async () => {
    const bytes = Buffer.concat([Buffer.from('[[runners]]\n  name = "'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"\n')]);
    expectRefused(
      await lint(folderWith({ 'config.toml': bytes }), '--runner', 'config.toml'),
      /^gitlab-dind: config\.toml:2: not valid UTF-8 at byte offset 22 \(0xed\)/,
    );
  });

  it('a byte-order mark and multi-byte text are fine', async () => {
    const dir = folderWith({ 'ci.yml': `\uFEFF# Größe: 📦\n${CLEAN_CI}` });
    expect((await lint(dir, '--ci', 'ci.yml')).code).toBe(0);
  });
});

describe('YAML limits', () => {
  const deepBlock = (depth: number) => `${Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} x\n`;

  it('3,000-deep block mappings: exit 2 at the line where it passes the limit', async () => {
    expectRefused(
      await lint(folderWith({ 'ci.yml': deepBlock(3_000) }), '--ci', 'ci.yml'),
      /^gitlab-dind: ci\.yml:101: nested deeper than 100 mappings and sequences; GitLab refuses such a pipeline too$/,
    );
  });

  it('10,000-deep block sequences on one line (- - - ...)', async () => {
    expectRefused(await lint(folderWith({ 'ci.yml': `a:\n${'- '.repeat(10_000)}x\n` }), '--ci', 'ci.yml'), /^gitlab-dind: ci\.yml:2: nested deeper than 100/);
  });

  it('100,000-deep flow nesting on one line', async () => {
    expectRefused(
      await lint(folderWith({ 'ci.yml': `a: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n` }), '--ci', 'ci.yml'),
      /^gitlab-dind: ci\.yml:1: nested deeper than 100/,
    );
  });

  it('100 levels, the limit, are read', async () => {
    const r = await lint(folderWith({ 'ci.yml': deepBlock(100) }), '--ci', 'ci.yml');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('an alias bomb (billion laughs) is refused at the alias that passes the limit', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++)
      levels.push(
        `${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(10)
          .fill(`*${'abcdefghi'[i - 1]}`)
          .join(', ')}]`,
      );
    expectRefused(
      lintSpawned(folderWith({ 'ci.yml': `${levels.join('\n')}\n` }), '--ci', 'ci.yml'),
      /^gitlab-dind: ci\.yml:6: aliases expand to more than 1000000 nodes in all \(an alias bomb\?\)$/,
    );
  });

  it('a bomb through << merge keys is counted too', () => {
    const lines = ['l0: &l0 {k0: 1, k1: 1, k2: 1, k3: 1, k4: 1, k5: 1, k6: 1, k7: 1, k8: 1, k9: 1}'];
    for (let i = 1; i < 9; i++) lines.push(`l${i}: &l${i} {${Array.from({ length: 10 }, (_, j) => `m${j}: *l${i - 1}`).join(', ')}, <<: *l${i - 1}}`);
    expectRefused(
      lintSpawned(folderWith({ 'ci.yml': `${lines.join('\n')}\n` }), '--ci', 'ci.yml'),
      /^gitlab-dind: ci\.yml:\d: aliases expand to more than 1000000 nodes/,
    );
  });

  it('an unresolved alias', async () => {
    expectRefused(
      await lint(folderWith({ 'ci.yml': 'build:\n  image: *nope\n' }), '--ci', 'ci.yml'),
      /^gitlab-dind: ci\.yml:2: the alias \*nope names no anchor &nope before it$/,
    );
  });

  it('an alias used before its anchor is unresolved (YAML resolves to the last anchor before the alias)', async () => {
    expectRefused(await lint(folderWith({ 'ci.yml': 'a: *x\nb: &x 1\n' }), '--ci', 'ci.yml'), /^gitlab-dind: ci\.yml:1: the alias \*x names no anchor/);
  });

  it('an alias inside its own anchor (a cycle)', async () => {
    expectRefused(
      await lint(folderWith({ 'ci.yml': 'job: &j\n  variables: *j\n' }), '--ci', 'ci.yml'),
      /^gitlab-dind: ci\.yml:2: the alias \*j is inside its own anchor &j \(a cycle\)$/,
    );
  });

  it('a duplicate key, at the second one', async () => {
    expectRefused(
      await lint(folderWith({ 'ci.yml': 'build:\n  script: [a]\n  image: x\n  script: [b]\n' }), '--ci', 'ci.yml'),
      /^gitlab-dind: ci\.yml:4: does not parse as YAML: Map keys must be unique; "script" is set twice$/,
    );
  });

  it('a << merge of a scalar', async () => {
    expectRefused(
      await lint(folderWith({ 'ci.yml': 'a: &a 1\nb:\n  <<: *a\n' }), '--ci', 'ci.yml'),
      /^gitlab-dind: ci\.yml:3: a << merge takes a mapping, or a list of mappings$/,
    );
  });

  it('a key named __proto__ is a plain key', async () => {
    const r = await lint(folderWith({ 'ci.yml': `__proto__:\n  image: docker:latest\n${CLEAN_CI}` }), '--ci', 'ci.yml');
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^ci\.yml:2 warning docker-image-unpinned /);
  });

  it('the same limits hold for a Helm values.yaml given as --runner', async () => {
    expectRefused(
      await lint(folderWith({ 'values.yaml': 'runners:\n  config: *c\n' }), '--runner', 'values.yaml'),
      /^gitlab-dind: values\.yaml:2: the alias \*c names no anchor/,
    );
  });
});
