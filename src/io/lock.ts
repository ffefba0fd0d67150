/**
 * One run at a time per project (and per runner config outside it): a lock file beside `.gitlab-dind.yml`
 * holding the owner's pid and start time. A second run waits for it, saying so, then gives up with a clear
 * message; a lock whose process is gone (or that is older than a day) is stale and taken over.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProblemError } from '../core/errors';
import { fsWords } from './fs-words';
import { pidAlive } from './pid-alive';

export const LOCK_FILE = '.gitlab-dind.lock';
const STALE_MS = 24 * 60 * 60 * 1000;
const POLL_MS = 50;

/** How long a run waits for another one's lock: GITLAB_DIND_LOCK_TIMEOUT seconds, 60 by default. */
function waitMs(): number {
  const s = Number(process.env.GITLAB_DIND_LOCK_TIMEOUT);
  return Number.isFinite(s) && s >= 0 ? s * 1000 : 60_000;
}

interface Owner {
  pid: number;
  started: number;
  host: string;
  id: string;
}

function readOwner(file: string): Owner | undefined {
  try {
    const o = JSON.parse(fs.readFileSync(file, 'utf8')) as Owner;
    return typeof o.pid === 'number' && typeof o.started === 'number' ? o : undefined;
  } catch {
    return undefined;
  }
}

function stale(owner: Owner | undefined, file: string): boolean {
  if (owner === undefined) {
    // Unreadable: stale only once it is clearly not being written (a lock is created whole, by a link).
    try {
      return Date.now() - fs.statSync(file).mtimeMs > 10_000;
    } catch {
      return false;
    }
  }
  if (Date.now() - owner.started > STALE_MS) return true;
  return owner.host === os.hostname() && !pidAlive(owner.pid);
}

const held = new Set<Lock>();
let exitHook = false;

export class Lock {
  private constructor(
    readonly file: string,
    private readonly id: string,
    private readonly createdDirs: string[],
  ) {}

  /** Takes the lock at `file`, waiting for another run's; `say` tells the user once that it waits. */
  static async acquire(file: string, display: string, say: (line: string) => void): Promise<Lock> {
    const createdDirs: string[] = [];
    mkdirs(path.dirname(file), createdDirs);
    const id = `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const owner: Owner = { pid: process.pid, started: Date.now(), host: os.hostname(), id };
    const deadline = Date.now() + waitMs();
    let told = false;
    for (;;) {
      let created: boolean;
      try {
        created = tryCreate(file, owner);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // A folder this user cannot write in: no run of theirs can write there either, so there is nothing to
        // serialise; the write itself then fails, naming the file.
        if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new Lock(file, '', createdDirs);
        throw new ProblemError(
          `could not write in ${path.dirname(display) === '.' ? 'the project folder' : path.dirname(display)}: ${fsWords(err)}; nothing written`,
        );
      }
      if (created) {
        const lock = new Lock(file, id, createdDirs);
        held.add(lock);
        if (!exitHook) {
          exitHook = true;
          process.on('exit', () => {
            for (const l of held) l.release();
          });
        }
        return lock;
      }
      const other = readOwner(file);
      if (stale(other, file)) {
        removeIfSame(file, other);
        continue;
      }
      if (Date.now() >= deadline) {
        const who = other
          ? `another gitlab-dind run (pid ${other.pid}${other.host !== os.hostname() ? ` on ${other.host}` : ''}, since ${new Date(other.started).toISOString()})`
          : 'another gitlab-dind run';
        for (const dir of createdDirs.reverse()) {
          try {
            fs.rmdirSync(dir);
          } catch {
            // not empty: kept
          }
        }
        throw new ProblemError(`${display}: ${who} is still writing here; nothing written. Run again once it ends (if no run is going, delete ${display})`);
      }
      if (!told) {
        say(`waiting for another gitlab-dind run (pid ${other?.pid ?? '?'}) to finish with ${display}...\n`);
        told = true;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** Still ours? (a lock taken over as stale while this run waited at a prompt is not) */
  verify(): void {
    if (this.id !== '' && readOwner(this.file)?.id !== this.id) {
      throw new ProblemError(`${this.file}: this run's lock was taken over by another run; nothing written. Run again`);
    }
  }

  release(): void {
    if (!held.delete(this)) return;
    if (readOwner(this.file)?.id === this.id) fs.rmSync(this.file, { force: true });
    for (const dir of this.createdDirs.reverse()) {
      try {
        fs.rmdirSync(dir); // made only to hold the lock, and nothing written there: gone again
      } catch {
        // files were written there: kept
      }
    }
  }
}

function mkdirs(dir: string, created: string[]): void {
  if (fs.existsSync(dir)) return;
  mkdirs(path.dirname(dir), created);
  fs.mkdirSync(dir);
  created.push(dir);
}

/** The lock file appears whole (written aside, then linked: the link fails if a lock is there). */
function tryCreate(file: string, owner: Owner): boolean {
  const aside = `${file}.${owner.id}`;
  fs.writeFileSync(aside, JSON.stringify(owner), { mode: 0o644, flag: 'wx' });
  try {
    fs.linkSync(aside, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    fs.rmSync(aside, { force: true });
  }
}

/** Removes a stale lock, unless another run replaced it meanwhile (then it is that run's). */
function removeIfSame(file: string, seen: Owner | undefined): void {
  const aside = `${file}.stale-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    fs.renameSync(file, aside);
  } catch {
    return;
  }
  const taken = readOwner(aside);
  if (seen !== undefined && taken?.id !== seen.id) {
    // A fresh lock: give it back (link fails only if yet another run holds one now, which then stands).
    try {
      fs.linkSync(aside, file);
    } catch {
      // another lock stands
    }
  }
  fs.rmSync(aside, { force: true });
}
