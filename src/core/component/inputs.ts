/**
 * Which answers a component takes as inputs, and how GitLab validates each. The group's answers fix the
 * component's shape (mode, TLS, registry, build args, Testcontainers, ...); a value that varies per repository
 * and lands in the pipeline as a value becomes an input, its default the group's answer. Each regex admits
 * only what the tool's own validator admits for that answer (test/component/inputs.test.ts holds them to it),
 * and only characters a shell takes literally where the value reaches a script.
 */
import { Answers } from '../answers';
import { MODES } from '../modes';
import { majorOf } from '../validators';
import { FIRST_MAJOR_WITH_CLI_TAG, OLDEST_SUPPORTED_MAJOR } from '../versions';
import { InputSpec, InputType } from './spec-inputs';

const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const IMAGE_PATH = `${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const LABEL = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
// As Docker reads a name: its first component is a registry host only with a dot, a port, or as localhost.
const REGISTRY_HOST = `(?:${LABEL}(?:\\.${LABEL})+(?::[0-9]{1,5})?|${LABEL}:[0-9]{1,5}|localhost)`;
export const IMAGE_REGEX = `^(?:\\$CI_REGISTRY_IMAGE(?:/${IMAGE_PATH})?|(?:${REGISTRY_HOST}/)?${IMAGE_PATH})$`;

const VERSION_TAIL = '(?:\\.[0-9]+){0,2}(?:-(?:rc|beta|alpha)\\.[0-9]+)?$';
/** Docker majors that keep the default's image tags: 23 and later have docker:V-cli, earlier ones docker:V. */
export function dockerVersionRegex(defaultVersion: string): string {
  const majors =
    majorOf(defaultVersion) >= FIRST_MAJOR_WITH_CLI_TAG
      ? '2[3-9]|[3-9][0-9]|[1-9][0-9]{2,}'
      : Array.from({ length: FIRST_MAJOR_WITH_CLI_TAG - OLDEST_SUPPORTED_MAJOR }, (_, i) => String(OLDEST_SUPPORTED_MAJOR + i)).join('|');
  return `^(?:${majors})${VERSION_TAIL}`;
}
export const BUILDER_VERSION_REGEX = '^v[0-9]+\\.[0-9]+\\.[0-9]+$';

// Repository paths: relative, no `..` component, no leading `-`, and only characters a shell takes literally.
const PATH_CHAR = '[A-Za-z0-9._@+-]';
const segment = (lead: string) => `(?:${lead}${PATH_CHAR}*|\\.(?:[A-Za-z0-9_@+-]${PATH_CHAR}*)?|\\.\\.${PATH_CHAR}+)`;
export const REPO_PATH_REGEX = `^${segment('[A-Za-z0-9_@+]')}(?:/${segment('[A-Za-z0-9_@+-]')})*$`;

// One simple command as `docker run --rm IMAGE CMD` takes it: words, quotes, $VARIABLES; no operator,
// redirection, substitution, comment or backslash.
const PLAIN = '[A-Za-z0-9_@%+=:,./{}*?!~^\\[\\]-]';
const VARIABLE = '\\$[A-Za-z_{]';
const SINGLE = "'[^'\\n\\r]*'";
const DOUBLE = '"(?:[^"\\\\`$\\n\\r]|\\$[A-Za-z_{])*"';
const WORD = `(?:${PLAIN}|${VARIABLE}|${SINGLE}|${DOUBLE})`;
export const TEST_COMMAND_REGEX = `^${WORD}(?:${WORD}|[ \\t])*$`;

export const RELEASE_OPTIONS = ['on_success', 'manual', 'never'];

/** Every input says its type: GitLab's schema reads an input without `type:` as any type at once. */
export interface ComponentInput extends InputSpec {
  name: string;
  type: InputType;
}

/** The inputs of the component for these answers, in the order the README lists them. */
export function componentInputs(a: Answers): ComponentInput[] {
  const inputs: ComponentInput[] = [
    {
      name: 'image',
      type: 'string',
      description: "The image built, without tag; each job adds its tag ($CI_REGISTRY_IMAGE: the project's own registry).",
      default: a.image,
      regex: IMAGE_REGEX,
    },
  ];
  if (a.mode === 'buildah' || a.mode === 'buildkit') {
    inputs.push({
      name: 'builder_version',
      type: 'string',
      description: `The ${a.mode === 'buildah' ? 'Buildah' : 'BuildKit'} image's version, vMAJOR.MINOR.PATCH.`,
      default: a.builderVersion,
      regex: BUILDER_VERSION_REGEX,
    });
  } else if (a.mode !== 'shell') {
    inputs.push({
      name: 'docker_version',
      type: 'string',
      description: 'Docker version of the job image and of the daemon (docker:V-cli, docker:V-dind).',
      default: a.dockerVersion,
      regex: dockerVersionRegex(a.dockerVersion),
    });
  }
  if (a.tags.length > 0)
    inputs.push({ name: 'tags', type: 'array', description: 'Runner tags on every job: the runner must carry them all.', default: a.tags });
  inputs.push(
    { name: 'dockerfile', type: 'string', description: 'The Dockerfile to build, from the repository root.', default: a.dockerfile, regex: REPO_PATH_REGEX },
    { name: 'context', type: 'string', description: 'The build context folder, from the repository root.', default: a.context, regex: REPO_PATH_REGEX },
  );
  if (a.test && !a.testcontainers && a.testCommand !== '') {
    inputs.push({
      name: 'test_command',
      type: 'string',
      description: "What docker-test runs in the built image (docker run --rm IMAGE CMD): one command and its arguments; for ;, && or | use sh -c '...'.",
      default: a.testCommand,
      regex: TEST_COMMAND_REGEX,
    });
  }
  inputs.push({
    name: 'release',
    type: 'string',
    description: 'When docker-release tags the image (latest on the default branch, the tag on tags): on_success, manual (a button), or never.',
    default: 'on_success',
    options: RELEASE_OPTIONS,
  });
  return inputs;
}

/** One input a consuming pipeline passes: text, or a list (tags). */
export interface IncludeInput {
  name: string;
  value?: string;
  list?: string[];
}

/**
 * The inputs a repository passes to the component of its mode: its own answers for what a component always
 * takes, tags and a test command only when it has them (a component has those inputs only when its group gave
 * them; GitLab refuses an input the component does not declare).
 */
export function includeInputs(a: Answers): IncludeInput[] {
  const inputs: IncludeInput[] = [{ name: 'image', value: a.image }];
  if (a.mode === 'buildah' || a.mode === 'buildkit') inputs.push({ name: 'builder_version', value: a.builderVersion });
  else if (a.mode !== 'shell') inputs.push({ name: 'docker_version', value: a.dockerVersion });
  if (a.tags.length > 0) inputs.push({ name: 'tags', list: a.tags });
  inputs.push({ name: 'dockerfile', value: a.dockerfile }, { name: 'context', value: a.context });
  if (a.test && !a.testcontainers && a.testCommand !== '') inputs.push({ name: 'test_command', value: a.testCommand });
  return inputs;
}

/**
 * A reference whose name is another mode's (gitlab-dind component names each component by its mode): likely
 * that mode's jobs, which this mode's runner cannot run. Said, not refused: the name is the group's to choose.
 */
export function componentOfAnotherMode(a: Answers): string | undefined {
  const name = /\/([^/@]+)@[^@]*$/.exec(a.component)?.[1];
  if (name === undefined || name === a.mode || !MODES.some((m) => m.id === name)) return undefined;
  return `--component ${JSON.stringify(a.component)} is named as mode ${name}'s component (gitlab-dind component names each by its mode), but the mode is ${a.mode}: its jobs may need a ${name} runner`;
}
