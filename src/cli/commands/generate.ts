/**
 * `gitlab-dind generate`: re-render from .gitlab-dind.yml and merge into the files, keeping the user's edits;
 * then check, show, or write, and tell the user what was kept and why. `upgrade` moves the pins, then does this.
 */
import path from 'node:path';
import { Answers } from '../../core/answers';
import { ANSWERS_FILE, AnswersFile } from '../../core/answers-file';
import { ExitCode, FieldError } from '../../core/errors';
import { unifiedDiff } from '../../core/merge/line-diff';
import { fileRoles, planProject, PreviousRun, UpgradeInput } from '../../core/project-plan';
import { displayPath, livesElsewhere, projectPaths } from '../../core/project-paths';
import { toolVersion } from '../../io/package-info';
import { isThere, readAnswersFile, readIfExists, readOnDisk } from '../../io/project';
import { loadRenderer } from '../../io/templates';
import { confine, planWrites } from '../../io/write-files';
import { RunLocks } from '../locks';
import { single } from '../single-flag';
import { CliIo } from '../io';
import { DEFAULT_OUT, resolveOutFolder } from '../out-folder';
import { sayNotes, writeAndReport } from '../write-report';
import { GenerateArgs } from './generate-flags';

export interface Project {
  out: string;
  file: AnswersFile;
  text: string;
}

export function projectDir(args: GenerateArgs, io: CliIo): string {
  return resolveOutFolder(single('out', args.out) ?? DEFAULT_OUT, io.cwd);
}

/** A run that writes holds the project's lock from before it reads .gitlab-dind.yml until it is done. */
export async function withProjectLocks(out: string, args: GenerateArgs, io: CliIo, body: (locks: RunLocks) => Promise<number>): Promise<number> {
  const locks = new RunLocks(io);
  try {
    if (!writesNothing(args)) await locks.project(out);
    return await body(locks);
  } finally {
    locks.release();
  }
}

const writesNothing = (args: GenerateArgs): boolean => Boolean(args.check || args.diff || args['dry-run']);

/**
 * A path from .gitlab-dind.yml (a file anyone can commit) may lead outside the project only when this
 * run's command line gives the same path: an untrusted clone cannot point generate at the host's files.
 */
function allowedOutside(key: 'runner-config' | 'templates', recorded: string, args: GenerateArgs, project: Project, io: CliIo): boolean {
  const given = single(key, args[key]);
  if (given === undefined) return false;
  if (typeof given !== 'string' || given === '') throw new FieldError(key, `${JSON.stringify(given)} is not valid; expected the ${key} of ${ANSWERS_FILE}`);
  if (path.resolve(io.cwd, given) !== path.resolve(project.out, recorded)) {
    throw new FieldError(
      key,
      `${JSON.stringify(given)} is not the ${key} of ${ANSWERS_FILE} (${JSON.stringify(recorded)}); expected the same path, to allow it outside the project folder (to change it, edit ${ANSWERS_FILE})`,
    );
  }
  return true;
}

/** --accept PART (repeatable) and --accept-all. */
function acceptFlags(args: GenerateArgs): { all: boolean; parts: string[] } {
  const given = args.accept === undefined ? [] : Array.isArray(args.accept) ? args.accept : [args.accept];
  for (const name of given)
    if (typeof name !== 'string' || name.trim() === '')
      throw new FieldError('accept', `${JSON.stringify(name)} is not valid; expected a managed part as generate names it, such as docker-test`);
  return { all: Boolean(args['accept-all']), parts: given.map((n) => n.trim()) };
}

export async function regenerate(project: Project, answers: Answers, args: GenerateArgs, io: CliIo, locks: RunLocks, upgrade?: UpgradeInput): Promise<number> {
  const templatesDir = answers.templates ? path.resolve(project.out, answers.templates) : undefined;
  if (templatesDir && !allowedOutside('templates', answers.templates, args, project, io)) {
    confine(
      {
        path: templatesDir,
        display: answers.templates,
        within: { root: project.out, allow: `--templates ${answers.templates}`, from: `${ANSWERS_FILE} templates` },
      },
      'read or written',
    );
  }
  const runnerFrom = allowedOutside('runner-config', answers.runnerConfig, args, project, io) ? 'command line' : 'answers file';
  const paths = projectPaths(project.out, answers, runnerFrom);
  const runnerPath = paths.byRole.runner;
  const runnerDisplay = displayPath(project.out, runnerPath);
  const elsewhere = livesElsewhere(runnerDisplay, isThere(runnerPath), project.file.files[runnerDisplay] !== undefined);
  if (!elsewhere) confine({ path: runnerPath, display: JSON.stringify(answers.runnerConfig), within: paths.within.runner }, 'read or written');
  if (!writesNothing(args) && !elsewhere) await locks.runner(project.out, runnerPath);
  const renderer = await loadRenderer(templatesDir);
  if (paths.main)
    confine(
      { path: paths.byRole.ci, display: JSON.stringify(answers.ciFile), within: { root: project.out, from: `${ANSWERS_FILE} ci-file` } },
      'read or written',
    );
  const disk = readOnDisk(
    paths,
    fileRoles(answers).filter((role) => role !== 'runner' || !elsewhere),
    Object.keys(project.file.files),
  );
  const check = Boolean(args.check);
  const previous: PreviousRun = { kind: 'ours', file: project.file, text: project.text };
  const accept = acceptFlags(args);
  const { outputs, notes, issues, blocked } = await planProject(answers, disk, previous, {
    paths,
    renderer,
    toolVersion: toolVersion(),
    flow: 'generate',
    force: Boolean(args.force),
    check,
    upgrade,
    accept,
  });
  sayNotes(notes, io);
  if (blocked) {
    io.stderr(blocked);
    return ExitCode.Problem;
  }
  const planned = planWrites(outputs, true);
  const changes = planned.filter((p) => p.action !== 'unchanged');
  const conflicts = issues.filter((i) => i.issue.kind === 'conflict' && !i.issue.accepted).length;
  if (check || args.diff || args['dry-run']) {
    for (const p of changes) {
      if (args['dry-run']) io.stdout(`# ==> ${p.file.display} <==\n${p.file.contents}\n`);
      if (args.diff) io.stdout(unifiedDiff(p.file.display, readIfExists(p.file.path) ?? '', p.file.contents));
      if (check) io.stdout(`would change ${p.file.display}\n`);
    }
    // As the contract says: 1 when a file would change, or a managed part differs from the render (drift, by hand
    // or by a new render) and is not accepted as the user's.
    if (check) return changes.length > 0 || issues.some((i) => !i.issue.accepted) ? 1 : 0;
    return conflicts > 0 ? 1 : 0;
  }
  const written = await writeAndReport(project.out, planned, locks, io);
  if (written !== ExitCode.Ok) return written;
  return conflicts > 0 ? 1 : 0;
}

export function generateCommand(args: GenerateArgs, io: CliIo): Promise<number> {
  const out = projectDir(args, io);
  return withProjectLocks(out, args, io, (locks) => {
    const { file, text, notes } = readAnswersFile(out, toolVersion());
    for (const note of notes) io.stderr(`${note}\n`);
    return regenerate({ out, file, text }, file.answers, args, io, locks);
  });
}
