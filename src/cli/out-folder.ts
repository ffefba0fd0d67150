/** The output folder (`--out` or the wizard's answer): one check for both. */
import path from 'node:path';
import { FieldError } from '../core/errors';
import { ensureWritableDir } from '../io/write-files';

export const DEFAULT_OUT = '.';

/** Absolute path of the folder, relative to cwd; a file standing there is refused (exit 2). */
export function resolveOutFolder(value: unknown, cwd: string): string {
  if (typeof value !== 'string' || value === '') throw new FieldError('out', `${JSON.stringify(value)} is not valid; expected a folder`);
  const out = path.resolve(cwd, value);
  ensureWritableDir(out, 'out');
  return out;
}
