/** `gitlab-dind init`: flags (or the wizard) → answers → rendered, checked files → written. */
import path from 'node:path';
import { Answers, RawAnswers, resolveAnswers } from '../../core/answers';
import { fingerprint } from '../../core/answers-file';
import { ProblemError, UsageError } from '../../core/errors';
import { mergeFile } from '../../core/merge';
import { nextSteps } from '../../core/next-steps';
import { renderAnswers } from '../../core/render';
import { toolVersion } from '../../io/package-info';
import { displayPath, freshFiles, outputFiles, PreviousRun, ProjectFile, ProjectPaths, projectPaths, readIfExists, readPreviousRun } from '../../io/project';
import { loadTemplates } from '../../io/templates';
import { applyWrites, ensureWritableDir, planWrites, PlannedWrite } from '../../io/write-files';
import { rawAnswersFromFlags, single } from '../init-flags';
import { CliIo } from '../io';

export interface InitArgs extends Record<string, unknown> {
  yes?: boolean;
  force?: boolean;
  'dry-run'?: boolean;
  out?: string;
}

/** Asks what the flags left open; the wizard module provides it. */
export type AskMissing = (given: RawAnswers, io: CliIo) => Promise<RawAnswers>;

const VERBS: Record<PlannedWrite['action'], string> = {
  create: 'created',
  replace: 'updated',
  unchanged: 'unchanged',
  'backup-and-replace': 'replaced',
};

export async function initCommand(args: InitArgs, io: CliIo, ask?: AskMissing): Promise<number> {
  const outFlag = single('out', args.out);
  if (outFlag !== undefined && (typeof outFlag !== 'string' || outFlag === '')) throw new UsageError(`--out: ${JSON.stringify(outFlag)} is not valid; expected a folder`);
  const out = path.resolve(io.cwd, (outFlag as string | undefined) ?? '.');
  ensureWritableDir(out, 'out');
  let raw = rawAnswersFromFlags(args);
  resolveAnswers(raw); // bad flags fail before any question is asked
  if (!args.yes) {
    if (!io.interactive || !ask) {
      throw new UsageError('no terminal to ask in; add --yes to take the defaults for what no flag gives (e.g. gitlab-dind init --yes --mode socket)');
    }
    raw = await ask(raw, io);
  }
  const answers = resolveAnswers(raw);
  const version = toolVersion();
  const sources = loadTemplates(answers.templates ? path.resolve(out, answers.templates) : undefined);
  const { plan, files } = renderAnswers(answers, sources);
  const paths = projectPaths(out, answers);
  const previous = readPreviousRun(paths.answers, version);
  const project = freshFiles(files, answers).map((f) => (f.role === 'runner' ? mergeRunnerInto(f, paths, answers, previous, Boolean(args.force), io) : f));
  const outputs = outputFiles(paths, project, answers, version, previous);

  if (args['dry-run']) {
    for (const file of outputs) io.stdout(`# ==> ${file.display} <==\n${file.contents}\n`);
    return 0;
  }
  const planned = planWrites(outputs, Boolean(args.force));
  const { backups } = applyWrites(planned);
  for (const p of planned) io.stdout(`${VERBS[p.action]} ${p.file.display}\n`);
  for (const bak of backups) io.stdout(`kept the previous file as ${displayPath(out, bak)}\n`);
  const shown = (role: 'ci' | 'runner' | 'register' | 'values') => displayPath(io.cwd, paths.byRole[role]);
  io.stdout(`\nNext steps (${plan.mode.id}):\n`);
  for (const step of nextSteps(plan, { ci: shown('ci'), runner: shown('runner'), register: shown('register'), values: shown('values') })) io.stdout(`  ${step}\n`);
  for (const warning of plan.mode.warnings) io.stderr(`warning: ${warning}\n`);
  return 0;
}

/**
 * SPEC: an existing runner config is merged into, not replaced: the runner named --runner-name is
 * updated or added, everything else in it is kept. A file the tool did not write has no record of
 * what was ours, so init (asked to put this runner there) takes its values for that runner's keys.
 */
function mergeRunnerInto(file: ProjectFile, paths: ProjectPaths, answers: Answers, previous: PreviousRun, force: boolean, io: CliIo): ProjectFile {
  const current = readIfExists(paths.byRole.runner);
  const display = displayPath(paths.out, paths.byRole.runner);
  const record = previous.kind === 'ours' ? previous.file.files[display] : undefined;
  if (current === undefined || record?.file === fingerprint(current)) return file;
  const outcome = mergeFile('runner', { display, current, rendered: file.contents, record, force: force || record === undefined, runnerName: answers.runnerName });
  const conflicts = outcome.issues.filter((i) => i.kind === 'conflict' && !i.forced);
  if (conflicts.length > 0) {
    throw new ProblemError(`${display}: ${conflicts.map((c) => c.path).join(', ')}: changed there and by these answers; nothing written. Run \`gitlab-dind generate\` to merge, or add --force to take the new values (a .bak copy is kept)`);
  }
  for (const note of outcome.notes) io.stderr(`${note}\n`);
  for (const issue of outcome.issues.filter((i) => i.forced)) io.stderr(`${display} ${issue.path}: ${issue.values ? `${issue.values.yours} → ${issue.values.render}` : 'set'} (from the answers)\n`);
  return { ...file, contents: outcome.contents, record: outcome.record, backup: outcome.backup, owned: () => true };
}
