/** What a project holds on disk: its files, and what the tool last wrote there (from its answers file). */
import fs from 'node:fs';
import path from 'node:path';
import { ANSWERS_FILE, AnswersFile, parseAnswersFile } from '../core/answers-file';
import { ProblemError, UsageError } from '../core/errors';
import type { OnDisk, PreviousRun } from '../core/project-plan';
import { CI_FILE, type ProjectPaths } from '../core/project-paths';
import { toolVersion } from './package-info';
import type { FileRole } from '../core/render/render';

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

/** Only whether something is there: a path from the answers file is not read before it is confined (/dev/zero). */
export function isThere(file: string): boolean {
  try {
    fs.statSync(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * The project's files for planProject: the text of each of `roles` (the caller confined their paths
 * first), and which of the files `recorded` (as the answers file names them) are there.
 */
export function readOnDisk(paths: ProjectPaths, roles: FileRole[], recorded: string[] = []): OnDisk {
  const files: OnDisk['files'] = {};
  for (const role of roles) {
    const text = readIfExists(paths.byRole[role]);
    if (text !== undefined) files[role] = text;
  }
  const main = paths.main === undefined ? undefined : readIfExists(paths.main);
  return { files, present: new Set(recorded.filter((display) => isThere(path.resolve(paths.out, display)))), ...(main === undefined ? {} : { main }) };
}

/** A .gitlab-ci.yml in `folder` that no answers file there records: the repository's own pipeline. */
export function foreignPipeline(folder: string): boolean {
  if (!isThere(path.join(folder, CI_FILE))) return false;
  const previous = readPreviousRun(path.join(folder, ANSWERS_FILE), toolVersion());
  return !(previous.kind === 'ours' && previous.file.files[CI_FILE] !== undefined);
}

/** A file's text, or undefined when there is none. */
export function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'EISDIR') throw new ProblemError(`${file}: a folder stands where the file goes; move it away and run again`);
    if (code === 'ENOTDIR') throw new ProblemError(`${file}: a file stands where a folder of that path goes; check the path`);
    throw new ProblemError(`could not read ${file}: ${code ?? (err as Error).message}`);
  }
}

/** The answers file `generate` and `upgrade` start from; missing or unreadable is bad input (exit 2). */
export function readAnswersFile(out: string, toolVersion: string): { file: AnswersFile; text: string; notes: string[] } {
  const where = path.join(out, ANSWERS_FILE);
  const text = readIfExists(where);
  if (text === undefined)
    throw new UsageError(
      `${ANSWERS_FILE}: not found in ${out}; expected the answers file \`gitlab-dind init\` writes (run it first, or give --out the folder that holds it)`,
    );
  const notes: string[] = [];
  return { file: parseAnswersFile(text, toolVersion, notes), text, notes };
}
