/** Reads one file for `lint`: bounded, regular files only, UTF-8; failures as one line naming the file. */
import path from 'node:path';
import { UsageError } from '../core/errors';
import type { SourceFile } from '../core/lint';
import { fsWords } from './fs-words';
import { DEFAULT_MAX_SIZE, FileRefused, readBoundedText } from './read-bounded-text';

export const DEFAULT_CI = '.gitlab-ci.yml';

export interface ReadLintOptions {
  /** Largest file read, in bytes (--max-size). */
  maxSize?: number;
  /** A component project's folder (--component-dir): its templates resolve `include: component:` entries. */
  componentDir?: string;
}

export function read(cwd: string, file: string, flag: string, options: ReadLintOptions = {}): SourceFile {
  const full = path.resolve(cwd, file);
  let text: string;
  try {
    text = readBoundedText(full, options.maxSize ?? DEFAULT_MAX_SIZE);
  } catch (err) {
    if (err instanceof FileRefused) throw new UsageError(err.line === undefined ? `--${flag} ${file}: ${err.message}` : `${file}:${err.line}: ${err.message}`);
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(
      `--${flag} ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, expected a file' : `could not read it: ${fsWords(err)}`}`,
    );
  }
  return { name: file, text };
}
