/** A write that fails half-way leaves every original intact and no temporary file behind. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ProblemError } from '../../src/core/errors';
import { applyWrites, OutputFile, planWrites } from '../../src/io/write-files';
import { ROOT, tempDir, tree } from '../support/cli';
import { fixturesUntouched } from '../support/untouched';

function setup() {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'a.yml'), 'original a\n');
  fs.writeFileSync(path.join(dir, 'b.toml'), 'original b\n');
  const files: OutputFile[] = ['a.yml', 'b.toml', 'c.sh'].map((name) => ({
    path: path.join(dir, name),
    display: name,
    contents: `new ${name}\n`,
    mode: 0o644,
    owned: () => true,
  }));
  return { dir, files, before: tree(dir) };
}

afterEach(() => jest.restoreAllMocks());

/** The error a write on a descriptor really gives on a full disk: no path in it (/dev/full fills at once). */
function realEnospc(): NodeJS.ErrnoException {
  const fd = fs.openSync('/dev/full', 'w');
  try {
    fs.writeSync(fd, 'x');
  } catch (err) {
    return err as NodeJS.ErrnoException;
  } finally {
    fs.closeSync(fd);
  }
  throw new Error('/dev/full took a write');
}

/** EROFS as Node reports a failed open: the path is the one opened (the temporary file), not the target. */
const erofsFor = (args: unknown[]) =>
  Object.assign(new Error(`EROFS: read-only file system, open '${String(args[0])}'`), { errno: -30, code: 'EROFS', syscall: 'open', path: String(args[0]) });

test.each([
  ['a full disk (ENOSPC writing the second file)', 'writeFileSync', 'ENOSPC', () => realEnospc()],
  ['a read-only folder (EROFS when creating the second file)', 'openSync', 'EROFS', erofsFor],
] as const)('%s: originals intact, no temporary file, the file named', (_name, call, code, failure) => {
  const { dir, files, before } = setup();
  const real = fs[call] as (...args: unknown[]) => unknown;
  let calls = 0;
  jest.spyOn(fs, call).mockImplementation(((...args: unknown[]) => {
    calls += 1;
    if (calls === 2) throw failure(args);
    return real.apply(fs, args);
  }) as never);
  let error: unknown;
  try {
    applyWrites(planWrites(files, false));
  } catch (e) {
    error = e;
  }
  jest.restoreAllMocks();
  expect(calls).toBeGreaterThanOrEqual(2);
  expect(error).toBeInstanceOf(ProblemError);
  // The file as the user knows it, whatever path (if any) the system error carried.
  expect((error as Error).message).toMatch(new RegExp(`^could not write b\\.toml: [a-z -]+ \\(${code}\\); nothing was changed$`));
  expect(tree(dir)).toEqual(before);
});

test('a target replaced by a folder after it was read: nothing renamed, no temporary file', () => {
  const { dir, files, before } = setup();
  const planned = planWrites(files, false);
  fs.rmSync(path.join(dir, 'b.toml'));
  fs.mkdirSync(path.join(dir, 'b.toml'));
  expect(() => applyWrites(planned)).toThrow(/b\.toml: changed on disk since it was read; nothing was changed/);
  const { 'b.toml': _gone, ...rest } = before;
  expect(tree(dir)).toEqual(rest);
  expect(fs.statSync(path.join(dir, 'b.toml')).isDirectory()).toBe(true);
});

test('Ctrl-C while files are being written: the writes finish whole, no temporary file is left, exit 130', async () => {
  const dir = tempDir();
  // The child stops inside its first write (a temporary file on disk, the others to come) until the parent
  // has sent SIGINT: the signal surely lands mid-write, whatever the machine's speed.
  const script = `
    const fs = require('node:fs');
    const { writeAll, planWrites } = require(${JSON.stringify(path.join(ROOT, 'dist/io/write-files.js'))});
    const fsync = fs.fsyncSync;
    let first = true;
    fs.fsyncSync = (fd) => {
      if (first) {
        first = false;
        fs.writeSync(1, 'writing\\n');
        fs.readSync(0, Buffer.alloc(1)); // blocks until the parent has signalled
      }
      return fsync(fd);
    };
    const files = [1, 2, 3, 4].map((i) => ({ path: ${JSON.stringify(dir)} + '/f' + i, display: 'f' + i, contents: 'x'.repeat(1024 * i) + '\\n', mode: 0o644, owned: () => true }));
    writeAll(planWrites(files, false)).then((r) => process.exit(r.interrupted === 'SIGINT' ? 130 : 0));
  `;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  const tempsWhenSignalled = await new Promise<string[]>((resolve, reject) => {
    child.stdout.once('data', () => {
      const temps = fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'));
      child.kill('SIGINT');
      // Let the signal arrive before the child goes on.
      setTimeout(() => {
        child.stdin.end('go');
        resolve(temps);
      }, 50);
    });
    child.on('exit', () => reject(new Error('the child ended before it wrote')));
  });
  expect(tempsWhenSignalled).toHaveLength(1);
  expect(await exited).toBe(130);
  const names = fs.readdirSync(dir).sort();
  expect(names).toEqual(['f1', 'f2', 'f3', 'f4']);
  for (const [i, n] of names.entries()) expect(fs.readFileSync(path.join(dir, n), 'utf8')).toBe('x'.repeat(1024 * (i + 1)) + '\n');
});

fixturesUntouched();
