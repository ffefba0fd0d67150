/**
 * The only place that writes. Decides per file (create, replace, unchanged, refuse), then stages every
 * file (and every .bak) beside its target and renames them all. A failure while staging changes nothing
 * visible; a failure among the renames puts back what was already renamed: every original is intact.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ProblemError, FieldError, UsageError } from '../core/errors';
import { isInside, leadsOutside, realTarget } from './confine';
import { fsWords } from './fs-words';
import { holdSignals } from './signal-hold';
import { pidAlive } from './pid-alive';
import type { OutputFile } from '../core/project-plan';
import type { Confinement } from '../core/project-paths';

export type { Confinement, OutputFile };

export type Action = 'create' | 'replace' | 'unchanged' | 'backup-and-replace';

export interface PlannedWrite {
  file: OutputFile;
  action: Action;
  /** Replaces a file this tool did not write (or one changed since): needs --force. */
  foreign?: boolean;
  /** The path written: file.path with its symlinks resolved. */
  target: string;
  /** file.path is (or goes through) a symlink: the write goes to its target, said to the user. */
  through?: boolean;
}

/** The sentence for a file written through a symlink: a symlink is written through, never replaced. */
export function throughNote(p: PlannedWrite): string {
  return p.through ? ` (a symlink: wrote its target ${p.target})` : '';
}

function readIfFile(file: OutputFile, target: string): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    return undefined;
  }
  if (!stat.isFile())
    throw new ProblemError(`${file.display}: a ${stat.isDirectory() ? 'folder' : 'non-file'} stands where the file goes; move it away and run again`);
  return fs.readFileSync(target, 'utf8');
}

/** Refuses (exit 2) a path that leads outside its project folder, as written or through a symlink. */
export function confine(file: { path: string; display: string; within?: Confinement }, verb = 'written'): void {
  const c = file.within;
  if (!c) return;
  const real = leadsOutside(c.root, file.path);
  if (real === undefined) return;
  const how = isInside(path.resolve(c.root), path.resolve(file.path))
    ? `leads through a symlink to ${real}, outside the project folder`
    : 'is outside the project folder';
  const allow = c.allow
    ? `expected a path inside it, or the same path given on the command line (${c.allow})`
    : 'expected it inside the project folder (remove the symlink)';
  throw new UsageError(`${c.from ? `${c.from} ` : ''}${file.display}: ${how} ${c.root}; ${allow}; nothing ${verb}`);
}

/** Reads the disk and decides; refuses (exit 1, or 2 for a path leading outside) before anything is written. */
export function planWrites(files: OutputFile[], force: boolean): PlannedWrite[] {
  const planned = files.map((file): PlannedWrite => {
    const target = realTarget(file.path);
    confine(file);
    const through = target !== path.resolve(file.path) ? { through: true } : {};
    const current = readIfFile(file, target);
    if (current === undefined) return { file, action: 'create', target, ...through };
    if (current === file.contents) return { file, action: 'unchanged', target, ...through };
    if (file.owned(current)) return { file, action: file.keepBackup ? 'backup-and-replace' : 'replace', target, ...through };
    return { file, action: 'backup-and-replace', foreign: true, target, ...through };
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

/** Temporary files are named `.NAME.gitlab-dind-PID-N.tmp` (and `.old`): a later run knows them by that. */
const LEFTOVER = /^\..+\.gitlab-dind-(\d+)-\d+\.(tmp|old)$/;
let counter = 0;
function tempPath(target: string, kind: 'tmp' | 'old'): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.gitlab-dind-${process.pid}-${counter++}.${kind}`);
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Removes the temporary files a killed run left in these folders (its process is gone, or a day has passed). */
export function removeLeftovers(dirs: string[]): string[] {
  const removed: string[] = [];
  for (const dir of new Set(dirs)) {
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const m = LEFTOVER.exec(name);
      if (!m || Number(m[1]) === process.pid) continue;
      const full = path.join(dir, name);
      try {
        const st = fs.lstatSync(full);
        if (!st.isFile() && !st.isSymbolicLink()) continue;
        if (pidAlive(Number(m[1])) && Date.now() - st.mtimeMs < DAY_MS) continue;
        fs.rmSync(full, { force: true });
        removed.push(full);
      } catch {
        // gone already, or not ours to remove: left as it is
      }
    }
  }
  return removed;
}

function mkdirs(dir: string, created: string[]): void {
  if (fs.existsSync(dir)) return;
  mkdirs(path.dirname(dir), created);
  fs.mkdirSync(dir);
  created.push(dir);
}

const EXCLUSIVE = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0);

/**
 * Creates `file` (never through a symlink, never over anything) and fills it. `exact`: set that mode before
 * the first byte, whatever the umask; else the umask applies, as to any new file.
 */
function createExclusive(file: string, contents: string | Buffer, mode: number, exact: boolean, onCreated: () => void): void {
  const fd = fs.openSync(file, EXCLUSIVE, mode);
  onCreated();
  try {
    if (exact) fs.fchmodSync(fd, mode);
    fs.writeFileSync(fd, contents);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** The first free `X.bak`, `X.bak.1`, ...: created exclusively, so a planted symlink there is never followed. */
function writeBackup(target: string, mode: number, onCreated: (bak: string) => void): string {
  const contents = fs.readFileSync(target);
  for (let i = 0; ; i++) {
    const bak = i === 0 ? `${target}.bak` : `${target}.bak.${i}`;
    try {
      createExclusive(bak, contents, mode, true, () => onCreated(bak));
      return bak;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw Object.assign(err as Error, { backup: bak });
    }
  }
}

/** The original kept under a second name until every rename is done: a hard link (no space), else a copy. */
function keepOriginal(target: string, old: string): void {
  try {
    fs.linkSync(target, old);
  } catch {
    fs.copyFileSync(target, old, fs.constants.COPYFILE_EXCL);
  }
}

export interface WriteResult {
  written: PlannedWrite[];
  backups: string[];
  /** Temporary files of a killed run, removed. */
  leftovers: string[];
}

/**
 * A replaced file keeps its mode, except that a file promised 0600 (config.toml: it holds runner tokens)
 * loses what group and others could do with it.
 */
function privateIfPromised(promised: number, existing: number): number {
  return (promised & 0o077) === 0 ? existing & ~0o077 : existing;
}

interface Staged {
  p: PlannedWrite;
  tmp?: string;
  bak?: string;
  old?: string;
}

/** Removes what a failed run created: temporary files, kept originals, backups, then the folders it made. */
function cleanUp(staged: Staged[], createdDirs: string[]): void {
  for (const s of staged) {
    for (const f of [s.tmp, s.old, s.bak]) if (f) fs.rmSync(f, { force: true });
  }
  for (const dir of [...createdDirs].reverse()) {
    try {
      fs.rmdirSync(dir);
    } catch {
      // not empty (something else was put there): left
    }
  }
}

export function applyWrites(planned: PlannedWrite[]): WriteResult {
  const todo = planned.filter((p) => p.action !== 'unchanged');
  const leftovers = removeLeftovers(planned.map((p) => path.dirname(p.target)));
  const staged: Staged[] = [];
  const createdDirs: string[] = [];
  let at: PlannedWrite | undefined;
  try {
    for (const p of todo) {
      at = p;
      const s: Staged = { p };
      staged.push(s);
      mkdirs(path.dirname(p.target), createdDirs);
      const existing = p.action === 'create' ? undefined : fs.statSync(p.target).mode & 0o7777;
      const mode = existing === undefined ? p.file.mode : privateIfPromised(p.file.mode, existing);
      const exact = existing !== undefined || (p.file.mode & 0o077) === 0;
      const tmp = tempPath(p.target, 'tmp');
      createExclusive(tmp, p.file.contents, mode, exact, () => (s.tmp = tmp));
      // A copy of config.toml holds its tokens too: no looser than the file it stands for.
      if (p.action === 'backup-and-replace') writeBackup(p.target, mode, (bak) => (s.bak = bak));
    }
  } catch (err) {
    cleanUp(staged, createdDirs);
    const what = (err as { backup?: string }).backup
      ? `keep a copy of ${at?.file.display} as ${path.basename((err as { backup: string }).backup)}`
      : `write ${at?.file.display ?? 'a file'}`;
    throw new ProblemError(`could not ${what}: ${fsWords(err)}; nothing was changed`);
  }
  const done: Staged[] = [];
  try {
    // Each target must still be what the plan saw: a folder put there since would fail its rename half-way.
    for (const { p } of staged) {
      at = p;
      const now = fs.existsSync(p.target) ? fs.statSync(p.target) : undefined;
      if (p.action === 'create' ? now !== undefined : !now?.isFile()) throw Object.assign(new Error('changed on disk since it was read'), { changed: true });
    }
    for (const s of staged) {
      at = s.p;
      if (s.p.action !== 'create') {
        const old = tempPath(s.p.target, 'old');
        keepOriginal(s.p.target, old);
        s.old = old;
      }
      fs.renameSync(s.tmp!, s.p.target);
      done.push(s);
    }
  } catch (err) {
    const lost = rollBack(done);
    cleanUp(
      staged.filter((s) => !lost.includes(s)),
      createdDirs,
    );
    const why = (err as { changed?: boolean }).changed ? 'changed on disk since it was read' : fsWords(err);
    const restored = done.length === 0 ? 'nothing was changed' : 'every file already written was put back as it was';
    const notRestored = lost.map((s) => (s.old ? `${s.p.file.display} (its original is in ${s.old})` : s.p.file.display));
    throw new ProblemError(
      `could not write ${at?.file.display ?? 'a file'}: ${why}; ${lost.length === 0 ? restored : `could not put back ${notRestored.join(', ')}`}`,
    );
  }
  for (const s of staged) if (s.old) fs.rmSync(s.old, { force: true });
  return { written: todo, backups: staged.flatMap((s) => (s.bak ? [s.bak] : [])), leftovers };
}

/** Undoes the renames already done, last first: a replaced file gets its original back, a new one goes. */
function rollBack(done: Staged[]): Staged[] {
  const lost: Staged[] = [];
  for (const s of [...done].reverse()) {
    try {
      if (s.old) fs.renameSync(s.old, s.p.target);
      else fs.rmSync(s.p.target, { force: true });
      s.old = undefined;
    } catch {
      lost.push(s);
    }
  }
  return lost;
}

export function ensureWritableDir(dir: string, flag: string): void {
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) {
    throw new FieldError(flag, `${JSON.stringify(dir)} is a file; expected a folder`);
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
  holdSignals(true);
  try {
    const result = applyWrites(planned);
    // A signal that came during the synchronous writes is dispatched in the loop's poll phase, before this.
    await new Promise((resolve) => setImmediate(resolve));
    return { ...result, interrupted };
  } finally {
    holdSignals(false);
    for (const s of signals) process.off(s, hold);
  }
}
