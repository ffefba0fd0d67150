/**
 * The wizard's questions about what is built, asked after looking at the repository: the Dockerfiles it
 * has (offered), the context (the chosen file's folder by default), the stages of a multi-stage file (offered
 * as targets), the build args it declares, and the image test. Enter all the way is still --yes with a root
 * Dockerfile or none at all; with only one elsewhere, that one is preselected (--yes would take ./Dockerfile,
 * and warn that it is missing).
 */
import path from 'node:path';
import { Answers, RawAnswers, resolveAnswers } from '../core/answers';
import { dockerfileFacts, findDockerfiles, SEARCH_DEPTH } from '../io/find-dockerfiles';
import { Choice } from './prompt';

/** What the wizard's Questions offer these questions (wizard.ts). */
export interface BuildQuestions {
  readonly raw: RawAnswers;
  open(field: keyof Answers): boolean;
  take<F extends keyof Answers>(field: F, value: RawAnswers[F]): void;
  select<T>(message: string, choices: Choice<T>[], current?: T): Promise<T>;
  text(field: 'dockerfile' | 'context' | 'buildArgs' | 'testCommand', message: string, whenEmpty?: (value: string) => string | undefined): Promise<void>;
}

const ANOTHER = '\u0000another';

async function askDockerfile(q: BuildQuestions, root: string, shownRoot: string, say: (line: string) => void): Promise<void> {
  const found = findDockerfiles(root);
  if (found.length === 0) {
    say(`No Dockerfile found in ${shownRoot} (looked ${SEARCH_DEPTH} folders down, past hidden folders, node_modules and vendor).`);
    await q.text('dockerfile', 'Dockerfile to build, from the repository root (add it before the first push)');
    return;
  }
  const current = typeof q.raw.dockerfile === 'string' && q.raw.dockerfile !== '' ? q.raw.dockerfile : undefined;
  const paths = current && !found.includes(current) ? [current, ...found] : found;
  const choices: Choice<string>[] = [...paths.map((p) => ({ value: p, name: p, short: p })), { value: ANOTHER, name: 'another path', short: 'another path' }];
  const chosen = await q.select(`Dockerfile to build (found ${found.length} in ${shownRoot})`, choices, current ?? paths[0]);
  if (chosen === ANOTHER) await q.text('dockerfile', 'Dockerfile path, from the repository root');
  else q.take('dockerfile', chosen);
}

async function askContext(q: BuildQuestions, dockerfileBefore: unknown): Promise<void> {
  const { dockerfile, context } = resolveAnswers(q.raw);
  const folder = path.posix.dirname(dockerfile);
  // A new Dockerfile brings its own folder as the context; the same one keeps an earlier run's context.
  if (q.raw.context === undefined || dockerfile !== dockerfileBefore) q.take('context', folder);
  // A Dockerfile at the root builds the root: nothing to ask unless an earlier run chose otherwise.
  if (folder !== '.' || (dockerfile === dockerfileBefore && context !== '.')) await q.text('context', 'Build context folder, from the repository root');
}

async function askStageAndArgs(q: BuildQuestions, root: string): Promise<void> {
  const { dockerfile, target } = resolveAnswers(q.raw);
  const facts = dockerfileFacts(root, dockerfile);
  if (!facts) return;
  if (q.open('target') && facts.stageCount > 1 && facts.stages.length > 0) {
    const stages = target && !facts.stages.includes(target) ? [target, ...facts.stages] : facts.stages;
    const chosen = await q.select(
      'Stage to build (--target)',
      [{ value: '', name: 'the last stage (no --target)', short: 'the last stage' }, ...stages.map((s) => ({ value: s, name: s, short: s }))],
      target,
    );
    q.take('target', chosen);
  }
  if (q.open('buildArgs') && facts.args.length > 0) {
    await q.text('buildArgs', `Build args, from CI/CD variables of the same name (declared: ${facts.args.join(', ')})`);
  }
}

type TestChoice = 'smoke' | 'command' | 'none' | 'smoke-in-build' | 'command-in-build';

async function askTest(q: BuildQuestions): Promise<void> {
  const answers = resolveAnswers(q.raw);
  // With Testcontainers the command is that job's, asked for with its flags; docker-test keeps the smoke check.
  if (!q.open('test') || !q.open('testCommand') || answers.testcontainers) return;
  const builder = answers.mode === 'buildah' || answers.mode === 'buildkit';
  const kind: TestChoice = !answers.test ? 'none' : answers.testCommand ? 'command' : builder ? 'none' : 'smoke';
  const current = answers.testInBuild && kind !== 'none' ? (`${kind}-in-build` as TestChoice) : kind;
  // Docker modes: the test may run in docker-build instead (--test-in-build), listed last so the first choices keep their places.
  const inBuild: Choice<TestChoice>[] = q.open('testInBuild')
    ? [
        {
          value: 'smoke-in-build',
          name: 'smoke check, in docker-build',
          short: 'smoke check in build',
          description: 'no docker-test job: no second daemon to start; only a tested image gets its commit tag',
        },
        {
          value: 'command-in-build',
          name: 'a command, in docker-build',
          short: 'a command in build',
          description: 'no docker-test job: no second daemon to start; only a tested image gets its commit tag',
        },
      ]
    : [];
  const choices: Choice<TestChoice>[] = builder
    ? [
        {
          value: 'none',
          name: 'no test job',
          short: 'none',
          description: 'no daemon here to run the image with: test it in a job of your own, or give a command',
        },
        { value: 'command', name: 'a command, in a job whose image is the built image', short: 'a command', description: 'the built image needs a shell' },
      ]
    : [
        {
          value: 'smoke',
          name: 'smoke check',
          short: 'smoke check',
          description: "runs the image's default command: passes when it still runs after 5 s (a server) or exited 0; always ends",
        },
        {
          value: 'command',
          name: 'a command run in the image',
          short: 'a command',
          description: 'docker run --rm IMAGE CMD, such as curl -fsS localhost:8080/health',
        },
        { value: 'none', name: 'no test job', short: 'none' },
        ...inBuild,
      ];
  const picked = await q.select('Test of the built image (docker-test job)', choices, current);
  if (!builder && q.open('testInBuild')) {
    // Off first when there is no test: --no-test beside it would be refused.
    if (picked.endsWith('-in-build')) q.take('test', true);
    q.take('testInBuild', picked.endsWith('-in-build'));
  }
  const chosen = picked.replace(/-in-build$/, '') as TestChoice;
  if (chosen === 'command') {
    q.take('test', true);
    await q.text('testCommand', 'Command run in the built image, with its arguments', () => 'a command, such as curl -fsS localhost:8080/health');
    return;
  }
  q.take('testCommand', ''); // first: --no-test beside an earlier command would be refused
  // In the builder modes no command already means no job: the answer stays as --yes has it.
  if (chosen === 'smoke' || !builder) q.take('test', chosen !== 'none');
}

/**
 * The Dockerfile and the build context: all a component lets the repository choose of the build (its
 * inputs); the stage, build args and test are its own. `root`: the repository the pipeline is for (the
 * output folder given, else the current one).
 */
export async function askBuildSource(q: BuildQuestions, root: string, shownRoot: string, say: (line: string) => void): Promise<void> {
  const before = q.raw.dockerfile;
  if (q.open('dockerfile')) await askDockerfile(q, root, shownRoot, say);
  if (q.open('context')) await askContext(q, before);
}

/** The jobs copied into the pipeline: the Dockerfile and context, then the stage, build args and test. */
export async function askBuild(q: BuildQuestions, root: string, shownRoot: string, say: (line: string) => void): Promise<void> {
  await askBuildSource(q, root, shownRoot, say);
  await askStageAndArgs(q, root);
  await askTest(q);
}
