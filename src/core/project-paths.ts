/** Where a project's files go, from the output folder and the answers; as the user sees them. Pure. */
import path from 'node:path';
import { Answers } from './answers';
import { ANSWERS_FILE } from './answers-file';
import { FileRole } from './render/render';

export const CI_FILE = '.gitlab-ci.yml';
export const REGISTER_FILE = 'gitlab-runner/register.sh';
export const VALUES_FILE = 'gitlab-runner/values.yaml';

/** A path that must not lead outside the project folder, and how the user may allow it anyway. */
export interface Confinement {
  root: string;
  /** The flag and value that allow it when given on the command line (`--runner-config x`); none: never. */
  allow?: string;
  /** Where the path came from, for the message (`.gitlab-dind.yml runner-config`). */
  from?: string;
}

export interface ProjectPaths {
  out: string;
  answers: string;
  byRole: Record<FileRole, string>;
  /** The user's .gitlab-ci.yml, when the jobs go to another file (--ci-file) that it includes. */
  main?: string;
  /** What keeps each file inside the project folder; the runner config given on the command line has none. */
  within: Record<FileRole, Confinement | undefined>;
}

/** Where runner-config came from: the command line (may lead anywhere), the answers file, or the default. */
export type RunnerConfigSource = 'command line' | 'answers file' | 'default';

export function projectPaths(out: string, answers: Answers, runnerFrom: RunnerConfigSource = 'command line'): ProjectPaths {
  const inside: Confinement = { root: out };
  const runner: Confinement | undefined =
    runnerFrom === 'command line'
      ? undefined
      : { root: out, allow: `--runner-config ${answers.runnerConfig}`, from: runnerFrom === 'answers file' ? `${ANSWERS_FILE} runner-config` : undefined };
  return {
    out,
    within: { ci: inside, runner, register: inside, values: inside },
    answers: path.join(out, ANSWERS_FILE),
    ...(answers.ciFile === CI_FILE ? {} : { main: path.join(out, CI_FILE) }),
    byRole: {
      ci: path.join(out, answers.ciFile),
      runner: path.resolve(out, answers.runnerConfig),
      register: path.join(out, REGISTER_FILE),
      values: path.join(out, VALUES_FILE),
    },
  };
}

/** Relative to the output folder when inside it (as the answers file records it), else absolute. */
export function displayPath(out: string, file: string): string {
  const rel = path.relative(out, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
}

/**
 * A runner config recorded at an absolute path (say /etc/gitlab-runner/config.toml) and missing here lives
 * on the runner host: nothing is read or written there, so nothing is confined or locked either.
 */
export function livesElsewhere(display: string, there: boolean, recorded: boolean): boolean {
  return !there && recorded && path.isAbsolute(display);
}
