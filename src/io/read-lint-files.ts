/** The files `lint` reads: the given paths, else the project's defaults when present. Reads only. */
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../core/errors';
import type { SourceFile } from '../core/lint';
import { fsWords } from './fs-words';
import { DEFAULT_MAX_SIZE, FileRefused, readBoundedText } from './read-bounded-text';

export const DEFAULT_CI = '.gitlab-ci.yml';
export const DEFAULT_RUNNERS = ['gitlab-runner/config.toml', 'gitlab-runner/values.yaml'];

export interface ReadLintOptions {
  /** Largest file read, in bytes (--max-size). */
  maxSize?: number;
}

export function read(cwd: string, file: string, flag: string, options: ReadLintOptions = {}): SourceFile {
  const full = path.resolve(cwd, file);
  let text: string;
  try {
    text = readBoundedText(full, options.maxSize ?? DEFAULT_MAX_SIZE);
  } catch (err) {
    if (err instanceof FileRefused) throw new UsageError(err.line === undefined ? `--${flag} ${file}: ${err.message}` : `${file}:${err.line}: ${err.message}`);
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`--${flag} ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, expected a file' : `could not read it: ${fsWords(err)}`}`);
  }
  return { name: file, text };
}

const exists = (cwd: string, file: string): boolean => fs.existsSync(path.resolve(cwd, file));

export function readLintFiles(cwd: string, given: { ci?: string; runner?: string }, options: ReadLintOptions = {}): { ci?: SourceFile; runner?: SourceFile } {
  const explicit = given.ci !== undefined || given.runner !== undefined;
  const ci = given.ci ?? (explicit || !exists(cwd, DEFAULT_CI) ? undefined : DEFAULT_CI);
  const runner = given.runner ?? (explicit ? undefined : DEFAULT_RUNNERS.find((f) => exists(cwd, f)));
  if (ci === undefined && runner === undefined) {
    throw new UsageError(`nothing to lint: no ${DEFAULT_CI} or ${DEFAULT_RUNNERS[0]} in ${cwd}; name the files with --ci FILE and/or --runner FILE`);
  }
  return { ci: ci === undefined ? undefined : read(cwd, ci, 'ci', options), runner: runner === undefined ? undefined : read(cwd, runner, 'runner', options) };
}
