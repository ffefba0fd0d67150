/** What init, generate and upgrade say: the plan's notes, and one report of the writes. */
import { ExitCode } from '../core/errors';
import { Note } from '../core/project-plan';
import { displayPath } from '../core/project-paths';
import { Action, PlannedWrite, throughNote, writeAll } from '../io/write-files';
import { CliIo } from './io';
import { RunLocks } from './locks';

export function sayNotes(notes: Note[], io: CliIo): void {
  for (const note of notes) (note.stdout ? io.stdout : io.stderr)(`${note.text}\n`);
}

/** A file replaced keeping a .bak is "updated" too: the line after it names the copy. */
const VERBS: Record<Action, string> = {
  create: 'created',
  replace: 'updated',
  unchanged: 'unchanged',
  'backup-and-replace': 'updated',
};

/** Writes what was planned (the locks still this run's) and says what each file became; 130 on a signal. */
export async function writeAndReport(out: string, planned: PlannedWrite[], locks: RunLocks, io: CliIo): Promise<number> {
  locks.verify();
  const { backups, interrupted, leftovers } = await writeAll(planned);
  for (const left of leftovers) io.stderr(`removed ${displayPath(out, left)}, a temporary file an interrupted run left\n`);
  for (const p of planned) io.stdout(`${VERBS[p.action]} ${p.file.display}${throughNote(p)}\n`);
  for (const bak of backups) io.stdout(`kept the previous file as ${displayPath(out, bak)}\n`);
  return interrupted ? reportInterrupted(interrupted, io) : ExitCode.Ok;
}

/** A signal during the writes: they were finished first, so every file is whole; say so, exit 130. */
export function reportInterrupted(signal: NodeJS.Signals, io: CliIo): number {
  io.stderr(`gitlab-dind: ${signal} while writing: the writes were finished first, so no file is half-written\n`);
  return ExitCode.Interrupted;
}
