/** Where a project's files live, and what the tool last wrote there (from its answers file). */
import fs from 'node:fs';
import path from 'node:path';
import { Answers } from '../core/answers';
import { ANSWERS_FILE, ANSWERS_SCHEMA, AnswersFile, fingerprint, parseAnswersFile, serializeAnswersFile } from '../core/answers-file';
import { RenderedFile } from '../core/render';
import { FileRole } from '../core/render/render';
import { OutputFile } from './write-files';

export const CI_FILE = '.gitlab-ci.yml';
export const REGISTER_FILE = 'gitlab-runner/register.sh';
export const VALUES_FILE = 'gitlab-runner/values.yaml';

export interface ProjectPaths {
  out: string;
  answers: string;
  byRole: Record<FileRole, string>;
}

export function projectPaths(out: string, answers: Answers): ProjectPaths {
  return {
    out,
    answers: path.join(out, ANSWERS_FILE),
    byRole: {
      ci: path.join(out, CI_FILE),
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

export type PreviousRun = { kind: 'none' } | { kind: 'ours'; file: AnswersFile; text: string } | { kind: 'foreign' };

/** The existing answers file, if any. One that does not parse is not ours to overwrite silently. */
export function readPreviousRun(answersPath: string, toolVersion: string): PreviousRun {
  let text: string;
  try {
    text = fs.readFileSync(answersPath, 'utf8');
  } catch {
    return { kind: 'none' };
  }
  try {
    return { kind: 'ours', file: parseAnswersFile(text, toolVersion), text };
  } catch {
    return { kind: 'foreign' };
  }
}

const MODES: Record<FileRole, number> = { ci: 0o644, runner: 0o600, register: 0o755, values: 0o644 };

export function outputFiles(paths: ProjectPaths, rendered: RenderedFile[], answers: Answers, toolVersion: string, previous: PreviousRun): OutputFile[] {
  const known = previous.kind === 'ours' ? previous.file.files : {};
  const files: OutputFile[] = rendered.map((r) => {
    const display = displayPath(paths.out, paths.byRole[r.role]);
    return { path: paths.byRole[r.role], display, contents: r.contents, mode: MODES[r.role], owned: (current: string) => known[display] === fingerprint(current) };
  });
  const record: AnswersFile = {
    schema: ANSWERS_SCHEMA,
    tool: toolVersion,
    answers,
    files: Object.fromEntries(files.map((f) => [f.display, fingerprint(f.contents)])),
  };
  files.push({
    path: paths.answers,
    display: ANSWERS_FILE,
    contents: serializeAnswersFile(record),
    mode: 0o644,
    owned: () => previous.kind === 'ours',
  });
  return files;
}
