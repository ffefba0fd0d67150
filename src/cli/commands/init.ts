/** `gitlab-dind init`: flags (or the wizard) → answers → rendered, checked files → written. */
import path from 'node:path';
import { RawAnswers, resolveAnswers } from '../../core/answers';
import { UsageError } from '../../core/errors';
import { nextSteps } from '../../core/next-steps';
import { renderChecked } from '../../core/render/render-checked';
import { toolVersion } from '../../io/package-info';
import { displayPath, outputFiles, projectPaths, readPreviousRun } from '../../io/project';
import { loadRenderer } from '../../io/templates';
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
  const renderer = await loadRenderer(answers.templates ? path.resolve(out, answers.templates) : undefined);
  const { plan, files } = renderChecked(answers, renderer);
  const paths = projectPaths(out, answers);
  const outputs = outputFiles(paths, files, answers, version, readPreviousRun(paths.answers, version));

  if (args['dry-run']) {
    for (const file of outputs) io.stdout(`# ==> ${file.display} <==\n${file.contents}\n`);
    return 0;
  }
  const planned = planWrites(outputs, Boolean(args.force));
  const { backups } = applyWrites(planned);
  for (const p of planned) io.stdout(`${VERBS[p.action]} ${p.file.display}\n`);
  for (const bak of backups) io.stdout(`kept the previous file as ${displayPath(out, bak)}\n`);
  const shown = (role: 'ci' | 'runner' | 'register') => displayPath(io.cwd, paths.byRole[role]);
  io.stdout(`\nNext steps (${plan.mode.id}):\n`);
  for (const step of nextSteps(plan, { ci: shown('ci'), runner: shown('runner'), register: shown('register') })) io.stdout(`  ${step}\n`);
  for (const warning of plan.mode.warnings) io.stderr(`warning: ${warning}\n`);
  return 0;
}
