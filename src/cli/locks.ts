/** The locks a writing run holds: the project's, and one beside a runner config outside the project folder. */
import path from 'node:path';
import { isInside, realTarget } from '../io/confine';
import { Lock, LOCK_FILE } from '../io/lock';
import { displayPath } from '../core/project-paths';
import { CliIo } from './io';

export class RunLocks {
  private readonly locks: Lock[] = [];

  constructor(private readonly io: CliIo) {}

  /** The project's lock, beside .gitlab-dind.yml. */
  async project(out: string): Promise<void> {
    const file = path.join(out, LOCK_FILE);
    this.locks.push(await Lock.acquire(file, displayPath(this.io.cwd, file), (line) => this.io.stderr(line)));
  }

  /** A runner config outside the project folder may be shared by several projects: a lock beside it too. */
  async runner(out: string, runnerConfig: string): Promise<void> {
    const real = realTarget(runnerConfig);
    if (isInside(realTarget(out), real)) return;
    const file = path.join(path.dirname(real), `.${path.basename(real)}.gitlab-dind.lock`);
    this.locks.push(await Lock.acquire(file, file, (line) => this.io.stderr(line)));
  }

  /** Before writing: every lock is still this run's. */
  verify(): void {
    for (const l of this.locks) l.verify();
  }

  release(): void {
    for (const l of this.locks.reverse()) l.release();
    this.locks.length = 0;
  }
}
