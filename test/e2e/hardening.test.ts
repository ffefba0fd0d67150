/**
 * Hostile input and unlucky users (issue 16): a committed .gitlab-dind.yml cannot reach outside the project,
 * symlinks are never followed by surprise, tokens are never printed, parallel runs lose nothing, signals end
 * a run as Ctrl-C does. Cases run the CLI's main in-process (test/support/main-in-process.ts); those where the
 * process is what is tested spawn the built binary: signals, locks held by another process, the umask, another
 * user, a read that must be refused rather than hang, leftovers of another pid.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import TOML from '@iarna/toml';
import { BIN, cli as spawnCli } from '../support/cli';
import { cli, snapshot, tempDir } from '../support/main-in-process';

type Table = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const HOST = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'multi-runner.config.toml'), 'utf8');
const HOST_TOKEN = 'glrt-t3_xY9kQm2LpV7nRsT4uWzA';
/** A runner host's config.toml without this tool's default runner: init and generate add it (exit 0). */
const OTHER_HOST = HOST.replace('name = "dind-tls"', 'name = "other-tls"');
const WITH_OURS = ['build-host-docker', 'other-tls', 'dind-tls'];
const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
const runners = (text: string) => ((TOML.parse(text) as Table).runners as Table[]).map((r) => r.name as string);

async function init(...flags: string[]): Promise<string> {
  const dir = tempDir();
  const r = await cli(dir, 'init', '--yes', ...flags);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.status).toBe(0);
  return dir;
}

/** The answers file with one answer set to `value` (as YAML text). */
function setAnswer(dir: string, key: string, value: string): void {
  const file = path.join(dir, '.gitlab-dind.yml');
  const text = fs.readFileSync(file, 'utf8');
  const re = new RegExp(`^  ${key}: .*$`, 'm');
  fs.writeFileSync(file, re.test(text) ? text.replace(re, () => `  ${key}: ${value}`) : text.replace(/^answers:\n/m, () => `answers:\n  ${key}: ${value}\n`));
}

describe('paths read from .gitlab-dind.yml stay inside the project', () => {
  test.each([
    ['a .. escape', (outside: string, dir: string) => path.relative(dir, outside)],
    ['an absolute path', (outside: string) => outside],
  ])('runner-config as %s: exit 2 naming the key, the other config.toml untouched', async (_name, spell) => {
    const dir = await init();
    const other = tempDir();
    const victim = path.join(other, 'config.toml');
    fs.writeFileSync(victim, HOST, { mode: 0o600 });
    const value = spell(victim, dir);
    setAnswer(dir, 'runner-config', value);
    setAnswer(dir, 'runner-name', 'build-host-docker');
    const before = snapshot(dir);
    for (const args of [['generate'], ['generate', '--dry-run'], ['upgrade']]) {
      const r = await cli(dir, ...args);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`.gitlab-dind.yml runner-config ${JSON.stringify(value)}: is outside the project folder`);
      expect(r.stderr).toContain(`--runner-config ${value}`);
      expect(r.stdout).not.toContain(HOST_TOKEN);
    }
    expect(read(other, 'config.toml')).toBe(HOST);
    expect(snapshot(dir)).toEqual(before);
  });

  test('runner-config: /dev/zero is refused at once, never read', async () => {
    const dir = await init();
    setAnswer(dir, 'runner-config', '/dev/zero');
    const r = spawnSync(process.execPath, [BIN, 'generate'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('.gitlab-dind.yml runner-config "/dev/zero": is outside the project folder');
  });

  test('the same path given on the command line allows it; another path is refused', async () => {
    const dir = await init();
    const other = tempDir();
    fs.writeFileSync(path.join(other, 'config.toml'), OTHER_HOST, { mode: 0o600 });
    const value = path.relative(dir, path.join(other, 'config.toml'));
    setAnswer(dir, 'runner-config', value);
    setAnswer(dir, 'concurrent', '10'); // as the host has it: no conflict
    const wrong = await cli(dir, 'generate', '--runner-config', 'elsewhere/config.toml');
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/--runner-config: "elsewhere\/config.toml" is not the runner-config of .gitlab-dind.yml/);
    const ok = await cli(dir, 'generate', '--runner-config', value);
    expect(ok.stderr).not.toMatch(/internal error/);
    expect(ok.status).toBe(0);
    expect(runners(read(other, 'config.toml'))).toEqual(WITH_OURS);
  });

  test("an escape through a symlink is refused too, for init's default path as well", async () => {
    const dir = await init();
    const other = tempDir();
    fs.writeFileSync(path.join(other, 'config.toml'), OTHER_HOST, { mode: 0o600 });
    fs.rmSync(path.join(dir, 'gitlab-runner/config.toml'));
    fs.symlinkSync(path.join(other, 'config.toml'), path.join(dir, 'gitlab-runner/config.toml'));
    const gen = await cli(dir, 'generate');
    expect(gen.status).toBe(2);
    expect(gen.stderr).toContain(`leads through a symlink to ${fs.realpathSync(other)}/config.toml, outside the project folder`);
    const again = await cli(dir, 'init', '--yes', '--force');
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('gitlab-runner/config.toml: leads through a symlink');
    expect(read(other, 'config.toml')).toBe(OTHER_HOST);
    // Named on the command line: the user means it; the symlink stays, its target is updated, and that is said.
    const meant = await cli(dir, 'init', '--yes', '--force', '--runner-config', 'gitlab-runner/config.toml');
    expect(meant.status).toBe(0);
    expect(meant.stdout).toContain(`(a symlink: wrote its target ${fs.realpathSync(other)}/config.toml)`);
    expect(fs.lstatSync(path.join(dir, 'gitlab-runner/config.toml')).isSymbolicLink()).toBe(true);
    expect(runners(read(other, 'config.toml'))).toEqual(WITH_OURS);
  });

  test('templates outside the project: exit 2 naming the key, unless given on the command line', async () => {
    const dir = await init();
    const templates = tempDir();
    const value = path.relative(dir, templates);
    setAnswer(dir, 'templates', JSON.stringify(value));
    const r = await cli(dir, 'generate');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`.gitlab-dind.yml templates ${value}: is outside the project folder`);
    const ok = await cli(dir, 'generate', '--templates', value);
    expect(ok.stderr).not.toMatch(/outside the project/);
    expect(ok.status).toBe(0);
  });
});

describe('no write follows a symlink we did not expect', () => {
  test('a planted dangling .bak symlink receives nothing; the backup is the next free name, 0600', async () => {
    const dir = tempDir();
    const trap = path.join(tempDir(), 'stolen');
    fs.mkdirSync(path.join(dir, 'gitlab-runner'));
    fs.writeFileSync(path.join(dir, 'gitlab-runner/config.toml'), HOST, { mode: 0o644 });
    fs.chmodSync(path.join(dir, 'gitlab-runner/config.toml'), 0o644);
    fs.writeFileSync(path.join(dir, '.gitlab-ci.yml'), 'theirs: {script: [true]}\n');
    fs.symlinkSync(trap, path.join(dir, '.gitlab-ci.yml.bak'));
    const r = await cli(dir, 'init', '--yes', '--force');
    expect(r.status).toBe(0);
    expect(fs.existsSync(trap)).toBe(false);
    expect(fs.lstatSync(path.join(dir, '.gitlab-ci.yml.bak')).isSymbolicLink()).toBe(true);
    expect(read(dir, '.gitlab-ci.yml.bak.1')).toBe('theirs: {script: [true]}\n');
    expect(r.stdout).toContain('kept the previous file as .gitlab-ci.yml.bak.1');
    expect(read(dir, 'gitlab-runner/config.toml.bak')).toBe(HOST);
    expect(fs.statSync(path.join(dir, 'gitlab-runner/config.toml.bak')).mode & 0o777).toBe(0o600);
  });

  test('a symlinked config.toml inside the project is written through to its target, and said so', async () => {
    const dir = await init();
    fs.mkdirSync(path.join(dir, 'host'));
    fs.writeFileSync(path.join(dir, 'host/config.toml'), OTHER_HOST, { mode: 0o600 });
    fs.rmSync(path.join(dir, 'gitlab-runner/config.toml'));
    fs.symlinkSync('../host/config.toml', path.join(dir, 'gitlab-runner/config.toml'));
    const r = await cli(dir, 'init', '--yes', '--force');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`gitlab-runner/config.toml (a symlink: wrote its target ${fs.realpathSync(dir)}/host/config.toml)`);
    expect(fs.lstatSync(path.join(dir, 'gitlab-runner/config.toml')).isSymbolicLink()).toBe(true);
    const host = read(dir, 'host/config.toml');
    expect(runners(host)).toEqual(WITH_OURS);
    expect(host).toContain(HOST_TOKEN);
  });
});

describe('tokens are never printed', () => {
  const CREDENTIALS = 'https://deploy:hunter2-pass@gitlab.example.com';
  function hostProject(): string {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'gitlab-runner'));
    fs.writeFileSync(path.join(dir, 'gitlab-runner/config.toml'), HOST.replace('url = "https://gitlab.example.com"', `url = "${CREDENTIALS}"`), {
      mode: 0o600,
    });
    return dir;
  }
  const clean = (out: string) => {
    expect(out).not.toContain(HOST_TOKEN);
    expect(out).not.toContain('hunter2-pass');
  };

  test('init --dry-run, generate --dry-run and --diff redact tokens and URL credentials, and say how to see them', async () => {
    const dir = hostProject();
    const dry = await cli(dir, 'init', '--yes', '--dry-run');
    expect(dry.status).toBe(0);
    clean(dry.stdout + dry.stderr);
    expect(dry.stdout).toContain('token = "[redacted]"');
    expect(dry.stdout).toContain('url = "https://[redacted]@gitlab.example.com"');
    expect(dry.stdout).toContain('gitlab-runner register --token "$RUNNER_TOKEN"'); // a reference is no secret
    expect(dry.stderr).toContain('note: tokens, passwords and URL credentials are shown as [redacted]; the files themselves hold them');
    const written = await cli(dir, 'init', '--yes');
    expect(written.status).toBe(0);
    clean(written.stdout + written.stderr);
    // The token rotated, and our runner's url given credentials by hand: both in what generate shows.
    const edited = read(dir, 'gitlab-runner/config.toml')
      .replace(HOST_TOKEN, 'glrt-rotated_SECRET_value')
      .replace(/(name = "dind-tls"\n\s*url = )"[^"]*"/, `$1"${CREDENTIALS}"`);
    expect(edited).toContain(CREDENTIALS);
    fs.writeFileSync(path.join(dir, 'gitlab-runner/config.toml'), edited);
    setAnswer(dir, 'concurrent', '12');
    setAnswer(dir, 'gitlab-url', 'https://gitlab.example.org/');
    for (const flag of ['--dry-run', '--diff']) {
      const r = await cli(dir, 'generate', flag);
      clean(r.stdout + r.stderr);
      expect(r.stdout + r.stderr).not.toContain('glrt-rotated_SECRET_value');
      expect(r.stdout + r.stderr).toContain('https://[redacted]@gitlab.example.com');
      expect(r.stderr).toContain('note: tokens, passwords and URL credentials are shown as [redacted]');
    }
    expect(read(dir, 'gitlab-runner/config.toml')).toContain('glrt-rotated_SECRET_value'); // the file keeps it
  });
});

/** A run of the CLI that can be waited for and signalled. */
function start(args: string[], cwd: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, FORCE_COLOR: '0', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done, stderr: () => stderr };
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A lock held by a process that is running (this test's own). */
function holdLock(dir: string, file = '.gitlab-dind.lock'): void {
  fs.writeFileSync(path.join(dir, file), JSON.stringify({ pid: process.pid, started: Date.now(), host: os.hostname(), id: 'test' }));
}

describe('parallel runs: a lock beside .gitlab-dind.yml', () => {
  test('20 parallel init --force runs adding different runners: all wait their turn, every runner is kept', async () => {
    const dir = tempDir();
    const runs = Array.from({ length: 20 }, (_, i) =>
      start(['init', '--yes', '--force', '--runner-name', `runner-${i}`], dir, { GITLAB_DIND_LOCK_TIMEOUT: '600' }),
    );
    const results = await Promise.all(runs.map((r) => r.done));
    for (const r of results) {
      expect(r.stderr).not.toMatch(/internal error/);
      expect(r.code).toBe(0);
    }
    expect(runners(read(dir, 'gitlab-runner/config.toml')).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `runner-${i}`).sort());
    expect(fs.readdirSync(dir).filter((f) => /lock|tmp/.test(f))).toEqual([]);
  }, 600_000);

  test('a lock another live run holds: waits, then stops with a clear message; nothing written', () => {
    const dir = tempDir();
    holdLock(dir);
    const r = spawnSync(process.execPath, [BIN, 'init', '--yes'], { cwd: dir, encoding: 'utf8', env: { ...process.env, GITLAB_DIND_LOCK_TIMEOUT: '1' } });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('waiting for another gitlab-dind run');
    expect(r.stderr).toMatch(
      new RegExp(`\\.gitlab-dind\\.lock: another gitlab-dind run \\(pid ${process.pid}, since .*\\) is still writing here; nothing written`),
    );
    expect(fs.readdirSync(dir)).toEqual(['.gitlab-dind.lock']);
  });

  test('a stale lock (its process gone) is taken over; the run removes it after', async () => {
    const dir = tempDir();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    fs.writeFileSync(path.join(dir, '.gitlab-dind.lock'), JSON.stringify({ pid: Number(dead), started: Date.now(), host: os.hostname(), id: 'gone' }));
    const r = await cli(dir, 'init', '--yes');
    expect(r.status).toBe(0);
    expect(fs.existsSync(path.join(dir, '.gitlab-dind.lock'))).toBe(false);
    expect(fs.existsSync(path.join(dir, '.gitlab-ci.yml'))).toBe(true);
  });

  test('a runner config outside the project has a lock beside it', () => {
    const dir = tempDir();
    const host = tempDir();
    holdLock(host, '.config.toml.gitlab-dind.lock');
    const r = spawnSync(process.execPath, [BIN, 'init', '--yes', '--runner-config', path.join(host, 'config.toml')], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, GITLAB_DIND_LOCK_TIMEOUT: '1' },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${path.join(host, '.config.toml.gitlab-dind.lock')}: another gitlab-dind run`);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('signals', () => {
  test.each(['SIGTERM', 'SIGHUP', 'SIGINT'] as const)('%s before the writes: exit 130, nothing written', async (signal) => {
    const dir = tempDir();
    holdLock(dir); // the run waits for it: a moment before any write to signal it in
    const run = start(['init', '--yes'], dir, { GITLAB_DIND_LOCK_TIMEOUT: '60' });
    await until(() => run.stderr().includes('waiting for another gitlab-dind run'), 'the run to wait');
    run.child.kill(signal);
    const r = await run.done;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain(`gitlab-dind: interrupted (${signal}); nothing written`);
    expect(fs.readdirSync(dir)).toEqual(['.gitlab-dind.lock']);
  });
});

describe('leftovers, umask', () => {
  test('temporary files a killed run left are removed by the next run, and said', async () => {
    const dir = await init();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const left = `.config.toml.gitlab-dind-${dead}-0.tmp`;
    fs.writeFileSync(path.join(dir, 'gitlab-runner', left), 'token = "glrt-left-behind"\n', { mode: 0o600 });
    const live = `.config.toml.gitlab-dind-${process.pid}-0.tmp`; // a run still going: its file stays
    fs.writeFileSync(path.join(dir, 'gitlab-runner', live), 'x\n');
    // Spawned: in-process the run's pid would be this test's, and the live file would stay for that reason.
    const r = spawnCli(dir, 'init', '--yes', '--concurrent', '7');
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`removed gitlab-runner/${left}, a temporary file an interrupted run left`);
    expect(fs.readdirSync(path.join(dir, 'gitlab-runner')).sort()).toEqual([live, 'config.toml', 'register.sh']);
  });

  test('new files follow the umask; config.toml is 0600 whatever it is', () => {
    const dir = tempDir();
    const r = spawnSync('sh', ['-c', `umask 027 && exec "${process.execPath}" "${BIN}" init --yes`], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const mode = (f: string) => (fs.statSync(path.join(dir, f)).mode & 0o777).toString(8);
    expect([
      mode('.gitlab-ci.yml'),
      mode('.gitlab-dind.yml'),
      mode('gitlab-runner'),
      mode('gitlab-runner/register.sh'),
      mode('gitlab-runner/config.toml'),
    ]).toEqual(['640', '640', '750', '750', '600']);
    const loose = spawnSync('sh', ['-c', `umask 000 && exec "${process.execPath}" "${BIN}" init --yes --out loose`], { cwd: dir, encoding: 'utf8' });
    expect(loose.status).toBe(0);
    expect([mode('loose/.gitlab-ci.yml'), mode('loose/gitlab-runner/config.toml')]).toEqual(['644', '600']);
  });
});

describe('the answers file: plain YAML, values named as written', () => {
  test('an unknown tag is refused with its line', async () => {
    const dir = await init();
    setAnswer(dir, 'runner-name', '!!js/function "function () { return 1 }"');
    const r = await cli(dir, 'generate');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^gitlab-dind: \.gitlab-dind\.yml: line \d+: Unresolved tag: tag:yaml\.org,2002:js\/function; expected plain YAML values \(no tags\)\n$/,
    );
    setAnswer(dir, 'runner-name', '!!binary aGVsbG8=');
    expect((await cli(dir, 'generate')).stderr).toMatch(/line \d+: Unresolved tag: tag:yaml\.org,2002:binary/);
  });

  test('a number out of range is named as written', async () => {
    const dir = await init();
    setAnswer(dir, 'concurrent', '1e400');
    const r = await cli(dir, 'generate');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('answers.concurrent: "1e400" is not valid; expected a whole number from 1 to 1000');
  });

  test('a huge value is shortened in the message', async () => {
    const dir = await init();
    setAnswer(dir, 'mode', 'x'.repeat(1_000_000));
    const r = await cli(dir, 'generate');
    expect(r.status).toBe(2);
    expect(r.stderr.length).toBeLessThan(1000);
    expect(r.stderr).toMatch(/answers\.mode: "x{100}…" \(1000000 characters\) is not valid/);
  });
});

describe("system errors in the user's words", () => {
  test('lint --ci through a file: names the path as given, no raw ENOTDIR text', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'afile'), 'x\n');
    const r = await cli(dir, 'lint', '--ci', 'afile/x.yml');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('gitlab-dind: --ci afile/x.yml: could not read it: a file stands where a folder of that path goes (ENOTDIR)\n');
  });

  test('a read-only folder: names the file the user knows, not a temporary one', () => {
    // Root writes anywhere: as root, the run is made as nobody, in a folder of root's (outside the test
    // temp root, which only root may enter), removed after.
    const asRoot = process.getuid?.() === 0;
    const dir = asRoot ? fs.mkdtempSync(path.join('/tmp', 'gitlab-dind-ro-')) : tempDir();
    try {
      fs.chmodSync(dir, asRoot ? 0o755 : 0o555);
      const r = spawnSync(process.execPath, [BIN, 'init', '--yes'], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, FORCE_COLOR: '0', ...(asRoot ? { TMPDIR: '/tmp', NODE_DISABLE_COMPILE_CACHE: '1' } : {}) },
        ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toBe('gitlab-dind: could not write .gitlab-ci.yml: permission denied (EACCES); nothing was changed\n');
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      fs.chmodSync(dir, 0o755);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
