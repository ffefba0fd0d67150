/**
 * The wizard's choice between copying the jobs into the pipeline (the default) and including a shared CI/CD
 * component (`init --component`): the reference is asked and judged as the flag is, and the answer lands in
 * the same `component` answer, so the rest of init is the flag's. With a component, the questions about what
 * the component fixes (mirror, push registry, stage, build args, the kind of test) are not asked; its inputs
 * (image, version, tags, Dockerfile, context, test command) are.
 */
import { Answers, RawAnswers } from '../core/answers';
import { checkComponentRef } from '../core/validators';
import { Choice } from './prompt';

/** What the wizard's Questions offer these questions (wizard.ts). */
export interface ComponentQuestions {
  readonly raw: RawAnswers;
  open(field: keyof Answers): boolean;
  take<F extends keyof Answers>(field: F, value: RawAnswers[F]): void;
  select<T>(message: string, choices: Choice<T>[], current?: T): Promise<T>;
  text(field: 'component' | 'image' | 'testCommand', message: string, whenEmpty?: (value: string) => string | undefined): Promise<void>;
  note(line: string): void;
}

/** Whether the pipeline includes a component (chosen, given as --component, or an earlier run's). */
export function includesComponent(raw: RawAnswers): boolean {
  return typeof raw.component === 'string' && raw.component !== '';
}

/**
 * Asked once the mode is known. `possible`: the flags given leave room for a component (--target, say,
 * is the component's to fix, and would only be refused).
 */
export async function askComponent(q: ComponentQuestions, possible: boolean): Promise<void> {
  if (!q.open('component') || !possible) return;
  const include = await q.select(
    'Jobs in this repository, or a shared CI/CD component?',
    [
      { value: false, name: 'copy the jobs into the pipeline (this repository holds them)', short: 'copy the jobs' },
      {
        value: true,
        name: 'include a shared CI/CD component, the answers as its inputs',
        short: 'include a component',
        description: 'made by gitlab-dind component: it fixes the jobs; this repository passes their inputs',
      },
    ],
    includesComponent(q.raw),
  );
  if (!include) {
    q.take('component', ''); // an earlier run's component goes
    return;
  }
  const testcontainers = q.raw.testcontainers === true;
  // An empty answer is no component at all to the flag: here it is a reference missing, said as the flag says a bad one.
  await q.text('component', "Component to include, group/project/name@VERSION (this mode's, as gitlab-dind component made it)", checkComponentRef);
  // An earlier --testcontainers went (a component fixes its jobs): its command, the Testcontainers job's, goes with it.
  if (testcontainers && q.raw.testcontainers === undefined && q.open('testCommand') && q.raw.testCommand) {
    q.note(`  (dropped the earlier --test-command ${JSON.stringify(q.raw.testCommand)}: it was the Testcontainers job's)`);
    q.take('testCommand', '');
  }
}

/** With a component, the image is its `image` input: asked as a name, not as where it goes (the component fixes that). */
export async function askComponentImage(q: ComponentQuestions): Promise<void> {
  if (q.open('image') && q.open('registry')) await q.text('image', "Image to build, without tag (the component's image input)");
}

/**
 * With a component, whether and how the image is tested is the component's; a command is its `test_command`
 * input, which a component made with --test-command takes (none: the component's own test).
 */
export async function askComponentTest(q: ComponentQuestions): Promise<void> {
  if (!q.open('test') || !q.open('testCommand')) return;
  // A command given turns the test on (resolveAnswers), and drops an earlier run's --no-test (Questions.take).
  await q.text('testCommand', "Command docker-test runs in the built image, the component's test_command input (Enter for none: the component's own test)");
}
