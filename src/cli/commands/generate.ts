/** `gitlab-dind generate`: re-render from .gitlab-dind.yml and merge into the files, keeping the user's edits. */
import { toolVersion } from '../../io/package-info';
import { readAnswersFile } from '../../io/project';
import { CliIo } from '../io';
import { projectDir, regenerate, RegenerateArgs, withProjectLocks } from './regenerate';

export function generateCommand(args: RegenerateArgs, io: CliIo): Promise<number> {
  const out = projectDir(args, io);
  return withProjectLocks(out, args, io, (locks) => {
    const { file, text, notes } = readAnswersFile(out, toolVersion());
    for (const note of notes) io.stderr(`${note}\n`);
    return regenerate({ out, file, text }, file.answers, args, io, locks);
  });
}
