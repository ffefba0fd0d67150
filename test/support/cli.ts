/** Runs the built CLI as a user would, in a temporary folder. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const BIN = path.join(__dirname, '..', '..', 'bin', 'gitlab-dind.js');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function cli(cwd: string, ...args: string[]): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'gitlab-dind-'));
}

/** Every file under dir with its text and mode: to prove a run wrote nothing. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out[path.relative(dir, full)] = `${(fs.statSync(full).mode & 0o777).toString(8)} ${fs.readFileSync(full, 'utf8')}`;
    }
  };
  walk(dir);
  return out;
}
