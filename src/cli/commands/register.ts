/**
 * `gitlab-dind register`: .gitlab-dind.yml (GitLab URL, runner name, tags) and --group/--project → the
 * runner created through GitLab's REST API → its token written into the runner's config.toml (0600).
 * Everything that can fail without GitLab is checked before the first request, so a refusal creates no
 * runner; the token is held in memory only until it is written, and never printed.
 */
import path from 'node:path';
import { ExitCode, ProblemError, UsageError } from '../../core/errors';
import { ANSWERS_FILE } from '../../core/answers-file';
import {
  apiBase,
  ApiRequest,
  createRunnerRequest,
  CreatedRunner,
  describeRequest,
  describeScope,
  lookupRequest,
  readCreated,
  readLookup,
  RunnerScope,
  RunnerSettings,
  scopeFrom,
} from '../../core/gitlab-api';
import { tokenTarget, withRunnerToken } from '../../core/runner-token';
import { MAX_ANSWER_BYTES, NoAnswerError, sendToGitlab } from '../../io/gitlab-http';
import { shellWord } from '../../core/render/quote';
import { toolVersion } from '../../io/package-info';
import { displayPath, projectPaths } from '../../core/project-paths';
import { readAnswersFile, readIfExists } from '../../io/project';
import { confine, planWrites, throughNote, writeAll } from '../../io/write-files';
import { single } from '../single-flag';
import { CliIo } from '../io';
import { reportInterrupted } from '../write-report';
import { RunLocks } from '../locks';
import { DEFAULT_OUT, resolveOutFolder } from '../out-folder';
import type { RegisterArgs } from './register-flags';

const DEFAULT_TIMEOUT_S = 30;

function timeoutOf(args: RegisterArgs): number {
  const value = single('timeout', args.timeout);
  if (value === undefined) return DEFAULT_TIMEOUT_S * 1000;
  const text = String(value);
  if (!/^\d{1,3}$/.test(text) || Number(text) < 1 || Number(text) > 600)
    throw new UsageError(`--timeout: ${JSON.stringify(text)} is not valid; expected whole seconds from 1 to 600`);
  return Number(text) * 1000;
}

/** The access token: from the environment only; what is wrong with it is said without a character of it. */
function accessToken(value: string | undefined): string {
  const expected = 'expected a personal access token with the create_runner scope (see docs/register.md)';
  if (value === undefined || value === '') throw new UsageError(`GITLAB_TOKEN: not set; ${expected}`);
  if (!/^[\x21-\x7e]{1,1024}$/.test(value))
    throw new UsageError(`GITLAB_TOKEN: not valid (${value.length} characters, with spaces, line breaks or non-ASCII characters); ${expected}`);
  return value;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** http:// sends the token in clear text: only to this machine unless --allow-http says so. */
function checkTransport(gitlabUrl: string, allowHttp: boolean): void {
  const url = new URL(gitlabUrl);
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname) && !allowHttp) {
    throw new UsageError(
      `${ANSWERS_FILE} gitlab-url: ${JSON.stringify(gitlabUrl)} is http://, so GITLAB_TOKEN would cross the network unencrypted; expected https://, or --allow-http to send it anyway`,
    );
  }
}

export async function registerCommand(args: RegisterArgs, io: CliIo, gitlabToken: string | undefined): Promise<number> {
  const out = resolveOutFolder(single('out', args.out) ?? DEFAULT_OUT, io.cwd);
  const scope = scopeFrom(single('group', args.group), single('project', args.project), args.instance);
  const timeoutMs = timeoutOf(args);
  const dryRun = Boolean(args['dry-run']);
  const token = dryRun ? undefined : accessToken(gitlabToken);
  const { file, notes } = readAnswersFile(out, toolVersion());
  for (const note of notes) io.stderr(`${note}\n`);
  const answers = file.answers;
  checkTransport(answers.gitlabUrl, Boolean(args['allow-http']));

  const given = single('runner-config', args['runner-config']);
  if (given !== undefined && (typeof given !== 'string' || path.resolve(io.cwd, given) !== path.resolve(out, answers.runnerConfig))) {
    throw new UsageError(
      `--runner-config: ${JSON.stringify(given)} is not the runner-config of ${ANSWERS_FILE} (${JSON.stringify(answers.runnerConfig)}); expected the same path, to allow it outside the project folder`,
    );
  }
  const paths = projectPaths(out, answers, given === undefined ? 'answers file' : 'command line');
  const runnerPath = paths.byRole.runner;
  const display = displayPath(out, runnerPath);
  confine({ path: runnerPath, display, within: paths.within.runner }, 'read or written');

  const locks = new RunLocks(io);
  try {
    if (!dryRun) {
      await locks.project(out);
      await locks.runner(out, runnerPath);
    }
    // Before GitLab is asked anything: the file the token goes into is there and has the runner.
    const before = readIfExists(runnerPath);
    if (before === undefined) {
      throw new ProblemError(
        `${display}: not found; expected the runner config gitlab-dind writes (run \`gitlab-dind generate\`, or run register on the runner host where it is); no runner created`,
      );
    }
    const { hasToken } = tokenTarget(before, answers.runnerName, display);
    if (hasToken && !args.force) {
      throw new ProblemError(
        `${display}: the runner ${JSON.stringify(answers.runnerName)} has a token already (created before); no runner created. Add --force to create a new one and replace the token (then delete the old runner in GitLab)`,
      );
    }
    const base = apiBase(answers.gitlabUrl);
    const settings = { description: answers.runnerName, tags: answers.tags };
    const lookup = lookupRequest(base, scope);
    if (dryRun) return showDryRun(lookup, scope, base, settings, display, answers.runnerName, io);

    const send = (request: ApiRequest) => sendToGitlab(request, token!, { timeoutMs, maxBytes: MAX_ANSWER_BYTES });
    const id = lookup ? readLookup(await send(lookup), scope) : undefined;
    let created: CreatedRunner;
    try {
      created = readCreated(await send(createRunnerRequest(base, scope, settings, id)), scope);
    } catch (err) {
      // No answer: GitLab may have created the runner all the same.
      if (err instanceof NoAnswerError && err.mayHaveArrived) {
        throw new ProblemError(
          `${err.message}; a runner may have been created all the same: look for ${JSON.stringify(answers.runnerName)} in GitLab's runner list and delete it before running again`,
        );
      }
      throw err;
    }
    return await writeToken(
      created,
      {
        runnerPath,
        display,
        within: paths.within.runner,
        runnerName: answers.runnerName,
        tags: answers.tags,
        replacing: hasToken,
        helm: answers.mode === 'kubernetes',
      },
      locks,
      io,
      scope,
    );
  } finally {
    locks.release();
  }
}

function showDryRun(
  lookup: ApiRequest | undefined,
  scope: RunnerScope,
  base: string,
  settings: RunnerSettings,
  display: string,
  runnerName: string,
  io: CliIo,
): number {
  if (lookup) io.stdout(`${describeRequest(lookup)}\n`);
  // With a path, the id is the lookup's answer.
  const placeholder = lookup && scope.kind !== 'instance' ? { [`${scope.kind}_id`]: `(the id GET ${scope.kind}s/… answers)` } : {};
  io.stdout(describeRequest(createRunnerRequest(base, scope, settings, lookup ? 0 : undefined), placeholder));
  io.stdout(
    `\nthen: the runner token GitLab answers goes into ${display}, runner ${JSON.stringify(runnerName)}, token = "..." (mode 0600); nothing sent, nothing written (--dry-run)\n`,
  );
  return ExitCode.Ok;
}

interface TokenFile {
  runnerPath: string;
  display: string;
  within: Parameters<typeof confine>[0]['within'];
  runnerName: string;
  tags: string[];
  replacing: boolean;
  /** Kubernetes mode: the Helm chart reads the token from a secret, not from config.toml. */
  helm: boolean;
}

/** Writes the token through the one write path (atomic, 0600, no symlink out of the project); a failure says which runner to delete. */
async function writeToken(created: CreatedRunner, target: TokenFile, locks: RunLocks, io: CliIo, scope: RunnerScope): Promise<number> {
  const orphan = `runner #${created.id} was created in GitLab, but its token is not written`;
  let result;
  let planned;
  try {
    const current = readIfExists(target.runnerPath);
    if (current === undefined) throw new ProblemError(`${target.display}: gone since it was read`);
    const { contents, rewritten } = withRunnerToken(current, target.runnerName, created.token, target.display);
    if (rewritten) io.stderr(`${target.display}: its comments are not kept (the TOML parser drops them); the file as it was is kept as a .bak\n`);
    planned = planWrites(
      [
        {
          path: target.runnerPath,
          display: target.display,
          contents,
          mode: 0o600,
          owned: () => true,
          keepBackup: target.replacing || rewritten,
          within: target.within,
        },
      ],
      false,
    );
    locks.verify();
    result = await writeAll(planned);
  } catch (err) {
    if (err instanceof ProblemError || err instanceof UsageError) {
      throw new ProblemError(`${err.message}; ${orphan}: delete runner #${created.id} in GitLab (Settings > CI/CD > Runners) and run again`);
    }
    throw err;
  }
  const tags = target.tags.length > 0 ? `tags ${target.tags.join(', ')}` : 'no tags: runs untagged jobs';
  io.stdout(`created runner #${created.id} in GitLab (${describeScope(scope)}; description ${JSON.stringify(target.runnerName)}; ${tags})\n`);
  for (const p of planned)
    io.stdout(
      `${p.action === 'unchanged' ? 'unchanged' : 'updated'} ${p.file.display}${throughNote(p)}: the token of runner ${JSON.stringify(target.runnerName)} (mode 0600)\n`,
    );
  for (const bak of result.backups) io.stdout(`kept the previous file as ${displayPath(io.cwd, bak)} (mode 0600)\n`);
  if (result.interrupted) return reportInterrupted(result.interrupted, io);
  if (target.helm)
    io.stdout(
      `\nFor the Helm chart (values.yaml), the token goes into its secret instead: copy it from ${target.display} into gitlab-runner-token (docs/register.md).\n`,
    );
  io.stdout(
    `\nNext: run the runner with this config (gitlab-runner run --config ${shellWord(displayPath(io.cwd, target.runnerPath))}), or copy it to the runner host's config.toml; the runner reads the token from the file.\n`,
  );
  return ExitCode.Ok;
}
