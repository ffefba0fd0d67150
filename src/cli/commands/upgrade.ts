/** `gitlab-dind upgrade [--docker-version V] [--builder-version V]`: move the pinned versions, then generate. */
import { Answers, RawAnswers, resolveAnswers } from '../../core/answers';
import { compareVersions } from '../../core/answers-file';
import { ExitCode, FieldError } from '../../core/errors';
import { dockerImage } from '../../core/plan';
import { BUILDAH_VERSION, BUILDKIT_VERSION, DOCKER_VERSION } from '../../core/versions';
import { toolVersion } from '../../io/package-info';
import { readAnswersFile } from '../../io/project';
import { single } from '../single-flag';
import { CliIo } from '../io';
import { RunLocks } from '../locks';
import { projectDir, regenerate, withProjectLocks } from './generate';
import { UpgradeArgs } from './upgrade-flags';

/** --component-version V: the recorded component at version V (the same gate as init checks it). */
function componentAt(before: Answers, value: unknown): string {
  const version = single('component-version', value);
  if (version === undefined) return before.component;
  if (typeof version !== 'string' || !/^[A-Za-z0-9_.~+-]{1,128}$/.test(version))
    throw new FieldError('component-version', `${JSON.stringify(version)} is not valid; expected a version such as 1.3.0`);
  if (before.component === '')
    throw new FieldError('component-version', 'this project includes no component (init --component); expected no --component-version');
  return `${before.component.slice(0, before.component.lastIndexOf('@'))}@${version}`;
}

/** Asks a yes/no question at the terminal (the prompt module, loaded only when a downgrade needs it). */
export type Confirm = (message: string) => Promise<boolean>;

/** Older, by the parts both name: 28 after 28.5.2 is the newest 28.x, not a downgrade. */
function older(to: string, from: string): boolean {
  const parts = (v: string) => v.replace(/^v/, '').split('-')[0].split('.');
  const [a, b] = [parts(to), parts(from)];
  const n = Math.min(a.length, b.length);
  return compareVersions(a.slice(0, n).join('.'), b.slice(0, n).join('.')) < 0;
}

/**
 * A pin moved back is a downgrade: made with --yes, or a yes at a terminal; otherwise exit 2, nothing
 * written. A run that writes nothing (--check, --diff, --dry-run) needs neither.
 */
async function allowDowngrades(
  downgrades: [string, string, string, boolean][],
  args: UpgradeArgs,
  io: CliIo,
  confirm?: () => Promise<Confirm>,
): Promise<boolean> {
  if (downgrades.length === 0 || args.yes || args.check || args.diff || args['dry-run']) return true;
  if (!io.interactive || !confirm) {
    const [name, from, to, given] = downgrades[0];
    throw new FieldError(name, `${to}${given ? '' : " (this tool's default)"} is older than the recorded ${from}: a downgrade; add --yes to make it`);
  }
  const ask = await confirm();
  for (const [name, from, to] of downgrades) if (!(await ask(`Downgrade ${name} ${from} → ${to}?`))) return false;
  return true;
}

const usesDockerImages = (a: Answers): boolean => a.mode !== 'shell' && a.mode !== 'buildah' && a.mode !== 'buildkit';
const builderDefault = (a: Answers): string => (a.mode === 'buildah' ? BUILDAH_VERSION : a.mode === 'buildkit' ? BUILDKIT_VERSION : '');

function versionFlag(flag: 'docker-version' | 'builder-version', value: unknown): string | undefined {
  const wanted = single(flag, value);
  if (wanted !== undefined && typeof wanted !== 'string')
    throw new FieldError(
      flag,
      `${JSON.stringify(wanted)} is not valid; expected a release such as ${flag === 'docker-version' ? DOCKER_VERSION : BUILDKIT_VERSION}`,
    );
  return wanted;
}

/** The images that carry the version: old → new, for the pipeline's own parts and the user's. */
function imageMoves(before: Answers, after: Answers): Record<string, string> {
  if (!usesDockerImages(before) || before.dockerVersion === after.dockerVersion) return {};
  const moves: Record<string, string> = { [dockerImage(before, 'cli')]: dockerImage(after, 'cli') };
  if (before.mode === 'dind' || before.mode === 'kubernetes') moves[dockerImage(before, 'dind')] = dockerImage(after, 'dind');
  return moves;
}

export function upgradeCommand(args: UpgradeArgs, io: CliIo, confirm?: () => Promise<Confirm>): Promise<number> {
  return withProjectLocks(projectDir(args, io), args, io, (locks) => upgradeLocked(args, io, locks, confirm));
}

async function upgradeLocked(args: UpgradeArgs, io: CliIo, locks: RunLocks, confirm?: () => Promise<Confirm>): Promise<number> {
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
    component: componentAt(before, args['component-version']),
  });
  const pins: [string, string, string, boolean][] = [['docker-version', before.dockerVersion, after.dockerVersion, wanted !== undefined]];
  if (after.builderVersion) pins.push(['builder-version', before.builderVersion, after.builderVersion, wantedBuilder !== undefined]);
  const shown = pins.filter(([name, , , given]) => name !== 'docker-version' || usesDockerImages(before) || given);
  const downgrades = shown.filter(([, from, to]) => older(to, from));
  if (!(await allowDowngrades(downgrades, args, io, confirm))) {
    io.stderr('gitlab-dind: declined; nothing written\n');
    return ExitCode.Interrupted;
  }
  for (const [name, from, to] of shown) {
    io.stdout(from === to ? `${name} ${to}: already there\n` : `${name}: ${from} → ${to}${older(to, from) ? ' (a downgrade)' : ''}\n`);
  }
  for (const [from, to] of Object.entries(imageMoves(before, after))) io.stdout(`  ${from} → ${to}\n`);
  if (after.component !== before.component) io.stdout(`component: ${before.component} → ${after.component}\n`);
  return regenerate({ out, file, text }, after, args, io, locks, { before, moves: imageMoves(before, after) });
}
