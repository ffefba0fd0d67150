/**
 * The one flow of init, generate and upgrade: answers → mode plan → rendered, checked files → merged with
 * the files on disk → the files to write, and what to tell the user. Pure: the command reads the disk
 * (confined first) and hands it in, and writes what comes out through src/io.
 */
import path from 'node:path';
import TOML from '@iarna/toml';
import { Answers, DEFAULT_CONCURRENT, RawAnswers, runnerNameFromOtherMode } from './answers';
import { ANSWERS_FILE, ANSWERS_SCHEMA, AnswersFile, fingerprint, serializeAnswersFile } from './answers-file';
import { sameData } from './canonical-json';
import YAML from 'yaml';
import { addLocalInclude, includeLine, localIncludes, missingStages } from './ci-include';
import { AnswerHint, hintText, pipelineHints, runnerHints } from './drift';
import { ProblemError, UsageError } from './errors';
import { jobNames } from './effective-jobs';
import type { MergeInput, MergeOutcome, PartIssue } from './merge';
import { Plan, planFor } from './plan';
import { Confinement, displayPath, livesElsewhere, ProjectPaths } from './project-paths';
import { FileRecord, freshRecord, WHOLE } from './record';
import { pipelineParts } from './record/yaml-parts';
import { FileRole } from './render/render';
import { renderChecked } from './render/render-checked';
import { Renderer } from './render/runtime';

export interface OutputFile {
  /** Absolute path. */
  path: string;
  /** As shown to the user and recorded in the answers file. */
  display: string;
  contents: string;
  /**
   * Mode of a new file, less the umask; an existing file keeps its own. A mode without group or other
   * bits (config.toml's 0600: it holds runner tokens) is kept exactly, whatever the umask.
   */
  mode: number;
  /** May this file replace what is on disk without --force? (our own unchanged output, or a merge) */
  owned: (current: string) => boolean;
  /** Replace what is on disk but keep it as a .bak (a merge that drops something, told to the user). */
  keepBackup?: boolean;
  /** The write, through any symlink, must stay inside this folder. */
  within?: Confinement;
}

/** The answers file found in the project: none, one this tool wrote (and its text), or one it cannot read. */
export type PreviousRun = { kind: 'none' } | { kind: 'ours'; file: AnswersFile; text: string } | { kind: 'foreign' };

/** What the command read from the project before planning. */
export interface OnDisk {
  /** The text of each file where these answers put it; absent: no file there (or not read: see livesElsewhere). */
  files: Partial<Record<FileRole, string>>;
  /** The files the answers file records (as it names them) that are there. */
  present: ReadonlySet<string>;
  /** The user's .gitlab-ci.yml, when the jobs go to another file (paths.main); absent: there is none. */
  main?: string;
}

/** An upgrade's extra input: the answers before it (their render lets changes combine inside a part) and the pins it moves. */
export interface UpgradeInput {
  before: Answers;
  moves: Record<string, string>;
}

export interface PlanSettings {
  paths: ProjectPaths;
  renderer: Renderer;
  toolVersion: string;
  /**
   * init: the files as rendered; a runner config already there is merged into (it may hold other runners),
   * any other file the tool did not write is left to the write step to refuse. generate (and upgrade):
   * every file is merged with the user's edits.
   */
  flow: 'init' | 'generate';
  force: boolean;
  /** --check: nothing will be written; what is said is worded for that. */
  check?: boolean;
  upgrade?: UpgradeInput;
  /** `--accept PART...` / `--accept-all`: record the user's version of these parts as theirs. */
  accept?: { all: boolean; parts: string[] };
}

/** A line to tell the user, in order; on stderr unless `stdout`. */
export interface Note {
  text: string;
  stdout?: boolean;
}

/** A managed part the user changed that this run keeps (not forced): a conflict fails the run. */
export interface FileIssue {
  display: string;
  issue: PartIssue;
}

export interface ProjectPlan {
  plan: Plan;
  outputs: OutputFile[];
  notes: Note[];
  issues: FileIssue[];
  /** The files as they would be written do not work together: why, and the way out. Nothing is to be written. */
  blocked?: string;
}

/** One file of the project as it will be written, and what the answers file records for it. */
interface ProjectFile {
  role: FileRole;
  contents: string;
  record: FileRecord;
  /** Keep a .bak of what is on disk (merged with losses the user was told of, or --force). */
  backup?: boolean;
  /** May replace what is on disk without --force: it is a merge, or our own unchanged output. */
  owned?: (current: string) => boolean;
  /** Recorded in the answers file but not written here (a runner config that lives on another host). */
  elsewhere?: boolean;
}

const MODES: Record<FileRole, number> = { ci: 0o644, runner: 0o600, register: 0o755, values: 0o644 };

/** The files the answers write, and the answers file that records them. */
function outputFiles(paths: ProjectPaths, project: ProjectFile[], answers: Answers, toolVersion: string, previous: PreviousRun): OutputFile[] {
  const known = previous.kind === 'ours' ? previous.file.files : {};
  const display = (p: ProjectFile) => displayPath(paths.out, paths.byRole[p.role]);
  const files: OutputFile[] = project
    .filter((p) => !p.elsewhere)
    .map((p) => {
      const owned = p.owned ?? ((current: string) => known[display(p)]?.file === fingerprint(current));
      return {
        path: paths.byRole[p.role],
        display: display(p),
        contents: p.contents,
        mode: MODES[p.role],
        owned,
        keepBackup: p.backup,
        within: paths.within[p.role],
      };
    });
  const record: AnswersFile = {
    schema: ANSWERS_SCHEMA,
    tool: toolVersion,
    answers,
    files: Object.fromEntries(project.map((p) => [display(p), p.record])),
  };
  // Unchanged data keeps the file's text, comments included.
  const same = previous.kind === 'ours' && sameData(record, previous.file);
  files.push({
    path: paths.answers,
    display: ANSWERS_FILE,
    contents: same ? previous.text : serializeAnswersFile(record),
    mode: 0o644,
    owned: () => previous.kind === 'ours',
    within: { root: paths.out },
  });
  return files;
}

/**
 * `concurrent` is global: it limits every runner in the file, not only ours. Into a config.toml that is
 * already there (a runner host's, with runners of its own), init without --concurrent keeps the file's
 * value rather than the default: that value, when there is one to keep.
 */
export function concurrentToKeep(raw: RawAnswers, runnerConfig: string | undefined): number | undefined {
  if (raw.concurrent !== undefined || runnerConfig === undefined) return undefined;
  let onDisk: unknown;
  try {
    onDisk = (TOML.parse(runnerConfig) as { concurrent?: unknown }).concurrent;
  } catch {
    return undefined; // the merge names the line that does not parse
  }
  if (typeof onDisk !== 'number' || !Number.isInteger(onDisk) || onDisk < 1 || onDisk > 1000 || onDisk === DEFAULT_CONCURRENT) return undefined;
  return onDisk;
}

/** The files these answers write (values.yaml in kubernetes mode only): the ones to read before planning. */
export function fileRoles(answers: Answers): FileRole[] {
  const { templates } = planFor(answers);
  return (['ci', 'runner', 'register', 'values'] as const).filter((role) => templates[role] !== null);
}

// The merge code is loaded only when a file is merged: init into a fresh folder never needs it.
const loadMerge = () => import('./merge');

/**
 * An existing runner config is merged into, not replaced: the runner named --runner-name is updated or
 * added, everything else in it is kept. A file the tool did not write has no record of what was ours, so
 * init (asked to put this runner there) takes its values for that runner's keys.
 */
async function mergeRunnerInto(
  file: ProjectFile,
  display: string,
  current: string | undefined,
  answers: Answers,
  previous: PreviousRun,
  force: boolean,
  notes: Note[],
): Promise<ProjectFile> {
  // Another runner-name than the file was written for: that runner is kept and this one added (not replaced).
  const sameRunner = previous.kind === 'ours' && previous.file.answers.runnerName === answers.runnerName;
  const record = previous.kind === 'ours' && sameRunner ? previous.file.files[display] : undefined;
  if (current === undefined || record?.file === fingerprint(current)) return file;
  const { mergeFile } = await loadMerge();
  const outcome = mergeFile('runner', {
    display,
    current,
    rendered: file.contents,
    record,
    force: force || record === undefined,
    runnerName: answers.runnerName,
  });
  const conflicts = outcome.issues.filter((i) => i.kind === 'conflict' && !i.forced);
  if (conflicts.length > 0) {
    throw new ProblemError(
      `${display}: ${conflicts.map((c) => c.path).join(', ')}: changed there and by these answers; nothing written. Run \`gitlab-dind generate\` to merge, or add --force to take the new values (a .bak copy is kept)`,
    );
  }
  for (const note of outcome.notes) notes.push({ text: note });
  for (const issue of outcome.issues.filter((i) => i.forced))
    notes.push({ text: `${display} ${issue.path}: ${issue.values ? `${issue.values.yours} → ${issue.values.render}` : 'set'} (from the answers)` });
  return { ...file, contents: outcome.contents, record: outcome.record, backup: outcome.backup, owned: () => true };
}

/** What to do about a part that differs from the render: the answer that covers it, else --accept. */
function wayOut(issue: PartIssue, hints: AnswerHint[] | undefined): string {
  if (hints) return `set ${hintText(hints)} in ${ANSWERS_FILE} instead (an answer covers it), then run generate`;
  return `keep it with \`gitlab-dind generate --accept ${issue.path}\`, or undo the edit`;
}

function describeIssue(display: string, issue: PartIssue, check: boolean, hints: AnswerHint[] | undefined): string {
  const where = `${display} ${issue.path}${issue.values ? ` (yours ${issue.values.yours}, the render's ${issue.values.render})` : ''}`;
  if (issue.forced) return `replaced your edit of ${where} with the new render (--force; your version is in the .bak)`;
  if (issue.accepted) return `accepted your version of ${where}: kept as yours from now on (recorded in ${ANSWERS_FILE})`;
  if (issue.kind === 'conflict') {
    return `conflict: ${where}: changed by you and by the new render; kept yours (resolve it by hand, run again with --force to take the new one and keep a .bak, or ${wayOut(issue, hints)})`;
  }
  return check
    ? `changed by hand: ${where} differs from what ${ANSWERS_FILE} renders; ${wayOut(issue, hints)}`
    : `kept your edit of ${where} (it differs from what ${ANSWERS_FILE} renders; ${wayOut(issue, hints)})`;
}

/** The answers that would render the user's version of a part, if an answer covers the edit. */
function hintsOf(role: FileRole, issue: PartIssue, current: string | undefined, rendered: string, runnerName: string): AnswerHint[] | undefined {
  if (current === undefined || issue.forced || issue.accepted) return undefined;
  try {
    if (role === 'ci') return pipelineHints(current, rendered, issue.path);
    if (role === 'runner') return runnerHints(current, rendered, issue.path, runnerName);
  } catch {
    return undefined; // a hint is a courtesy: a file it cannot read gives none
  }
  return undefined;
}

/** `--accept NAME` names a part as printed: `docker-test`, `concurrent`, or with its file (`gitlab-runner/register.sh`). */
function accepts(accept: PlanSettings['accept'], display: string): ((part: string) => boolean) | undefined {
  if (!accept || (!accept.all && accept.parts.length === 0)) return undefined;
  return (part) =>
    accept.all ||
    accept.parts.some((name) => name === part || name === `${display} ${part}` || name === `${display}:${part}` || (part === WHOLE && name === display));
}

export async function planProject(answers: Answers, disk: OnDisk, previous: PreviousRun, settings: PlanSettings): Promise<ProjectPlan> {
  const { paths, renderer, force } = settings;
  const { plan, files: rendered, parsed } = renderChecked(answers, renderer);
  const notes: Note[] = [];
  const displayOf = (role: FileRole) => displayPath(paths.out, paths.byRole[role]);
  const known = previous.kind === 'ours' ? previous.file.files : {};
  let project: ProjectFile[];
  const merged: { display: string; outcome: MergeOutcome; role: FileRole; current: string | undefined; rendered: string }[] = [];
  if (settings.flow === 'init') {
    project = [];
    for (const r of rendered) {
      const fresh: ProjectFile = { role: r.role, contents: r.contents, record: freshRecord(r.role, r.contents, answers.runnerName, parsed) };
      project.push(r.role === 'runner' ? await mergeRunnerInto(fresh, displayOf('runner'), disk.files.runner, answers, previous, force, notes) : fresh);
    }
  } else {
    const { mergeFile } = await loadMerge();
    const before = settings.upgrade ? renderChecked(settings.upgrade.before, renderer).files : [];
    project = rendered.map((r): ProjectFile => {
      const display = displayOf(r.role);
      const current = disk.files[r.role];
      const recorded = known[display];
      if (livesElsewhere(display, current !== undefined, recorded !== undefined)) {
        notes.push({ text: `${display}: not on this machine; left as it is (run gitlab-dind generate on the runner host to update it)` });
        return { role: r.role, contents: r.contents, record: recorded, elsewhere: true };
      }
      const input: MergeInput = {
        display,
        current,
        rendered: r.contents,
        record: recorded,
        force,
        base: before.find((b) => b.role === r.role)?.contents,
        moves: settings.upgrade?.moves,
        runnerName: answers.runnerName,
        accept: accepts(settings.accept, display),
      };
      const outcome = mergeFile(r.role, input);
      merged.push({ display, outcome, role: r.role, current, rendered: r.contents });
      return { role: r.role, contents: outcome.contents, record: outcome.record, backup: outcome.backup, owned: () => true };
    });
  }
  const outputs = outputFiles(paths, project, answers, settings.toolVersion, previous);
  const check = Boolean(settings.check);
  if (settings.flow === 'generate') {
    const answersFile = outputs[outputs.length - 1]; // outputFiles puts it last
    const changes =
      project.some((p) => !p.elsewhere && p.contents !== disk.files[p.role]) || answersFile.contents !== (previous.kind === 'ours' ? previous.text : undefined);
    notes.push(...generateNotes(answers, disk, previous, outputs, changes && !check, paths.main && displayPath(paths.out, paths.main)));
  }
  for (const { display, outcome, role, current, rendered: text } of merged) {
    for (const note of outcome.notes) notes.push({ text: note });
    for (const issue of outcome.issues) notes.push({ text: describeIssue(display, issue, check, hintsOf(role, issue, current, text, answers.runnerName)) });
    for (const moved of outcome.moved) notes.push({ text: moved, stdout: true });
  }
  const issues = merged.flatMap(({ display, outcome }) => outcome.issues.filter((i) => !i.forced).map((issue) => ({ display, issue })));
  refuseUnknownAccepts(settings.accept, issues);
  if (paths.main) {
    const ours = rendered.find((r) => r.role === 'ci')!.contents;
    const moved = await mainWithoutOldJobs(paths, answers, disk, previous, notes, ours);
    includeFromMain(paths, answers, moved.disk, outputs, notes, ours, moved.removed);
  }
  const blocked = await checkWhatIsWritten(answers, paths, disk, outputs, rendered, issues);
  return { plan, outputs, notes, issues, ...(blocked ? { blocked } : {}) };
}

/** `--accept NAME` that names no part differing from the render: exit 2, with the ones that do. */
function refuseUnknownAccepts(accept: PlanSettings['accept'], issues: FileIssue[]): void {
  for (const name of accept?.parts ?? []) {
    const hit = issues.some(({ display, issue }) => issue.accepted && accepts({ all: false, parts: [name] }, display)!(issue.path));
    if (hit) continue;
    const open = issues.filter((i) => !i.issue.accepted).map((i) => i.issue.path);
    const expected =
      open.length > 0 ? `one of the parts that differ from the render: ${[...new Set(open)].join(', ')}` : 'a part that differs from the render (none does)';
    throw new UsageError(`--accept: ${JSON.stringify(name)} is not a managed part that differs from what ${ANSWERS_FILE} renders; expected ${expected}`);
  }
}

/**
 * --ci-file (or ci-file: set in the answers file, then generate) moved the jobs out of .gitlab-ci.yml, which
 * the record says the last run wrote them into: GitLab would merge the old copies there over the new file's
 * jobs (the including file wins), so every later update would be silently undone. The parts the record says
 * are ours and unchanged go; what the user added or edited stays, and is named. Moving from one --ci-file to
 * another is only said: the old include is the user's line now, in their file.
 */
async function mainWithoutOldJobs(
  paths: ProjectPaths,
  answers: Answers,
  disk: OnDisk,
  previous: PreviousRun,
  notes: Note[],
  ours: string,
): Promise<{ disk: OnDisk; removed: boolean }> {
  const unchanged = { disk, removed: false };
  if (previous.kind !== 'ours' || disk.main === undefined) return unchanged;
  const main = displayPath(paths.out, paths.main!);
  const record = previous.file.files[main];
  if (record === undefined) {
    // The last run's jobs file (named by init's old answers, or still recorded when generate runs), if the
    // user's file includes it.
    const ci = displayPath(paths.out, paths.byRole.ci);
    const included = includedBy(disk.main);
    const earlier = [previous.file.answers.ciFile, ...Object.keys(previous.file.files)].find((f) => f !== ci && f !== main && included.has(f));
    if (earlier !== undefined)
      notes.push({
        text: `warning: ${main} still includes ${earlier}, where the last run wrote the jobs: remove that include (and the file, if nothing else uses it), or GitLab merges its jobs with those of ${answers.ciFile}`,
      });
    return unchanged;
  }
  const { mergeFile } = await loadMerge();
  const current = disk.main;
  // Against an empty render: what the record says is ours and unchanged goes (an old record without parts
  // counts when the whole file is as it wrote it), the rest stays.
  const outcome = mergeFile('ci', { display: main, current, rendered: '', record, force: false, runnerName: answers.runnerName });
  const [had, left, next] = [pipelineParts(current), pipelineParts(outcome.contents), pipelineParts(ours)];
  const removed = Object.keys(had).filter((part) => !(part in left));
  const moved = removed.filter((part) => part in next);
  const dropped = removed.filter((part) => !(part in next));
  // Unchanged but kept for an alias (the merge would record it as ours, but this file is no longer recorded).
  const aliased = outcome.aliased ?? {};
  const edited = Object.keys(record.parts ?? {}).filter((part) => part in left && !(part in aliased));
  const one = (parts: string[]) => parts.length === 1;
  if (moved.length > 0)
    notes.push({
      text: `${main}: ${moved.join(', ')} ${one(moved) ? 'leaves' : 'leave'} it, unchanged since the last run: ${one(moved) ? 'it is' : 'they are'} in ${answers.ciFile} now`,
    });
  if (dropped.length > 0)
    notes.push({
      text: `${main}: ${dropped.join(', ')} ${one(dropped) ? 'leaves' : 'leave'} it, unchanged since the last run: these answers no longer write ${one(dropped) ? 'it' : 'them'}`,
    });
  if (removed.length > 0) notes.push({ text: `${main}: a .bak copy keeps it as it was (comments of yours in those parts go with them)` });
  for (const [part, users] of Object.entries(aliased)) {
    notes.push({
      text: `warning: ${main} ${part}: kept, as ${users.join(', ')} ${users.length === 1 ? 'uses' : 'use'} its anchor through an alias; it is yours from now on: take what ${users.length === 1 ? 'that job needs' : 'those jobs need'} into ${users.length === 1 ? 'it' : 'them'} (or use extends: ${part}, which finds it in ${answers.ciFile}), then delete it here`,
    });
  }
  for (const part of edited) {
    notes.push({
      text:
        part in next
          ? `warning: ${main} ${part}: kept, as you edited it; GitLab merges it over ${part} in ${answers.ciFile}, hiding later updates there: move your change into ${answers.ciFile} (generate keeps it there), or delete it here`
          : `warning: ${main} ${part}: kept, as you edited it; these answers no longer write it (delete it if nothing needs it)`,
    });
  }
  if (removed.length === 0) return unchanged;
  // Our header went with our parts: no blank lines left above what is the user's now, and no `{}` where
  // nothing is left (the include goes there).
  const text = outcome.contents.replace(/^\n+/, '');
  return { disk: { ...disk, main: Object.keys(left).length === 0 ? text.replace(/^\{\}\s*$/m, '') : text }, removed: true };
}

/**
 * A job of ours that the user's .gitlab-ci.yml defines too: GitLab merges the including file's keys over the
 * included job's, so updates to those keys never reach the pipeline. Said on every run (a deliberate override
 * is a GitLab pattern; a stale copy left by an older move is not), naming the keys.
 */
function overrides(main: string, text: string | undefined, ours: Record<string, unknown>, ciFile: string): Note[] {
  let theirs: Record<string, unknown>;
  try {
    theirs = (YAML.parse(text ?? '') ?? {}) as Record<string, unknown>;
  } catch {
    return [];
  }
  const keysOf = (v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : []);
  return Object.keys(ours)
    .filter((part) => part !== 'include' && Object.hasOwn(theirs, part))
    .map((part) => {
      const keys = keysOf(theirs[part]).filter((k) => keysOf(ours[part]).includes(k));
      return {
        text: `note: ${main} ${part} is merged over ${part} in ${ciFile}${keys.length > 0 ? `: its ${keys.join(', ')} win, and updates to ${keys.length === 1 ? 'that key' : 'those keys'} there do not reach the pipeline` : ''}`,
      };
    });
}

/** The local files a pipeline's text includes; none from a text that does not parse (adding the include says why). */
function includedBy(text: string | undefined): Set<string> {
  try {
    return new Set(text === undefined ? [] : localIncludes(text));
  } catch {
    return new Set();
  }
}

/**
 * --ci-file: the user's .gitlab-ci.yml includes our file, and that include is the only change made to it.
 * A stages: list there that lacks our jobs' stages is said, with the list that fixes it.
 */
function includeFromMain(paths: ProjectPaths, answers: Answers, disk: OnDisk, outputs: OutputFile[], notes: Note[], ours: string, moved: boolean): void {
  const main = displayPath(paths.out, paths.main!);
  const result = addLocalInclude(disk.main ?? '', answers.ciFile);
  if (result.kind === 'refused') {
    throw new ProblemError(
      `${main}: cannot add the include of ${answers.ciFile}: ${result.reason}; add \`${includeLine(answers.ciFile)}\` to it yourself, then run again; nothing written`,
    );
  }
  if (result.kind === 'added' || moved) {
    // Before the answers file, which stays last.
    outputs.splice(outputs.length - 1, 0, {
      path: paths.main!,
      display: main,
      contents: result.text,
      mode: 0o644,
      owned: () => true,
      keepBackup: moved,
      within: { root: paths.out },
    });
    if (disk.main !== undefined && result.kind === 'added')
      notes.push({ text: `${main}: added include of ${answers.ciFile}${moved ? '' : ' (the only change to it)'}` });
  }
  const data = (YAML.parse(ours) ?? {}) as Record<string, unknown>;
  if (!moved) notes.push(...overrides(main, disk.main, data, answers.ciFile));
  const stages = Object.fromEntries(jobNames(data).map((job) => [job, String((data[job] as { stage?: unknown }).stage ?? 'test')]));
  const missing = missingStages(disk.main ?? '', stages);
  if (missing) {
    notes.push({
      text: `warning: ${main}: stages: lacks ${missing.missing.join(', ')}, used by ${missing.jobs.join(', ')} in ${answers.ciFile}; GitLab rejects the pipeline until you add them: stages: [${missing.fixed.join(', ')}]`,
    });
  }
}

/**
 * SPEC: what is written is checked as a pair after merging. A finding the render alone does not have (a
 * kept edit beside a new render, a global key of the user's) blocks the run: nothing is written.
 */
async function checkWhatIsWritten(
  answers: Answers,
  paths: ProjectPaths,
  disk: OnDisk,
  outputs: OutputFile[],
  rendered: { role: FileRole; contents: string }[],
  issues: FileIssue[],
): Promise<string | undefined> {
  const { checkPair, daemonJobs } = await import('./pair-check');
  const written = (file: string | undefined) => (file === undefined ? undefined : outputs.find((o) => o.path === file)?.contents);
  const ciName = displayPath(paths.out, paths.byRole.ci);
  const ours = written(paths.byRole.ci) ?? disk.files.ci ?? rendered.find((r) => r.role === 'ci')!.contents;
  const runnerText = written(paths.byRole.runner) ?? disk.files.runner;
  const runnerName = displayPath(paths.out, paths.byRole.runner);
  const data = (YAML.parse(rendered.find((r) => r.role === 'ci')!.contents) ?? {}) as Record<string, unknown>;
  const base = { mode: answers.mode, tls: answers.tls, runnerName: answers.runnerName, jobs: daemonJobs(answers.mode, data), parts: Object.keys(data) };
  const pipeline = (text: string) =>
    paths.main
      ? { ci: { name: displayPath(paths.out, paths.main), text: written(paths.main) ?? disk.main ?? '' }, included: [{ name: ciName, text }] }
      : { ci: { name: ciName, text }, included: [] };
  const renderedRunner = rendered.find((r) => r.role === 'runner')!.contents;
  const asRendered = new Set(
    checkPair({ ...base, ...pipeline(rendered.find((r) => r.role === 'ci')!.contents), runner: { name: runnerName, text: renderedRunner } }).map(
      (f) => `${f.rule} ${f.message}`,
    ),
  );
  let found;
  try {
    found = checkPair({ ...base, ...pipeline(ours), runner: runnerText === undefined ? undefined : { name: runnerName, text: runnerText } });
  } catch {
    return undefined; // a file that does not parse was refused by the merge already
  }
  const blocking = found.filter((f) => !asRendered.has(`${f.rule} ${f.message}`));
  if (blocking.length === 0) return undefined;
  const lines = blocking.map(
    (f) => `  ${f.file}${f.line ? `:${f.line}` : ''}${f.part ? ` ${f.part}` : ''}: ${f.rule === 'mode-rules' ? '' : `${f.rule}: `}${f.message}`,
  );
  const kept = issues.filter((i) => !i.issue.forced);
  const ways = kept.map(({ display, issue }) =>
    issue.kind === 'conflict' && !issue.accepted
      ? `  your version of ${display} ${issue.path} was kept (you and the new render both changed it): \`gitlab-dind generate --force\` takes the new one (yours stays in the .bak), or edit it to fit ${answers.mode}`
      : `  your version of ${display} ${issue.path} differs from the render${issue.accepted ? ' (accepted)' : ''}: undo the edit, or change it to fit ${answers.mode}`,
  );
  if (ways.length === 0) ways.push(`  the part named is yours, not one this tool manages: change it to fit ${answers.mode}`);
  return `gitlab-dind: the files as they would be written do not work together (--mode ${answers.mode}); nothing written:\n${lines.join('\n')}\n${ways.join('\n')}\n`;
}

/** What generate says of files it leaves alone, and of a runner name kept from another mode. */
function generateNotes(answers: Answers, disk: OnDisk, previous: PreviousRun, outputs: OutputFile[], changesFiles: boolean, main: string | undefined): Note[] {
  const notes: Note[] = [];
  // A file the tool wrote before that this render has no part for (values.yaml after leaving kubernetes
  // mode): it may still be in use elsewhere, so it is left in place and only said, and no longer recorded.
  const written = new Set(outputs.map((o) => o.display));
  const included = includedBy(disk.main);
  for (const display of Object.keys(previous.kind === 'ours' ? previous.file.files : {})) {
    // The user's .gitlab-ci.yml once held our jobs: mainWithoutOldJobs says what became of it.
    // A jobs file the user's .gitlab-ci.yml still includes is warned of with the move.
    if (!written.has(display) && disk.present.has(display) && display !== main && !included.has(display)) {
      // Moved (runner-config: now names another path) or dropped (a file of the old mode's): said as such.
      const movedTo = [...written].find((w) => path.basename(w) === path.basename(display));
      const why =
        movedTo === undefined
          ? `no longer written with these answers (--mode ${answers.mode}, runner-config ${answers.runnerConfig})`
          : `no longer written; the answers now write ${movedTo}`;
      notes.push({ text: `${display}: ${why}; left as it is (delete it if nothing uses it)` });
    }
  }
  // Said when this run changes files (the change of mode), not on every generate after it.
  if (runnerNameFromOtherMode(answers) && changesFiles) {
    notes.push({
      text: `runner-name ${JSON.stringify(answers.runnerName)} is an earlier mode's default; kept, so config.toml keeps that runner and its token (set runner-name: in ${ANSWERS_FILE} to rename it)`,
    });
  }
  return notes;
}
