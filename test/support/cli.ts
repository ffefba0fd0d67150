/** Spawns the built binary in a folder, as a user would. */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const BIN = path.join(ROOT, 'bin', 'gitlab-dind.js');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], cwd: string, input?: string): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', input: input ?? '', env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix = 'gitlab-dind-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Every file below a folder, relative path → what `describe` says of it (by default its contents). */
export function tree(dir: string, describe = (full: string) => fs.readFileSync(full, 'utf8')): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out[path.relative(dir, full).split(path.sep).join('/')] = describe(full);
    }
  };
  walk(dir);
  return out;
}

/**
 * gitlab-ci-local's command line, on this Node with V8's optimising compiler off: a `--list` is over in about a
 * second, too soon for optimised code to pay for its compiling (1.08 s of CPU a pipeline instead of 1.31 s,
 * measured here; the same code runs, so the verdict is the same).
 */
export const GITLAB_CI_LOCAL = [process.execPath, '--no-opt', fs.realpathSync(path.join(ROOT, 'node_modules', '.bin', 'gitlab-ci-local'))];

/** Blocks this thread for a moment (Atomics.wait on a buffer no one writes). */
const SLEEPER = new Int32Array(new SharedArrayBuffer(4));

/** True for the one caller that creates `file` (O_EXCL), false for any other. */
function claim(file: string): boolean {
  try {
    fs.closeSync(fs.openSync(file, 'wx'));
    return true;
  } catch {
    return false;
  }
}

/**
 * gitlab-ci-local --list on a pipeline, in a temp folder of its own (it writes .gitlab-ci-local/ there). A
 * run costs about 2 s of CPU: its verdict on a pipeline text is kept for the rest of this jest run (in the
 * run's temp root, test/support/temp-root.js), so the same text checked by two suites is listed once.
 */
export function gitlabCiLocalList(pipeline: string): Run {
  const root = process.env.GITLAB_DIND_TEST_TEMP_ROOT;
  const kept = root && path.join(root, `gitlab-ci-local-${createHash('sha256').update(pipeline).digest('hex')}.json`);
  if (kept && fs.existsSync(kept)) return JSON.parse(fs.readFileSync(kept, 'utf8')) as Run;
  const claimed = kept && `${kept}.claim`;
  if (claimed && !claim(claimed)) {
    // The other jest worker is listing this very pipeline (two suites check the same one at once): its
    // verdict, rather than the same 2 s of CPU twice. It gave none (or not within 2 minutes): listed here too.
    for (let waited = 0; waited < 120_000 && !fs.existsSync(kept) && fs.existsSync(claimed); waited += 50) Atomics.wait(SLEEPER, 0, 0, 50);
    if (fs.existsSync(kept)) return JSON.parse(fs.readFileSync(kept, 'utf8')) as Run;
  }
  let verdictWritten = false;
  try {
    const dir = tempDir('gcl-');
    fs.writeFileSync(path.join(dir, '.gitlab-ci.yml'), pipeline);
    const [node, ...gcl] = GITLAB_CI_LOCAL;
    const r = spawnSync(node, [...gcl, '--list'], { cwd: dir, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
    fs.rmSync(dir, { recursive: true, force: true });
    const run = { code: r.status, stdout: r.stdout, stderr: r.stderr };
    if (kept && run.code !== null) {
      // Whole or not at all, for a worker waiting on it.
      fs.writeFileSync(`${kept}.${process.pid}.tmp`, JSON.stringify(run));
      fs.renameSync(`${kept}.${process.pid}.tmp`, kept);
      verdictWritten = true;
    }
    return run;
  } finally {
    // No verdict (a killed run, or a throw on the way): the claim goes, so a waiting worker lists the
    // pipeline itself now rather than after its 2 minutes.
    if (claimed && !verdictWritten) fs.rmSync(claimed, { force: true });
  }
}

/** Like runCli, for tests that read `status` (the regenerate suites). */
export interface StatusRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function cli(cwd: string, ...args: string[]): StatusRun {
  const { code, stdout, stderr } = runCli(args, cwd);
  return { status: code, stdout, stderr };
}

/** Every file under dir with its text and mode: to prove a run wrote nothing. */
export function snapshot(dir: string): Record<string, string> {
  return tree(dir, (full) => `${(fs.statSync(full).mode & 0o777).toString(8)} ${fs.readFileSync(full, 'utf8')}`);
}

/** gitlab-ci-local --list in the project: the jobs GitLab would see. */
export function gitlabCiLocalJobs(dir: string): string {
  // It reads include: local: files through git, as GitLab reads them from the commit.
  for (const args of [
    ['init', '-q'],
    ['remote', 'add', 'origin', 'https://gitlab.example.com/group/app.git'],
    ['add', '-A'],
  ])
    expect(spawnSync('git', args, { cwd: dir }).status).toBe(0);
  const [node, ...gcl] = GITLAB_CI_LOCAL;
  const r = spawnSync(node, [...gcl, '--list'], { cwd: dir, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  expect(r.stderr).not.toMatch(/error/i);
  expect(r.status).toBe(0);
  return r.stdout;
}
