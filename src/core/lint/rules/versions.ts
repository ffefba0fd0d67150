/** Pinned, matching Docker versions for the client image and the dind daemon. */
import { canonicalRegistry, isDindService, isDockerImage, isPinnedImage, majorOfVersion, tagVersion } from '../../mode-rules';
import { LintJob } from '../ci-model';
import { clientImage, dindServices, finding } from '../facts';
import { LintRunner } from '../runner-model';
import { Finding, Where } from '../types';
import { DOCKER_VERSION } from '../../versions';

/** Docker 29 daemons refuse API versions below 1.44, i.e. clients before Docker 25. */
const NEWEST_DAEMON_MAJOR_REFUSING_OLD = 29;
const OLDEST_CLIENT_FOR_29 = 25;

function unpinned(name: string, where: Where, what: string): Finding[] {
  if (!isDockerImage(name) || isPinnedImage(name)) return [];
  return [finding('docker-image-unpinned', 'warning', where, `${what} ${name} is not pinned: the Docker version changes under you (docker:dind now pulls Docker 29, which refuses clients older than 25)`, `pin a version, e.g. docker:${DOCKER_VERSION}-${isDindService(name) ? 'dind' : 'cli'}, and use the same one for the CLI image and the dind service`)];
}

export function imageUnpinned(job: LintJob): Finding[] {
  const image = job.image ? unpinned(job.image, job.imageAt, 'image') : [];
  return [...image, ...job.services.flatMap((s) => unpinned(s.name, s, 'service'))];
}

export function runnerImageUnpinned(runner: LintRunner): Finding[] {
  const image = runner.image && runner.table ? unpinned(runner.image, { file: runner.file, line: runner.line('image') }, 'image') : [];
  return [...image, ...runner.services.flatMap((s) => unpinned(s.name, s, 'service'))];
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
  return p.clientVersion !== undefined && majorOfVersion(p.clientVersion) < OLDEST_CLIENT_FOR_29 && daemonMajor(p.service.name) >= NEWEST_DAEMON_MAJOR_REFUSING_OLD;
}

export function clientTooOld(job: LintJob, runner: LintRunner | undefined): Finding[] {
  const p = pair(job, runner);
  if (!p || !tooOld(p)) return [];
  return [finding('docker-client-too-old', 'error', p.client.where, `the client ${p.client.name} (Docker ${p.clientVersion}) is older than 25, and the dind service ${p.service.name} runs Docker ${p.serviceVersion ?? '29 or later'}, which refuses it ("client version ... is too old")`, `use the same Docker version for both, e.g. docker:${DOCKER_VERSION}-cli with docker:${DOCKER_VERSION}-dind`)];
}

export function versionMismatch(job: LintJob, runner: LintRunner | undefined): Finding[] {
  const p = pair(job, runner);
  if (!p || tooOld(p)) return [];
  const differs: string[] = [];
  if (p.clientVersion && p.serviceVersion && p.clientVersion !== p.serviceVersion) differs.push(`versions ${p.clientVersion} and ${p.serviceVersion}`);
  if (canonicalRegistry(p.client.name) !== canonicalRegistry(p.service.name)) differs.push(`registries "${canonicalRegistry(p.client.name) || 'Docker Hub'}" and "${canonicalRegistry(p.service.name) || 'Docker Hub'}"`);
  if (differs.length === 0) return [];
  return [finding('docker-version-mismatch', 'warning', p.client.where, `the CLI image ${p.client.name} and the dind service ${p.service.name} differ: ${differs.join(', ')}`, `pull both from the same registry with the same version, e.g. docker:${DOCKER_VERSION}-cli and docker:${DOCKER_VERSION}-dind`)];
}
