/**
 * `gitlab-dind component`: flags → answers for each mode → one CI/CD component per mode, rendered from
 * init's plan and templates with inputs (core/component) → the component project, written all at once.
 */
import path from 'node:path';
import { Answers, RawAnswers, resolveAnswers } from '../../core/answers';
import { runnerConfigPath, componentProject } from '../../core/component/project';
import { ExitCode, FieldError } from '../../core/errors';
import { MODE_IDS, Mode } from '../../core/modes';
import { loadRenderer } from '../../io/templates';
import { planWrites } from '../../io/write-files';
import { OutputFile } from '../../core/project-plan';
import { single } from '../single-flag';
import { rawAnswersFromFlags } from './init';
import { CliIo } from '../io';
import { RunLocks } from '../locks';
import { DEFAULT_OUT, resolveOutFolder } from '../out-folder';
import { writeAndReport } from '../write-report';

export interface ComponentArgs extends Record<string, unknown> {
  yes?: boolean;
  force?: boolean;
  'dry-run'?: boolean;
  out?: string;
  mode?: string;
}

/** `--mode dind,socket`: each a known mode, once. */
export function parseModes(value: unknown): Mode[] {
  const given = single('mode', value);
  if (given === undefined) return ['dind'];
  if (typeof given !== 'string') throw new FieldError('mode', `${JSON.stringify(given)} is not valid; expected modes separated by commas`);
  const modes = given.split(',').map((m) => m.trim());
  for (const m of modes) {
    if (!(MODE_IDS as readonly string[]).includes(m))
      throw new FieldError('mode', `${JSON.stringify(m)} is not valid; expected modes separated by commas, each one of ${MODE_IDS.join(', ')}`);
  }
  const dup = modes.find((m, i) => modes.indexOf(m) !== i);
  if (dup) throw new FieldError('mode', `${JSON.stringify(dup)} given twice; expected each mode once`);
  return modes as Mode[];
}

/** The answers of each mode: the flags, each mode's own runner config path. */
export function answersByMode(modes: Mode[], raw: RawAnswers): Answers[] {
  return modes.map((mode) => resolveAnswers({ ...raw, mode, runnerConfig: runnerConfigPath(mode, modes.length > 1) }));
}

export async function componentCommand(args: ComponentArgs, io: CliIo): Promise<number> {
  const modes = parseModes(args.mode);
  const { mode: _mode, ...raw } = rawAnswersFromFlags({ ...args, mode: undefined });
  const answers = answersByMode(modes, raw); // bad flags fail here, before anything is read or written
  // No questions: what no flag gives takes its default, as with init --yes (accepted here too).
  const out = resolveOutFolder(single('out', args.out) ?? DEFAULT_OUT, io.cwd);
  const templates = answers[0].templates;
  const renderer = await loadRenderer(templates ? path.resolve(out, templates) : undefined);
  const project = componentProject(answers, renderer);
  const outputs: OutputFile[] = project.files.map((f) => ({
    path: path.join(out, f.path),
    display: f.path,
    contents: f.contents,
    mode: f.mode,
    // No record is kept of a component project: any file that differs is replaced only with --force (.bak kept).
    owned: () => false,
    within: { root: out },
  }));
  if (args['dry-run']) {
    for (const file of outputs) io.stdout(`# ==> ${file.display} <==\n${file.contents}\n`);
    return 0;
  }
  const locks = new RunLocks(io);
  try {
    await locks.project(out);
    const written = await writeAndReport(out, planWrites(outputs, Boolean(args.force)), locks, io);
    if (written !== ExitCode.Ok) return written;
  } finally {
    locks.release();
  }
  io.stdout('\nNext steps:\n');
  io.stdout('  1. Push this folder to a GitLab project with a description, and turn on Settings > General > Visibility > CI/CD Catalog project.\n');
  io.stdout(
    `  2. Register the runners the components run on (${modes.length > 1 ? 'gitlab-runner/register-MODE.sh' : 'gitlab-runner/register.sh'}); the project's pipeline tests each component on them.\n`,
  );
  io.stdout('  3. Tag a semantic version (git tag 1.0.0 && git push --tags): the pipeline tests, then publishes the release.\n');
  io.stdout(
    `  4. In each repository: ${modes.map((m) => `include: - component: $CI_SERVER_FQDN/GROUP/PROJECT/${m}@1.0.0`).join('; or ')} (see README.md for the inputs).\n`,
  );
  return ExitCode.Ok;
}
