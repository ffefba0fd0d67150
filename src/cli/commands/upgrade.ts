/** `gitlab-dind upgrade [--docker-version V]`: move the pinned Docker version, then generate. */
import { Answers, RawAnswers, resolveAnswers } from '../../core/answers';
import { UsageError } from '../../core/errors';
import { dockerImage } from '../../core/plan';
import { DOCKER_VERSION } from '../../core/versions';
import { toolVersion } from '../../io/package-info';
import { readAnswersFile } from '../../io/project';
import { single } from '../init-flags';
import { CliIo } from '../io';
import { projectDir, regenerate, RegenerateArgs } from './regenerate';

export interface UpgradeArgs extends RegenerateArgs {
  'docker-version'?: string;
}

/** The images that carry the version: old → new, for the pipeline's own parts and the user's. */
function imageMoves(before: Answers, after: Answers): Record<string, string> {
  if (before.mode === 'shell' || before.dockerVersion === after.dockerVersion) return {};
  const moves: Record<string, string> = { [dockerImage(before, 'cli')]: dockerImage(after, 'cli') };
  if (before.mode === 'dind') moves[dockerImage(before, 'dind')] = dockerImage(after, 'dind');
  return moves;
}

export function upgradeCommand(args: UpgradeArgs, io: CliIo): number {
  const wanted = single('docker-version', args['docker-version']);
  if (wanted !== undefined && typeof wanted !== 'string') throw new UsageError(`--docker-version: ${JSON.stringify(wanted)} is not valid; expected a Docker release such as ${DOCKER_VERSION}`);
  const out = projectDir(args, io);
  const { file, text } = readAnswersFile(out, toolVersion());
  const before = file.answers;
  // The same gate as init: an invalid version is refused before anything is read further or written.
  const after = resolveAnswers({ ...(before as RawAnswers), dockerVersion: wanted ?? DOCKER_VERSION });
  if (before.dockerVersion === after.dockerVersion) {
    io.stdout(`docker-version ${after.dockerVersion}: already there\n`);
  } else {
    io.stdout(`docker-version: ${before.dockerVersion} → ${after.dockerVersion}\n`);
    for (const [from, to] of Object.entries(imageMoves(before, after))) io.stdout(`  ${from} → ${to}\n`);
  }
  return regenerate({ out, file, text }, after, args, io, { before, moves: imageMoves(before, after) });
}
