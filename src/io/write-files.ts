/**
 * The only place that writes. Decides per file (create, replace, unchanged, refuse), then stages
 * every file as a temporary file beside its target and renames them all: a failure before the
 * renames leaves every original untouched and no temporary file behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ProblemError, UsageError } from '../core/errors';

export interface OutputFile {
  /** Absolute path. */
  path: string;
  /** As shown to the user and recorded in the answers file. */
  display: string;
  contents: string;
  /** Mode of a new file; an existing file keeps its own. */
  mode: number;
  /** May this file replace what is on disk without --force? (our own unchanged output, or a merge) */
  owned: (current: string) => boolean;
  /** Replace what is on disk but keep it as a .bak (a merge that drops something, told to the user). */
  keepBackup?: boolean;
}

export type Action = 'create' | 'replace' | 'unchanged' | 'backup-and-replace';

export interface PlannedWrite {
  file: OutputFile;
  action: Action;
  /** Replaces a file this tool did not write (or one changed since): needs --force. */
  foreign?: boolean;
}

function readIfFile(file: OutputFile): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file.path);
  } catch {
    return undefined;
  }
  if (!stat.isFile()) throw new ProblemError(`${file.display}: a ${stat.isDirectory() ? 'folder' : 'non-file'} stands where the file goes; move it away and run again`);
  return fs.readFileSync(file.path, 'utf8');
}

/** Reads the disk and decides; refuses (exit 1) before anything is written. */
export function planWrites(files: OutputFile[], force: boolean): PlannedWrite[] {
  const planned = files.map((file): PlannedWrite => {
    const current = readIfFile(file);
    if (current === undefined) return { file, action: 'create' };
    if (current === file.contents) return { file, action: 'unchanged' };
    if (file.owned(current)) return { file, action: file.keepBackup ? 'backup-and-replace' : 'replace' };
    return { file, action: 'backup-and-replace', foreign: true };
  });
  const refused = planned.filter((p) => p.foreign && !force);
  if (refused.length > 0) {
    const names = refused.map((p) => p.file.display).join(', ');
    throw new ProblemError(
      `${names}: not written by gitlab-dind, or changed since it was; nothing written. Run \`gitlab-dind generate\` to merge, or add --force to replace (a .bak copy is kept)`,
    );
  }
  return planned;
}

function backupPath(target: string): string {
  for (let i = 0; ; i++) {
    const candidate = i === 0 ? `${target}.bak` : `${target}.bak.${i}`;
    if (!fs.existsSync(candidate)) return candidate;
  }
}

function mkdirs(dir: string, created: string[]): void {
  if (fs.existsSync(dir)) return;
  mkdirs(path.dirname(dir), created);
  fs.mkdirSync(dir);
  created.push(dir);
}

export interface WriteResult {
  written: PlannedWrite[];
  backups: string[];
}

/**
 * A replaced file keeps its mode, except that a file promised 0600 (config.toml: it holds runner tokens)
 * loses what group and others could do with it.
 */
function privateIfPromised(promised: number, existing: number): number {
  return (promised & 0o077) === 0 ? existing & ~0o077 : existing;
}

export function applyWrites(planned: PlannedWrite[]): WriteResult {
  const todo = planned.filter((p) => p.action !== 'unchanged');
  const staged: { tmp: string; p: PlannedWrite }[] = [];
  const createdDirs: string[] = [];
  // The file being written, named in a failure: a system error names the temporary file, or (a write on a
  // descriptor, as on a full disk) no file at all.
  let current: PlannedWrite | undefined;
  try {
    for (const p of todo) {
      current = p;
      mkdirs(path.dirname(p.file.path), createdDirs);
      const tmp = path.join(path.dirname(p.file.path), `.${path.basename(p.file.path)}.${process.pid}.${staged.length}.tmp`);
      const mode = p.action === 'create' ? p.file.mode : privateIfPromised(p.file.mode, fs.statSync(p.file.path).mode & 0o7777);
      const fd = fs.openSync(tmp, 'wx', mode);
      staged.push({ tmp, p });
      try {
        fs.writeFileSync(fd, p.file.contents);
        fs.fchmodSync(fd, mode); // the umask must not loosen or tighten what we promise (0600 for config.toml)
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    }
  } catch (err) {
    for (const { tmp } of staged) fs.rmSync(tmp, { force: true });
    for (const dir of createdDirs.reverse()) fs.rmSync(dir, { recursive: true, force: true });
    const e = err as NodeJS.ErrnoException;
    throw new ProblemError(`could not write ${current?.file.display ?? e.path ?? 'a file'}: ${e.code ?? e.message}; nothing was changed`);
  }
  const backups: string[] = [];
  const renamed: string[] = [];
  try {
    // Each target must still be what the plan saw: a folder put there since would fail its rename half-way.
    for (const { p } of staged) {
      current = p;
      const now = fs.existsSync(p.file.path) ? fs.statSync(p.file.path) : undefined;
      if (p.action === 'create' ? now !== undefined : !now?.isFile()) throw Object.assign(new Error('changed since it was read'), { code: 'changed on disk since it was read' });
    }
    for (const { tmp, p } of staged) {
      current = p;
      if (p.action === 'backup-and-replace') {
        const bak = backupPath(p.file.path);
        fs.copyFileSync(p.file.path, bak);
        // A copy of config.toml holds its tokens too: no looser than the file it stands for.
        const bakMode = privateIfPromised(p.file.mode, fs.statSync(bak).mode & 0o7777);
        if (bakMode !== (fs.statSync(bak).mode & 0o7777)) fs.chmodSync(bak, bakMode);
        backups.push(bak);
      }
      fs.renameSync(tmp, p.file.path);
      renamed.push(p.file.display);
    }
  } catch (err) {
    for (const { tmp } of staged) fs.rmSync(tmp, { force: true });
    const e = err as NodeJS.ErrnoException;
    const done = renamed.length === 0 ? 'nothing was changed' : `already written: ${renamed.join(', ')}`;
    throw new ProblemError(`could not write ${current?.file.display ?? e.path ?? 'a file'}: ${e.code ?? e.message}; ${done}`);
  }
  return { written: todo, backups };
}

export function ensureWritableDir(dir: string, flag: string): void {
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) {
    throw new UsageError(`--${flag}: ${JSON.stringify(dir)} is a file; expected a folder`);
  }
}

/**
 * applyWrites with Ctrl-C, SIGTERM and SIGHUP held off: a signal that arrives while files are being
 * written lets the writes finish (each is a rename of a complete temporary file), so no file is
 * half-written and no temporary file is left behind; the caller reports the interruption.
 */
export async function writeAll(planned: PlannedWrite[]): Promise<WriteResult & { interrupted?: NodeJS.Signals }> {
  let interrupted: NodeJS.Signals | undefined;
  const hold = (signal: NodeJS.Signals) => {
    interrupted ??= signal;
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, hold);
  try {
    const result = applyWrites(planned);
    // A signal that came during the synchronous writes is dispatched in the loop's poll phase, before this.
    await new Promise((resolve) => setImmediate(resolve));
    return { ...result, interrupted };
  } finally {
    for (const s of signals) process.off(s, hold);
  }
}
