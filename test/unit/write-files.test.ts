import fs from 'node:fs';
import path from 'node:path';
import { ProblemError } from '../../src/core/errors';
import { applyWrites, OutputFile, planWrites } from '../../src/io/write-files';
import { tempDir } from '../support/cli';

function file(dir: string, name: string, contents: string, owned = false, mode = 0o644): OutputFile {
  return { path: path.join(dir, name), display: name, contents, mode, owned: () => owned };
}

describe('planWrites / applyWrites', () => {
  test('creates files and folders following the umask, config.toml 0600 whatever the umask', () => {
    const dir = tempDir();
    const old = process.umask(0o077); // a strict umask: new files follow it, config.toml stays 0600
    try {
      applyWrites(planWrites([file(dir, 'a/config.toml', 'x = 1\n', false, 0o600), file(dir, 'b.yml', 'b\n', false, 0o644)], false));
    } finally {
      process.umask(old);
    }
    expect(fs.statSync(path.join(dir, 'a/config.toml')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(dir, 'b.yml')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(dir, 'a')).mode & 0o777).toBe(0o700);
    expect(fs.readdirSync(dir).sort()).toEqual(['a', 'b.yml']);
  });

  test('an identical file is left alone; our own unchanged file is replaced keeping its mode', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'same'), 'same\n');
    fs.writeFileSync(path.join(dir, 'ours'), 'old\n', { mode: 0o640 });
    const planned = planWrites([file(dir, 'same', 'same\n'), file(dir, 'ours', 'new\n', true)], false);
    expect(planned.map((p) => p.action)).toEqual(['unchanged', 'replace']);
    applyWrites(planned);
    expect(fs.readFileSync(path.join(dir, 'ours'), 'utf8')).toBe('new\n');
    expect(fs.statSync(path.join(dir, 'ours')).mode & 0o777).toBe(0o640);
  });

  test('a replaced file promised 0600 (config.toml) loses group and other access, and so does its .bak', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'config.toml'), 'token = "secret"\n', { mode: 0o644 });
    fs.chmodSync(path.join(dir, 'config.toml'), 0o644);
    const { backups } = applyWrites(planWrites([file(dir, 'config.toml', 'token = "new"\n', false, 0o600)], true));
    expect(fs.statSync(path.join(dir, 'config.toml')).mode & 0o777).toBe(0o600);
    expect(backups).toHaveLength(1);
    expect(fs.statSync(backups[0]).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(backups[0], 'utf8')).toBe('token = "secret"\n');
  });

  test('a file the tool did not write stops everything, naming it; --force keeps a .bak', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'theirs'), 'mine\n');
    const files = [file(dir, 'new', 'n\n'), file(dir, 'theirs', 'generated\n')];
    expect(() => planWrites(files, false)).toThrow(ProblemError);
    expect(() => planWrites(files, false)).toThrow(/^theirs: not written by gitlab-dind/);
    expect(fs.readdirSync(dir)).toEqual(['theirs']);
    applyWrites(planWrites(files, true));
    expect(fs.readFileSync(path.join(dir, 'theirs'), 'utf8')).toBe('generated\n');
    expect(fs.readFileSync(path.join(dir, 'theirs.bak'), 'utf8')).toBe('mine\n');
    fs.writeFileSync(path.join(dir, 'theirs'), 'mine again\n');
    applyWrites(planWrites(files, true));
    expect(fs.readFileSync(path.join(dir, 'theirs.bak.1'), 'utf8')).toBe('mine again\n');
  });

  test('a folder standing where a file goes is reported, nothing written', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'taken'));
    expect(() => planWrites([file(dir, 'ok', 'x'), file(dir, 'taken', 'y')], true)).toThrow(/taken: a folder stands where the file goes/);
    expect(fs.readdirSync(dir)).toEqual(['taken']);
  });

  test('a write that fails leaves every original intact and no temporary file behind', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'first'), 'original\n');
    fs.writeFileSync(path.join(dir, 'blocker'), 'a file where a folder is needed\n');
    const planned = planWrites([file(dir, 'first', 'new\n', true), file(dir, 'blocker/inner', 'x\n')], false);
    expect(() => applyWrites(planned)).toThrow(/nothing was changed/);
    expect(fs.readFileSync(path.join(dir, 'first'), 'utf8')).toBe('original\n');
    expect(fs.readdirSync(dir).sort()).toEqual(['blocker', 'first']);
  });

  test('a failure names the file as the user knows it, not the temporary file the system error names', () => {
    const dir = tempDir();
    // A name the folder takes, whose temporary sibling (.NAME.PID.N.tmp) is too long: a real ENAMETOOLONG on open.
    const long = 'x'.repeat(250);
    const planned = planWrites([file(dir, 'first', 'new\n'), file(dir, long, 'y\n')], false);
    expect(() => applyWrites(planned)).toThrow(new ProblemError(`could not write ${long}: the path is too long (ENAMETOOLONG); nothing was changed`));
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe("write failures in the user's words", () => {
  afterEach(() => jest.restoreAllMocks());

  test('a folder that refuses the temporary file: the message names the file the user knows, not the temporary one', () => {
    const dir = tempDir();
    const real = fs.openSync;
    jest.spyOn(fs, 'openSync').mockImplementation(((p: fs.PathLike, ...rest: unknown[]) => {
      if (String(p).endsWith('.tmp')) throw Object.assign(new Error(`EACCES: permission denied, open '${String(p)}'`), { code: 'EACCES', path: String(p) });
      return (real as (...a: unknown[]) => number)(p, ...rest);
    }) as never);
    expect(() => applyWrites(planWrites([file(dir, '.gitlab-ci.yml', 'x\n')], false))).toThrow(
      /^could not write \.gitlab-ci\.yml: permission denied \(EACCES\); nothing was changed$/,
    );
    jest.restoreAllMocks();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('a rename that fails after others were done: those are put back, the new ones removed', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'first'), 'original first\n', { mode: 0o640 });
    fs.chmodSync(path.join(dir, 'first'), 0o640);
    fs.writeFileSync(path.join(dir, 'third'), 'original third\n');
    const planned = planWrites([file(dir, 'first', 'new\n', true), file(dir, 'sub/second', 'new\n'), file(dir, 'third', 'new\n', true)], false);
    const real = fs.renameSync;
    let renames = 0;
    jest.spyOn(fs, 'renameSync').mockImplementation(((from: fs.PathLike, to: fs.PathLike) => {
      if (++renames === 3) throw Object.assign(new Error('ENOSPC: simulated'), { code: 'ENOSPC' });
      return real(from, to);
    }) as never);
    expect(() => applyWrites(planned)).toThrow(
      /^could not write third: no space left on the device \(ENOSPC\); every file already written was put back as it was$/,
    );
    jest.restoreAllMocks();
    expect(fs.readdirSync(dir).sort()).toEqual(['first', 'third']);
    expect(fs.readFileSync(path.join(dir, 'first'), 'utf8')).toBe('original first\n');
    expect(fs.statSync(path.join(dir, 'first')).mode & 0o777).toBe(0o640);
    expect(fs.readFileSync(path.join(dir, 'third'), 'utf8')).toBe('original third\n');
  });
});

test('config.toml and its .bak are 0600 before their first byte, even from a 0644 original and a loose umask', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'config.toml'), 'token = "secret"\n');
  fs.chmodSync(path.join(dir, 'config.toml'), 0o644);
  const real = fs.writeFileSync;
  const modes: string[] = [];
  jest.spyOn(fs, 'writeFileSync').mockImplementation(((target: unknown, ...rest: unknown[]) => {
    if (typeof target === 'number') modes.push((fs.fstatSync(target).mode & 0o777).toString(8));
    return (real as (...a: unknown[]) => void)(target, ...rest);
  }) as never);
  const old = process.umask(0);
  try {
    applyWrites(planWrites([file(dir, 'config.toml', 'token = "new"\n', false, 0o600)], true));
  } finally {
    process.umask(old);
    jest.restoreAllMocks();
  }
  expect(modes).toEqual(['600', '600']); // the new file, then the .bak
  expect(fs.readFileSync(path.join(dir, 'config.toml.bak'), 'utf8')).toBe('token = "secret"\n');
});
