/**
 * What `generate` and `upgrade` share: render from the answers, merge into the files on disk,
 * then check, show, or write, and tell the user what was kept and why.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Answers, runnerNameFromOtherMode } from '../../core/answers';
import { ANSWERS_FILE, AnswersFile } from '../../core/answers-file';
import { mergeFile, MergeOutcome, PartIssue } from '../../core/merge';
import { unifiedDiff } from '../../core/merge/line-diff';
import { renderChecked } from '../../core/render/render-checked';
import { toolVersion } from '../../io/package-info';
import { displayPath, outputFiles, ProjectFile, projectPaths, readIfExists } from '../../io/project';
import { loadRenderer } from '../../io/templates';
import { confine, planWrites, throughNote, writeAll } from '../../io/write-files';
import { UsageError } from '../../core/errors';
import { RunLocks } from '../locks';
import { single } from '../flag-answers';
import { CliIo } from '../io';
import { reportInterrupted } from '../interrupted';
import { DEFAULT_OUT, resolveOutFolder } from '../out-folder';
import { RegenerateArgs } from '../regenerate-flags';

export type { RegenerateArgs } from '../regenerate-flags';

export interface Project {
  out: string;
  file: AnswersFile;
  text: string;
}

export function projectDir(args: RegenerateArgs, io: CliIo): string {
  return resolveOutFolder(single('out', args.out) ?? DEFAULT_OUT, io.cwd);
}

/** An upgrade's extra input: the render before it (to combine changes inside a part) and the pins it moves. */
export interface UpgradeInput {
  before: Answers;
  moves: Record<string, string>;
}

function describeIssue(display: string, issue: PartIssue, check: boolean): string {
  const where = `${display} ${issue.path}${issue.values ? ` (yours ${issue.values.yours}, the render's ${issue.values.render})` : ''}`;
  if (issue.forced) return `replaced your edit of ${where} with the new render (--force; your version is in the .bak)\n`;
  if (issue.kind === 'conflict') return `conflict: ${where}: changed by you and by the new render; kept yours (resolve it by hand, or run again with --force to take the new one and keep a .bak)\n`;
  return check ? `changed by hand: ${where} differs from what .gitlab-dind.yml renders\n` : `kept your edit of ${where} (it differs from what .gitlab-dind.yml renders; --force takes the render's)\n`;
}

/** Only whether something is there: a path from the answers file is not read before it is confined (/dev/zero). */
function isThere(file: string): boolean {
  try {
    fs.statSync(file);
    return true;
  } catch {
    return false;
  }
}

/** A run that writes holds the project's lock from before it reads .gitlab-dind.yml until it is done. */
export async function withProjectLocks(out: string, args: RegenerateArgs, io: CliIo, body: (locks: RunLocks) => Promise<number>): Promise<number> {
  const locks = new RunLocks(io);
  try {
    if (!writesNothing(args)) await locks.project(out);
    return await body(locks);
  } finally {
    locks.release();
  }
}

const writesNothing = (args: RegenerateArgs): boolean => Boolean(args.check || args.diff || args['dry-run']);

/**
 * A path from .gitlab-dind.yml (a file anyone can commit) may lead outside the project only when this
 * run's command line gives the same path: an untrusted clone cannot point generate at the host's files.
 */
function allowedOutside(key: 'runner-config' | 'templates', recorded: string, args: RegenerateArgs, project: Project, io: CliIo): boolean {
  const given = single(key, args[key]);
  if (given === undefined) return false;
  if (typeof given !== 'string' || given === '') throw new UsageError(`--${key}: ${JSON.stringify(given)} is not valid; expected the ${key} of ${ANSWERS_FILE}`);
  if (path.resolve(io.cwd, given) !== path.resolve(project.out, recorded)) {
    throw new UsageError(`--${key}: ${JSON.stringify(given)} is not the ${key} of ${ANSWERS_FILE} (${JSON.stringify(recorded)}); expected the same path, to allow it outside the project folder (to change it, edit ${ANSWERS_FILE})`);
  }
  return true;
}

export async function regenerate(project: Project, answers: Answers, args: RegenerateArgs, io: CliIo, locks: RunLocks, upgrade?: UpgradeInput): Promise<number> {
  const templatesDir = answers.templates ? path.resolve(project.out, answers.templates) : undefined;
  if (templatesDir && !allowedOutside('templates', answers.templates, args, project, io)) {
    confine({ path: templatesDir, display: answers.templates, within: { root: project.out, allow: `--templates ${answers.templates}`, from: `${ANSWERS_FILE} templates` } }, 'read or written');
  }
  const runnerFrom = allowedOutside('runner-config', answers.runnerConfig, args, project, io) ? 'command line' : 'answers file';
  const paths = projectPaths(project.out, answers, runnerFrom);
  const runnerPath = paths.byRole.runner;
  const runnerDisplay = displayPath(project.out, runnerPath);
  // An absolute runner config missing here lives on the runner host: nothing is read or written, so nothing to refuse.
  const elsewhere = !isThere(runnerPath) && path.isAbsolute(runnerDisplay) && project.file.files[runnerDisplay] !== undefined;
  if (!elsewhere) confine({ path: runnerPath, display: JSON.stringify(answers.runnerConfig), within: paths.within.runner }, "read or written");
  if (!writesNothing(args) && !elsewhere) await locks.runner(project.out, runnerPath);
  const renderer = await loadRenderer(templatesDir);
  const { files: rendered } = renderChecked(answers, renderer);
  const before = upgrade ? renderChecked(upgrade.before, renderer).files : [];
  const merged: { display: string; outcome: MergeOutcome }[] = [];
  const projectFiles: ProjectFile[] = rendered.map((r) => {
    const display = displayPath(project.out, paths.byRole[r.role]);
    const current = readIfExists(paths.byRole[r.role]);
    const recorded = project.file.files[display];
    // An absolute --runner-config (say /etc/gitlab-runner/config.toml) missing here lives on the runner host: leave it be.
    if (current === undefined && recorded && path.isAbsolute(display)) {
      io.stderr(`${display}: not on this machine; left as it is (run gitlab-dind generate on the runner host to update it)\n`);
      return { role: r.role, contents: r.contents, record: recorded, elsewhere: true };
    }
    const outcome = mergeFile(r.role, {
      display,
      current,
      rendered: r.contents,
      record: recorded,
      force: Boolean(args.force),
      base: before.find((b) => b.role === r.role)?.contents,
      moves: upgrade?.moves,
      runnerName: answers.runnerName,
    });
    merged.push({ display, outcome });
    return { role: r.role, contents: outcome.contents, record: outcome.record, backup: outcome.backup, owned: () => true };
  });
  const outputs = outputFiles(paths, projectFiles, answers, toolVersion(), { kind: 'ours', file: project.file, text: project.text });
  // A file the tool wrote before that this render has no part for (values.yaml after leaving kubernetes
  // mode): it may still be in use elsewhere, so it is left in place and only said, and no longer recorded.
  const written = new Set(outputs.map((o) => o.display));
  for (const display of Object.keys(project.file.files)) {
    if (!written.has(display) && isThere(path.resolve(project.out, display))) {
      // Moved (runner-config: now names another path) or dropped (a file of the old mode's): said as such.
      const movedTo = [...written].find((w) => path.basename(w) === path.basename(display));
      const why = movedTo === undefined ? `no longer written with these answers (--mode ${answers.mode}, runner-config ${answers.runnerConfig})` : `no longer written; the answers now write ${movedTo}`;
      io.stderr(`${display}: ${why}; left as it is (delete it if nothing uses it)\n`);
    }
  }
  const planned = planWrites(outputs, true);
  // Said when this run changes files (the change of mode), not on every generate after it.
  if (runnerNameFromOtherMode(answers) && !args.check && planned.some((p) => p.action !== 'unchanged')) {
    io.stderr(`runner-name ${JSON.stringify(answers.runnerName)} is an earlier mode's default; kept, so config.toml keeps that runner and its token (set runner-name: in ${ANSWERS_FILE} to rename it)\n`);
  }
  const changes = planned.filter((p) => p.action !== 'unchanged');
  const check = Boolean(args.check);
  for (const { display, outcome } of merged) {
    for (const note of outcome.notes) io.stderr(`${note}\n`);
    for (const issue of outcome.issues) io.stderr(describeIssue(display, issue, check));
    for (const moved of outcome.moved) io.stdout(`${moved}\n`);
  }
  const issues = merged.flatMap((m) => m.outcome.issues).filter((i) => !i.forced);
  const conflicts = issues.filter((i) => i.kind === 'conflict').length;
  if (check || args.diff || args['dry-run']) {
    for (const p of changes) {
      if (args['dry-run']) io.stdout(`# ==> ${p.file.display} <==\n${p.file.contents}\n`);
      if (args.diff) io.stdout(unifiedDiff(p.file.display, readIfExists(p.file.path) ?? '', p.file.contents));
      if (check) io.stdout(`would change ${p.file.display}\n`);
    }
    // As the contract says: 1 when a file would change. A managed part you edited is kept by generate, so no
    // file changes for it: said on stderr, not failed on; a conflict fails, as generate itself would.
    if (check) return changes.length > 0 || conflicts > 0 ? 1 : 0;
    return conflicts > 0 ? 1 : 0;
  }
  locks.verify();
  const { backups, interrupted, leftovers } = await writeAll(planned);
  for (const left of leftovers) io.stderr(`removed ${displayPath(project.out, left)}, a temporary file an interrupted run left\n`);
  for (const p of planned) io.stdout(`${p.action === 'create' ? 'created' : p.action === 'unchanged' ? 'unchanged' : 'updated'} ${p.file.display}${throughNote(p)}\n`);
  for (const bak of backups) io.stdout(`kept the previous file as ${displayPath(project.out, bak)}\n`);
  if (interrupted) return reportInterrupted(interrupted, io);
  return conflicts > 0 ? 1 : 0;
}
