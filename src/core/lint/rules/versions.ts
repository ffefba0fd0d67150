/** Pinned, matching Docker versions for the client image and the dind daemon. */
import { canonicalRegistry, isDindService, isDockerImage, isPinnedImage, majorOfVersion, tagVersion } from '../../mode-rules';
import { LintJob } from '../ci-model';
import { clientImage, dindServices, finding } from '../facts';
import { LintRunner } from '../runner-model';
import { Finding, Where } from '../types';
import { DOCKER_VERSION, FIRST_MAJOR_WITH_CLI_TAG } from '../../versions';

/** Docker 29 daemons refuse API versions below 1.44, i.e. clients before Docker 25. */
const NEWEST_DAEMON_MAJOR_REFUSING_OLD = 29;
const OLDEST_CLIENT_FOR_29 = 25;

/** The same Docker version as the other side of the pair, when it is pinned: pinning keeps the version in use, not a jump to ours. */
function suggestedPin(name: string, sibling: string | undefined): string {
  const version = sibling === undefined || sibling.includes('$') ? undefined : tagVersion(sibling);
  const dind = isDindService(name);
  if (version === undefined) return `docker:${DOCKER_VERSION}-${dind ? 'dind' : 'cli'}`;
  // Releases before 23 publish no -cli tag: the plain version tag is the client there.
  return dind ? `docker:${version}-dind` : majorOfVersion(version) >= FIRST_MAJOR_WITH_CLI_TAG ? `docker:${version}-cli` : `docker:${version}`;
}

function unpinned(name: string, where: Where, what: string, sibling?: string): Finding[] {
  if (!isDockerImage(name) || isPinnedImage(name)) return [];
  const pin = suggestedPin(name, sibling);
  const fix =
    sibling !== undefined && tagVersion(sibling) !== undefined && !sibling.includes('$')
      ? `pin it to the version its ${isDindService(name) ? 'client' : 'dind service'} uses: ${pin}`
      : `pin a version, e.g. ${pin}, and use the same one for the CLI image and the dind service`;
  return [
    finding(
      'docker-image-unpinned',
      'warning',
      where,
      `${what} ${name} is not pinned: the Docker version changes under you (docker:dind now pulls Docker 29, which refuses clients older than 25)`,
      fix,
    ),
  ];
}

export function imageUnpinned(job: LintJob): Finding[] {
  const dind = job.services.find((s) => isDindService(s.name));
  const image = job.image ? unpinned(job.image, job.imageAt, 'image', dind?.name) : [];
  return [...image, ...job.services.flatMap((s) => unpinned(s.name, s, 'service', job.image))];
}

export function runnerImageUnpinned(runner: LintRunner): Finding[] {
  const dind = runner.services.find((s) => isDindService(s.name));
  const image = runner.image && runner.table ? unpinned(runner.image, runner.at('image'), 'image', dind?.name) : [];
  return [...image, ...runner.services.flatMap((s) => unpinned(s.name, s, 'service', runner.image))];
}

/** Every Docker release before 24 is past its end of life (20.10 in December 2023, 23.0 in 2024): no security fixes. */
const FIRST_MAINTAINED_ENOUGH_MAJOR = 24;

function endOfLife(name: string, where: Where, what: string): Finding[] {
  if (!isDockerImage(name) || name.includes('$')) return [];
  const version = tagVersion(name);
  if (version === undefined || majorOfVersion(version) >= FIRST_MAINTAINED_ENOUGH_MAJOR) return [];
  return [
    finding(
      'docker-version-eol',
      'warning',
      where,
      `${what} ${name} is Docker ${version}, past its end of life: it gets no security fixes`,
      `move the CLI image and the dind service together to a maintained version, e.g. docker:${DOCKER_VERSION}-cli and docker:${DOCKER_VERSION}-dind (gitlab-dind upgrade does it for its own files)`,
    ),
  ];
}

export function imageEndOfLife(job: LintJob): Finding[] {
  return [...(job.image ? endOfLife(job.image, job.imageAt, 'image') : []), ...job.services.flatMap((s) => endOfLife(s.name, s, 'service'))];
}

export function runnerImageEndOfLife(runner: LintRunner): Finding[] {
  const image = runner.image && runner.table ? endOfLife(runner.image, runner.at('image'), 'image') : [];
  return [...image, ...runner.services.flatMap((s) => endOfLife(s.name, s, 'service'))];
}

/** The daemon's major version; a floating tag (dind, latest, stable) pulls the newest. */
const daemonMajor = (name: string): number => {
  const v = tagVersion(name);
  return v === undefined ? NEWEST_DAEMON_MAJOR_REFUSING_OLD : majorOfVersion(v);
};

function pair(job: LintJob, runner: LintRunner | undefined) {
  const client = clientImage(job, runner);
  const service = dindServices(job, runner)[0];
  if (!client || !service || !isDockerImage(client.name) || client.name.includes('$') || service.name.includes('$')) return undefined;
  return { client, service, clientVersion: tagVersion(client.name), serviceVersion: tagVersion(service.name) };
}

function tooOld(p: NonNullable<ReturnType<typeof pair>>): boolean {
  return (
    p.clientVersion !== undefined && majorOfVersion(p.clientVersion) < OLDEST_CLIENT_FOR_29 && daemonMajor(p.service.name) >= NEWEST_DAEMON_MAJOR_REFUSING_OLD
  );
}

export function clientTooOld(job: LintJob, runner: LintRunner | undefined): Finding[] {
  const p = pair(job, runner);
  if (!p || !tooOld(p)) return [];
  return [
    finding(
      'docker-client-too-old',
      'error',
      p.client.where,
      `the client ${p.client.name} (Docker ${p.clientVersion}) is older than 25, and the dind service ${p.service.name} runs Docker ${p.serviceVersion ?? '29 or later'}, which refuses it ("client version ... is too old")`,
      `use the same Docker version for both, e.g. docker:${DOCKER_VERSION}-cli with docker:${DOCKER_VERSION}-dind`,
    ),
  ];
}

export function versionMismatch(job: LintJob, runner: LintRunner | undefined): Finding[] {
  const p = pair(job, runner);
  if (!p || tooOld(p)) return [];
  const differs: string[] = [];
  if (p.clientVersion && p.serviceVersion && p.clientVersion !== p.serviceVersion) differs.push(`versions ${p.clientVersion} and ${p.serviceVersion}`);
  if (canonicalRegistry(p.client.name) !== canonicalRegistry(p.service.name))
    differs.push(`registries "${canonicalRegistry(p.client.name) || 'Docker Hub'}" and "${canonicalRegistry(p.service.name) || 'Docker Hub'}"`);
  if (differs.length === 0) return [];
  return [
    finding(
      'docker-version-mismatch',
      'warning',
      p.client.where,
      `the CLI image ${p.client.name} and the dind service ${p.service.name} differ: ${differs.join(', ')}`,
      `pull both from the same registry with the same version, e.g. docker:${DOCKER_VERSION}-cli and docker:${DOCKER_VERSION}-dind`,
    ),
  ];
}
