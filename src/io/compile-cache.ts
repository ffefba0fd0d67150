/**
 * Node's own compile cache (`module.enableCompileCache()`, Node 22.1+), kept in a folder only this user can
 * write: Node's default, $TMPDIR/node-compile-cache, is shared by every user of the machine, and compiled
 * code is code. On Node 20 there is none: this package once carried its own for 20, and dropped it when 20
 * reached end of life (it saved about 12% of an `init`'s CPU time there; docs/performance.md has the figures).
 * NODE_DISABLE_COMPILE_CACHE=1 turns it off and NODE_COMPILE_CACHE=DIR moves it, as for Node's own.
 */
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';

interface ModuleWithCache {
  enableCompileCache?: (dir?: string) => unknown;
}

/** os.tmpdir() without loading node:os (on POSIX); Windows asks node:os, whose rules there are longer. */
function tempFolder(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- node:os loaded only where it is needed
  if (process.platform === 'win32') return (require('node:os') as typeof import('node:os')).tmpdir();
  const dir = process.env.TMPDIR || process.env.TMP || process.env.TEMP || '/tmp';
  return dir.length > 1 && dir.endsWith('/') ? dir.slice(0, -1) : dir;
}

/**
 * Per user in the shared temp folder (another user must not be able to plant compiled code).
 * NODE_COMPILE_CACHE=DIR is taken as it is, as Node takes it: the user chose it.
 */
export function defaultCacheDir(): string {
  // A relative DIR would resolve inside whatever folder the run starts in, such as a cloned repository
  // that brings "cache files" of its own: only an absolute one is taken.
  const chosen = process.env.NODE_COMPILE_CACHE && path.isAbsolute(process.env.NODE_COMPILE_CACHE) ? process.env.NODE_COMPILE_CACHE : undefined;
  const user = typeof process.getuid === 'function' ? `-${process.getuid()}` : '';
  return chosen ? path.resolve(chosen) : path.join(tempFolder(), `gitlab-dind-compile-cache${user}`);
}

/** Ours, and nobody else can write to it (on Windows %TEMP% is already per user). */
function isPrivateFolder(dir: string): boolean {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(dir);
  } catch {
    return false;
  }
  if (!stat.isDirectory()) return false;
  if (typeof process.getuid !== 'function') return true;
  return stat.uid === process.getuid() && (stat.mode & 0o022) === 0;
}

/**
 * Turns on Node's compile cache in `cacheDir` (default: defaultCacheDir()) where Node has one, when that
 * folder and the one holding it are private (someone who could write to the outer one could swap the inner
 * one). Returns whether it is on.
 */
export function enableCompileCache(cacheDir: string = defaultCacheDir()): boolean {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return false;
  const enable = (Module as unknown as ModuleWithCache).enableCompileCache;
  if (typeof enable !== 'function') return false;
  try {
    fs.mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
  } catch {
    return false;
  }
  if (!isPrivateFolder(cacheDir) || !isPrivateFolder(path.dirname(cacheDir))) return false;
  enable(cacheDir);
  return true;
}
