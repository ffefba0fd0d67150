/** `gitlab-dind init`: flags (or the wizard) → answers → rendered, checked files → written. */
import path from 'node:path';
import TOML from '@iarna/toml';
import { Answers, DEFAULT_CONCURRENT, RawAnswers, resolveAnswers } from '../../core/answers';
import { ANSWERS_FILE, fingerprint } from '../../core/answers-file';
import { ExitCode, ProblemError, UsageError } from '../../core/errors';
import { nextSteps } from '../../core/next-steps';
import { renderChecked } from '../../core/render/render-checked';
import { toolVersion } from '../../io/package-info';
import { missingBuildInputs } from '../../io/find-dockerfiles';
import { displayPath, freshFiles, outputFiles, PreviousRun, ProjectFile, ProjectPaths, projectPaths, readIfExists, readPreviousRun } from '../../io/project';
import { loadRenderer } from '../../io/templates';
import { confine, planWrites, PlannedWrite, throughNote, writeAll } from '../../io/write-files';
import { RunLocks } from '../locks';
import { rawAnswersFromFlags, single } from '../flag-answers';
import { CliIo } from '../io';
import { reportInterrupted } from '../interrupted';
import { DEFAULT_OUT, resolveOutFolder } from '../out-folder';

export interface InitArgs extends Record<string, unknown> {
  yes?: boolean;
  force?: boolean;
  'dry-run'?: boolean;
  out?: string;
}

export interface WizardAnswers {
  raw: RawAnswers;
  /** Absolute output folder. */
  out: string;
}

/** A previous run's answers file, whose answers the wizard offers as its defaults. */
export interface Previous {
  /** As shown to the user. */
  file: string;
  answers: RawAnswers;
}

/** The wizard (src/cli/wizard.ts), loaded only when it asks, so --yes never loads inquirer. */
export interface Wizard {
  /** Asks what the flags left open, the output folder too unless --out gave it. */
  ask(given: RawAnswers, out: string | undefined, io: CliIo, previous?: Previous): Promise<WizardAnswers>;
  /** Shows the files about to be written; false: the user declined. */
  confirm(out: string, planned: PlannedWrite[], io: CliIo): Promise<boolean>;
  /** The last step, once the files are written: offers `gitlab-dind register`; undefined when not taken. */
  register?(out: string, io: CliIo): Promise<number | undefined>;
}

const VERBS: Record<PlannedWrite['action'], string> = {
  create: 'created',
  replace: 'updated',
  unchanged: 'unchanged',
  'backup-and-replace': 'replaced',
};

/** The answers file of an earlier run in `folder`, if it is one this tool can read. */
function previousAnswers(folder: string, io: CliIo): Previous | undefined {
  const previous = readPreviousRun(path.join(folder, ANSWERS_FILE), toolVersion());
  return previous.kind === 'ours' ? { file: displayPath(io.cwd, path.join(folder, ANSWERS_FILE)), answers: previous.file.answers } : undefined;
}

export async function initCommand(args: InitArgs, io: CliIo, loadWizard?: () => Promise<Wizard>): Promise<number> {
  const outFlag = single('out', args.out);
  let out = outFlag === undefined ? undefined : resolveOutFolder(outFlag, io.cwd);
  let raw = rawAnswersFromFlags(args);
  resolveAnswers(raw); // bad flags fail before any question is asked
  let wizard: Wizard | undefined;
  if (!args.yes) {
    if (!io.interactive || !loadWizard) {
      throw new UsageError('no terminal to ask in; add --yes to take the defaults for what no flag gives (e.g. gitlab-dind init --yes --mode socket)');
    }
    wizard = await loadWizard();
    ({ raw, out } = await wizard.ask(raw, out, io, previousAnswers(out ?? resolveOutFolder(DEFAULT_OUT, io.cwd), io)));
  }
  out ??= resolveOutFolder(DEFAULT_OUT, io.cwd);
  const locks = new RunLocks(io);
  let code: number;
  try {
    code = await initInto(out, raw, args, io, wizard, locks);
  } finally {
    locks.release();
  }
  // After the locks are released: register takes its own.
  if (code === 0 && wizard?.register && !args['dry-run']) return (await wizard.register(out, io)) ?? code;
  return code;
}

async function initInto(out: string, raw: RawAnswers, args: InitArgs, io: CliIo, wizard: Wizard | undefined, locks: RunLocks): Promise<number> {
  const runnerFrom = raw.runnerConfig === undefined ? 'default' : 'command line';
  let answers = resolveAnswers(raw);
  // The paths do not depend on concurrent, the one answer keepConcurrentOnDisk may change below.
  const paths = projectPaths(out, answers, runnerFrom);
  const runnerPath = paths.byRole.runner;
  // Nothing is read through a symlink that leads out of the project unless the command line named the path.
  confine({ path: runnerPath, display: displayPath(out, runnerPath), within: paths.within.runner });
  if (!args['dry-run']) {
    await locks.project(out);
    await locks.runner(out, runnerPath);
  }
  const kept = keepConcurrentOnDisk(raw, runnerPath, io);
  if (kept !== raw) answers = resolveAnswers((raw = kept));
  const version = toolVersion();
  const renderer = await loadRenderer(answers.templates ? path.resolve(out, answers.templates) : undefined);
  const { plan, files, parsed } = renderChecked(answers, renderer);
  const previous = readPreviousRun(paths.answers, version);
  const project = await Promise.all(freshFiles(files, answers, parsed).map((f) => (f.role === 'runner' ? mergeRunnerInto(f, paths, answers, previous, Boolean(args.force), io) : f)));
  const outputs = outputFiles(paths, project, answers, version, previous);

  if (args['dry-run']) {
    for (const file of outputs) io.stdout(`# ==> ${file.display} <==\n${file.contents}\n`);
    // What the real run would stop at (a file the tool did not write), said, with the exit code it would have.
    try {
      planWrites(outputs, Boolean(args.force));
    } catch (err) {
      if (!(err instanceof ProblemError)) throw err;
      io.stderr(`gitlab-dind: without --dry-run: ${err.message}\n`);
      return ExitCode.Problem;
    }
    return 0;
  }
  const planned = planWrites(outputs, Boolean(args.force));
  if (wizard && !(await wizard.confirm(out, planned, io))) {
    io.stderr('gitlab-dind: declined; nothing written\n');
    return ExitCode.Interrupted;
  }
  locks.verify();
  const { backups, interrupted, leftovers } = await writeAll(planned);
  for (const left of leftovers) io.stderr(`removed ${displayPath(out, left)}, a temporary file an interrupted run left\n`);
  for (const p of planned) io.stdout(`${VERBS[p.action]} ${p.file.display}${throughNote(p)}\n`);
  for (const bak of backups) io.stdout(`kept the previous file as ${displayPath(out, bak)}\n`);
  if (interrupted) return reportInterrupted(interrupted, io);
  const shown = (role: 'ci' | 'runner' | 'register' | 'values') => displayPath(io.cwd, paths.byRole[role]);
  io.stdout(`\nNext steps (${plan.mode.id}):\n`);
  const answersPath = displayPath(io.cwd, paths.answers);
  for (const step of nextSteps(plan, { ci: shown('ci'), runner: shown('runner'), register: shown('register'), answers: answersPath, values: shown('values') })) io.stdout(`  ${step}\n`);
  for (const warning of plan.mode.warnings) io.stderr(`warning: ${warning}\n`);
  // The wizard showed what it found; with --yes this is the one place a missing Dockerfile is said.
  if (!wizard) {
    const missing = missingBuildInputs(out, answers.dockerfile, answers.context);
    if (missing) io.stderr(`warning: ${missing}\n`);
  }
  return 0;
}

/**
 * `concurrent` is global: it limits every runner in the file, not only ours. Into a config.toml that is
 * already there (a runner host's, with runners of its own), --concurrent not given keeps the file's value
 * rather than the default, and says so.
 */
function keepConcurrentOnDisk(raw: RawAnswers, file: string, io: CliIo): RawAnswers {
  if (raw.concurrent !== undefined) return raw;
  const text = readIfExists(file);
  if (text === undefined) return raw;
  let onDisk: unknown;
  try {
    onDisk = (TOML.parse(text) as { concurrent?: unknown }).concurrent;
  } catch {
    return raw; // the merge names the line that does not parse
  }
  if (typeof onDisk !== 'number' || !Number.isInteger(onDisk) || onDisk < 1 || onDisk > 1000 || onDisk === DEFAULT_CONCURRENT) return raw;
  io.stderr(`${displayPath(io.cwd, file)}: concurrent = ${onDisk} kept, as the file has it (--concurrent to change it)\n`);
  return { ...raw, concurrent: String(onDisk) };
}

/**
 * SPEC: an existing runner config is merged into, not replaced: the runner named --runner-name is
 * updated or added, everything else in it is kept. A file the tool did not write has no record of
 * what was ours, so init (asked to put this runner there) takes its values for that runner's keys.
 */
async function mergeRunnerInto(file: ProjectFile, paths: ProjectPaths, answers: Answers, previous: PreviousRun, force: boolean, io: CliIo): Promise<ProjectFile> {
  const current = readIfExists(paths.byRole.runner);
  const display = displayPath(paths.out, paths.byRole.runner);
  // Another runner-name than the file was written for: that runner is kept and this one added (not replaced).
  const sameRunner = previous.kind === 'ours' && previous.file.answers.runnerName === answers.runnerName;
  const record = previous.kind === 'ours' && sameRunner ? previous.file.files[display] : undefined;
  if (current === undefined || record?.file === fingerprint(current)) return file;
  // The merge code is loaded only here, when a runner config the tool did not (or not last) write is there.
  const { mergeFile } = await import('../../core/merge');
  const outcome = mergeFile('runner', { display, current, rendered: file.contents, record, force: force || record === undefined, runnerName: answers.runnerName });
  const conflicts = outcome.issues.filter((i) => i.kind === 'conflict' && !i.forced);
  if (conflicts.length > 0) {
    throw new ProblemError(`${display}: ${conflicts.map((c) => c.path).join(', ')}: changed there and by these answers; nothing written. Run \`gitlab-dind generate\` to merge, or add --force to take the new values (a .bak copy is kept)`);
  }
  for (const note of outcome.notes) io.stderr(`${note}\n`);
  for (const issue of outcome.issues.filter((i) => i.forced)) io.stderr(`${display} ${issue.path}: ${issue.values ? `${issue.values.yours} → ${issue.values.render}` : 'set'} (from the answers)\n`);
  return { ...file, contents: outcome.contents, record: outcome.record, backup: outcome.backup, owned: () => true };
}
