/**
 * The wizard's last step: what each file becomes, the diff of each file that changes (tokens redacted),
 * and the question only when something would change.
 */
import { unifiedDiff } from '../core/merge/line-diff';
import { ANSWERS_FILE } from '../core/answers-file';
import { readIfExists } from '../io/project';
import { PlannedWrite } from '../io/write-files';
import { CliIo } from './io';
import { Prompter } from './prompt';

const ACTIONS: Record<PlannedWrite['action'], string> = {
  create: 'new',
  replace: 'update',
  unchanged: 'unchanged',
  'backup-and-replace': 'replace (the current file is kept as .bak)',
};

/** A runner token in a config.toml being merged into is never shown: `token = "..."` unless it is a $VARIABLE. */
export function redactTokens(text: string): string {
  return text.replace(/(\btoken\s*=\s*)"(?!\$)[^"]*"/g, '$1"[redacted]"').replace(/\bglrt-[A-Za-z0-9_-]+/g, 'glrt-[redacted]');
}

/** The diff of a file that changes; the answers file is left out (its fingerprints say nothing to a reader). */
function preview(p: PlannedWrite): string {
  if ((p.action !== 'replace' && p.action !== 'backup-and-replace') || p.file.display === ANSWERS_FILE) return '';
  return redactTokens(unifiedDiff(p.file.display, readIfExists(p.file.path) ?? '', p.file.contents));
}

/** true: write (also when nothing would change, which asks nothing); false: the user declined. */
export async function confirmWrites(out: string, planned: PlannedWrite[], ask: Prompter, io: CliIo): Promise<boolean> {
  const diffs = planned.map(preview).filter((d) => d !== '');
  if (diffs.length > 0) io.stdout(`\n${diffs.join('\n')}`);
  io.stdout(`\nFiles in ${out}:\n`);
  for (const p of planned) io.stdout(`  ${ACTIONS[p.action].padEnd(9)}  ${p.file.display}\n`);
  if (planned.every((p) => p.action === 'unchanged')) {
    io.stdout('Nothing to change: every file is as these answers write it.\n');
    return true;
  }
  return ask.confirm('Write these files?', true);
}
