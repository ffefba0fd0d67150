/** `gitlab-dind upgrade [--docker-version V] [--builder-version V]`: move the pinned versions, then generate. */
import { Answers, RawAnswers, resolveAnswers } from '../../core/answers';
import { UsageError } from '../../core/errors';
import { dockerImage } from '../../core/plan';
import { BUILDAH_VERSION, BUILDKIT_VERSION, DOCKER_VERSION } from '../../core/versions';
import { toolVersion } from '../../io/package-info';
import { readAnswersFile } from '../../io/project';
import { single } from '../flag-answers';
import { CliIo } from '../io';
import { projectDir, regenerate, RegenerateArgs } from './regenerate';

export interface UpgradeArgs extends RegenerateArgs {
  'docker-version'?: string;
  'builder-version'?: string;
}

const usesDockerImages = (a: Answers): boolean => a.mode !== 'shell' && a.mode !== 'buildah' && a.mode !== 'buildkit';
const builderDefault = (a: Answers): string => (a.mode === 'buildah' ? BUILDAH_VERSION : a.mode === 'buildkit' ? BUILDKIT_VERSION : '');

function versionFlag(flag: 'docker-version' | 'builder-version', value: unknown): string | undefined {
  const wanted = single(flag, value);
  if (wanted !== undefined && typeof wanted !== 'string') throw new UsageError(`--${flag}: ${JSON.stringify(wanted)} is not valid; expected a release such as ${flag === 'docker-version' ? DOCKER_VERSION : BUILDKIT_VERSION}`);
  return wanted;
}

/** The images that carry the version: old → new, for the pipeline's own parts and the user's. */
function imageMoves(before: Answers, after: Answers): Record<string, string> {
  if (!usesDockerImages(before) || before.dockerVersion === after.dockerVersion) return {};
  const moves: Record<string, string> = { [dockerImage(before, 'cli')]: dockerImage(after, 'cli') };
  if (before.mode === 'dind' || before.mode === 'kubernetes') moves[dockerImage(before, 'dind')] = dockerImage(after, 'dind');
  return moves;
}

export function upgradeCommand(args: UpgradeArgs, io: CliIo): Promise<number> {
  const wanted = versionFlag('docker-version', args['docker-version']);
  const wantedBuilder = versionFlag('builder-version', args['builder-version']);
  const out = projectDir(args, io);
  const { file, text, notes } = readAnswersFile(out, toolVersion());
  for (const note of notes) io.stderr(`${note}\n`);
  const before = file.answers;
  // The same gate as init: an invalid version (or one for another mode) is refused before anything is written.
  const after = resolveAnswers({
    ...(before as RawAnswers),
    dockerVersion: wanted ?? DOCKER_VERSION,
    builderVersion: wantedBuilder ?? builderDefault(before),
  });
  const pins: [string, string, string][] = [['docker-version', before.dockerVersion, after.dockerVersion]];
  if (after.builderVersion) pins.push(['builder-version', before.builderVersion, after.builderVersion]);
  for (const [name, from, to] of pins) {
    if (name === 'docker-version' && !usesDockerImages(before) && wanted === undefined) continue;
    io.stdout(from === to ? `${name} ${to}: already there\n` : `${name}: ${from} → ${to}\n`);
  }
  for (const [from, to] of Object.entries(imageMoves(before, after))) io.stdout(`  ${from} → ${to}\n`);
  return regenerate({ out, file, text }, after, args, io, { before, moves: imageMoves(before, after) });
}
