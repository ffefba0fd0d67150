/** `gitlab-dind init`: flags (or the wizard) → answers → rendered, checked files → written. */
import path from 'node:path';
import { Answers, FLAG_OF, RawAnswers, resolveAnswers } from '../../core/answers';
import { ANSWERS_FILE } from '../../core/answers-file';
import { componentOfAnotherMode } from '../../core/component/inputs';
import { ExitCode, ProblemError, UsageError } from '../../core/errors';
import { nextSteps } from '../../core/next-steps';
import { answerChanges, overPrevious } from '../../core/previous-answers';
import { concurrentToKeep, planProject, PreviousRun } from '../../core/project-plan';
import { displayPath, projectPaths } from '../../core/project-paths';
import { toolVersion } from '../../io/package-info';
import { missingBuildInputs } from '../../io/find-dockerfiles';
import { readIfExists, readOnDisk, readPreviousRun } from '../../io/project';
import { loadRenderer } from '../../io/templates';
import { confine, planWrites } from '../../io/write-files';
import { RunLocks } from '../locks';
import { single } from '../single-flag';
import { InitArgs, REPEATABLE } from './init-flags';
import { CliIo } from '../io';
import { DEFAULT_OUT, resolveOutFolder } from '../out-folder';
import type { Previous, Wizard } from '../wizard';
import { sayNotes, writeAndReport } from '../write-report';

/** Parsed flags → raw answers: each flag once, but a repeatable one (--build-arg) as the list it gives. */
export function rawAnswersFromFlags(argv: Record<string, unknown>): RawAnswers {
  const raw: RawAnswers = {};
  for (const [field, flag] of Object.entries(FLAG_OF) as [keyof Answers, string][]) {
    const value = REPEATABLE.includes(flag) ? (argv[flag] as RawAnswers[keyof Answers]) : single(flag, argv[flag]);
    if (value !== undefined) raw[field] = value;
  }
  return raw;
}

/**
 * A .gitlab-ci.yml this tool has no record of is the repository's own pipeline: the way in is --ci-file
 * (the user's file gains only an include), not replacing it.
 */
function foreignPipelineProblem(ci: string, out: string, previous: PreviousRun): string | undefined {
  if (readIfExists(ci) === undefined) return undefined;
  const display = displayPath(out, ci);
  if (previous.kind === 'ours' && previous.file.files[display] !== undefined) return undefined; // ours: the write step judges it
  return `${display}: not written by gitlab-dind (the repository's own pipeline); nothing written. Add --ci-file ci/docker.gitlab-ci.yml to write the jobs there and include them from ${display} (its only change), or --force to replace it (a .bak copy is kept)`;
}

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
    ({ raw, out } = await wizard.ask(raw, out, io, (folder) => previousAnswers(folder, io)));
  }
  out ??= resolveOutFolder(DEFAULT_OUT, io.cwd);
  // With --yes too, an earlier run's answers are the defaults: the mode changes only by --mode.
  const earlier = previousAnswers(out, io);
  if (earlier && !wizard) {
    const over = overPrevious(resolveAnswers(earlier.answers), raw);
    io.stdout(`The defaults are the answers in ${earlier.file}.\n`);
    for (const flag of over.dropped) io.stderr(`${earlier.file}: ${flag} dropped: it does not go with this run's flags\n`);
    raw = over.raw;
  }
  if (earlier) {
    const changes = answerChanges(resolveAnswers(earlier.answers), resolveAnswers(raw));
    if (changes.length > 0) io.stdout(`Changes from ${earlier.file}:\n${changes.map((c) => `  ${c}\n`).join('')}`);
  }
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
  // A path the command line did not give came from .gitlab-dind.yml (a file anyone can commit): kept inside the project.
  const flags = rawAnswersFromFlags(args);
  const runnerFrom = flags.runnerConfig !== undefined ? 'command line' : raw.runnerConfig !== undefined ? 'answers file' : 'default';
  let answers = resolveAnswers(raw);
  // The paths do not depend on concurrent, the one answer the runner config on disk may change below.
  const paths = projectPaths(out, answers, runnerFrom);
  const runnerPath = paths.byRole.runner;
  // Nothing is read through a symlink that leads out of the project unless the command line named the path.
  confine({ path: runnerPath, display: displayPath(out, runnerPath), within: paths.within.runner });
  if (!args['dry-run']) {
    await locks.project(out);
    await locks.runner(out, runnerPath);
  }
  if (paths.main) confine({ path: paths.byRole.ci, display: answers.ciFile, within: paths.within.ci });
  // Only the runner config is merged into; any other file is checked by the write step.
  const disk = readOnDisk(paths, ['runner']);
  const kept = concurrentToKeep(raw, disk.files.runner);
  if (kept !== undefined) {
    io.stderr(`${displayPath(io.cwd, runnerPath)}: concurrent = ${kept} kept, as the file has it (--concurrent to change it)\n`);
    answers = resolveAnswers((raw = { ...raw, concurrent: String(kept) }));
  }
  const version = toolVersion();
  const templatesDir = answers.templates ? path.resolve(out, answers.templates) : undefined;
  if (templatesDir && flags.templates === undefined)
    confine(
      { path: templatesDir, display: answers.templates, within: { root: out, allow: `--templates ${answers.templates}`, from: `${ANSWERS_FILE} templates` } },
      'read or written',
    );
  const renderer = await loadRenderer(templatesDir);
  const previous = readPreviousRun(paths.answers, version);
  const force = Boolean(args.force);
  const foreign = paths.main || force ? undefined : foreignPipelineProblem(paths.byRole.ci, out, previous);
  const { plan, outputs, notes, blocked } = await planProject(answers, disk, previous, { paths, renderer, toolVersion: version, flow: 'init', force });
  sayNotes(notes, io);
  if (blocked) {
    io.stderr(blocked);
    return ExitCode.Problem;
  }

  if (args['dry-run']) {
    for (const file of outputs) io.stdout(`# ==> ${file.display} <==\n${file.contents}\n`);
    if (foreign) {
      io.stderr(`gitlab-dind: without --dry-run: ${foreign}\n`);
      return ExitCode.Problem;
    }
    // What the real run would stop at (a file the tool did not write), said, with the exit code it would have.
    try {
      planWrites(outputs, force);
    } catch (err) {
      if (!(err instanceof ProblemError)) throw err;
      io.stderr(`gitlab-dind: without --dry-run: ${err.message}\n`);
      return ExitCode.Problem;
    }
    return 0;
  }
  if (foreign) throw new ProblemError(foreign);
  const planned = planWrites(outputs, force);
  if (wizard && !(await wizard.confirm(out, planned, io))) {
    io.stderr('gitlab-dind: declined; nothing written\n');
    return ExitCode.Interrupted;
  }
  const written = await writeAndReport(out, planned, locks, io);
  if (written !== ExitCode.Ok) return written;
  const shown = (role: 'ci' | 'runner' | 'register' | 'values') => displayPath(io.cwd, paths.byRole[role]);
  io.stdout(`\nNext steps (${plan.mode.id}):\n`);
  const answersPath = displayPath(io.cwd, paths.answers);
  for (const step of nextSteps(plan, { ci: shown('ci'), runner: shown('runner'), register: shown('register'), answers: answersPath, values: shown('values') }))
    io.stdout(`  ${step}\n`);
  for (const warning of plan.mode.warnings) io.stderr(`warning: ${warning}\n`);
  const otherMode = componentOfAnotherMode(answers);
  if (otherMode) io.stderr(`warning: ${otherMode}\n`);
  // The wizard showed what it found; with --yes this is the one place a missing Dockerfile is said.
  if (!wizard) {
    const missing = missingBuildInputs(out, answers.dockerfile, answers.context);
    if (missing) io.stderr(`warning: ${missing}\n`);
  }
  return 0;
}
