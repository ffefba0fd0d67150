/**
 * Looks for the Dockerfiles a repository has, for the wizard to offer and for `init --yes` to check its
 * answer against: a few folders down, never into dependencies, build output or hidden folders, never
 * through a symlink.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DockerfileFacts, readDockerfile } from '../core/dockerfile';

/** Folders below the repository root that are searched. */
export const SEARCH_DEPTH = 3;
/** Folders that hold other people's code or build output, not the project's own Dockerfile. */
const SKIPPED = new Set(['node_modules', 'vendor', 'venv', 'bower_components', '__pycache__', 'target']);
/** A bound on the entries read, so a huge checkout is not walked for long. */
const MAX_ENTRIES = 20_000;
const MAX_FOUND = 50;

/** Dockerfile, Containerfile, Dockerfile.prod, app.Dockerfile, ... (not their .dockerignore files). */
export function isDockerfileName(name: string): boolean {
  if (/\.dockerignore$/i.test(name)) return false;
  return /^(dockerfile|containerfile)(\..+)?$/i.test(name) || /\.(dockerfile|containerfile)$/i.test(name);
}

/** Paths relative to `root` with `/`: shallowest first, the root's own Dockerfile before all. */
export function findDockerfiles(root: string): string[] {
  const found: string[] = [];
  let entries = 0;
  let level = [''];
  for (let depth = 0; depth <= SEARCH_DEPTH && level.length > 0 && found.length < MAX_FOUND; depth++) {
    const next: string[] = [];
    for (const rel of level) {
      let dirents: fs.Dirent[];
      try {
        dirents = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
      } catch {
        continue; // unreadable: nothing to offer from there
      }
      entries += dirents.length;
      for (const d of dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        const child = rel === '' ? d.name : `${rel}/${d.name}`;
        if (d.isFile() && isDockerfileName(d.name)) found.push(child);
        else if (d.isDirectory() && !d.name.startsWith('.') && !SKIPPED.has(d.name)) next.push(child);
      }
      if (entries > MAX_ENTRIES) break;
    }
    if (entries > MAX_ENTRIES) break;
    level = next;
  }
  const rank = (p: string) => (p === 'Dockerfile' ? 0 : p === 'Containerfile' ? 1 : 2);
  return found.sort((a, b) => rank(a) - rank(b) || a.split('/').length - b.split('/').length || (a < b ? -1 : a > b ? 1 : 0)).slice(0, MAX_FOUND);
}

/** The stages and build args of a Dockerfile in the repository; undefined when it cannot be read. */
export function dockerfileFacts(root: string, dockerfile: string): DockerfileFacts | undefined {
  try {
    const full = path.join(root, dockerfile);
    if (!fs.lstatSync(full).isFile()) return undefined;
    return readDockerfile(fs.readFileSync(full, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * `init --yes`: what the build would miss in `root` (the Dockerfile, the context folder), said on one
 * line, naming the Dockerfiles that are there; undefined when both are there.
 */
export function missingBuildInputs(root: string, dockerfile: string, context: string): string | undefined {
  const isA = (rel: string, kind: 'file' | 'dir') => {
    try {
      const stat = fs.statSync(path.join(root, rel));
      return kind === 'file' ? stat.isFile() : stat.isDirectory();
    } catch {
      return false;
    }
  };
  const problems: string[] = [];
  if (!isA(dockerfile, 'file')) problems.push(`no Dockerfile at ${dockerfile}`);
  if (!isA(context, 'dir')) problems.push(`no build context folder ${context}`);
  if (problems.length === 0) return undefined;
  const found = problems[0].startsWith('no Dockerfile') ? findDockerfiles(root) : [];
  const hint =
    found.length > 0
      ? `found ${found.slice(0, 3).join(', ')}${found.length > 3 ? ', ...' : ''}: give --dockerfile PATH and --context DIR`
      : 'add it, or give --dockerfile PATH and --context DIR';
  return `${problems.join(' and ')}: the docker-build job fails without ${problems.length > 1 ? 'them' : 'it'} (${hint})`;
}
