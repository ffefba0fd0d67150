/**
 * Keeps V8's compiled code for the bundle between runs, as `module.enableCompileCache()` does from Node
 * 22.1 on. Most of a one-off run's time past Node's own start-up is spent compiling the bundle (yargs,
 * yaml, TOML) rather than running it; with V8's code cache a repeat run skips that compile.
 *
 * Only files at the top of the bundle's folder go through here; everything else loads as usual. A cache
 * file is taken only when it was made from this build of this file (beside V8's own version and flag
 * checks), it lives in a folder only this user can write, and any failure to read or write it falls
 * back to compiling: the cache can make a run faster, never different. NODE_DISABLE_COMPILE_CACHE=1 turns
 * it off, NODE_COMPILE_CACHE=DIR moves it: the same switches as Node's own.
 */
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/** What happened to each bundle file this run: loaded from the cache, or compiled (and why). */
export type CacheOutcome = 'hit' | 'missing' | 'stale' | 'rejected';

interface LoadableModule {
  exports: unknown;
}
type Loader = (module: LoadableModule, filename: string) => void;
interface ModuleInternals {
  _extensions: Record<string, Loader>;
  wrap(source: string): string;
  enableCompileCache?: (dir?: string) => unknown;
}

const outcomes = new Map<string, CacheOutcome>();

/** Set by the bundler (scripts/build.js): a hash of every file of this build of the bundle. */
declare const BUNDLE_ID: string | undefined;

/**
 * What a cache file must have been made from: this build of the bundle (a hash of all its files, so no
 * hashing at run time) and this very file, as its size and time stamp tell if someone edited it since.
 */
function sourceKey(buildId: string, filename: string): string {
  const stat = fs.statSync(filename);
  return `${buildId} ${stat.size} ${stat.mtimeMs}`;
}

/** os.tmpdir() without loading node:os (on POSIX); Windows asks node:os, whose rules there are longer. */
function tempFolder(): string {
  if (process.platform === 'win32') return (require('node:os') as typeof import('node:os')).tmpdir();
  const dir = process.env.TMPDIR || process.env.TMP || process.env.TEMP || '/tmp';
  return dir.length > 1 && dir.endsWith('/') ? dir.slice(0, -1) : dir;
}

/**
 * Per V8 build, and per user in the shared temp folder (compiled code is code: another user must not be
 * able to plant it). NODE_COMPILE_CACHE=DIR is taken as it is, as Node takes it: the user chose it.
 */
export function defaultCacheDir(): string {
  // A relative DIR would resolve inside whatever folder the run starts in, such as a cloned repository
  // that brings "cache files" of its own: only an absolute one is taken.
  const chosen = process.env.NODE_COMPILE_CACHE && path.isAbsolute(process.env.NODE_COMPILE_CACHE) ? process.env.NODE_COMPILE_CACHE : undefined;
  const user = typeof process.getuid === 'function' ? `-${process.getuid()}` : '';
  const base = chosen ? path.resolve(chosen) : path.join(tempFolder(), `gitlab-dind-compile-cache${user}`);
  return path.join(base, `${process.versions.v8}-${process.arch}`);
}

/**
 * 'private': ours, and nobody else can write to it (on Windows %TEMP% is already per user); 'absent': made
 * private when first written; 'foreign': never read or written.
 */
function folderState(dir: string): 'private' | 'absent' | 'foreign' {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(dir);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'absent' : 'foreign';
  }
  if (!stat.isDirectory()) return 'foreign';
  if (typeof process.getuid !== 'function') return 'private';
  return stat.uid === process.getuid() && (stat.mode & 0o022) === 0 ? 'private' : 'foreign';
}

/**
 * The cache folder and the one holding it (both made by us): someone who could write to the outer one could
 * swap the inner one out between our check and our read.
 */
function cacheFolderState(dir: string): 'private' | 'absent' | 'foreign' {
  const inner = folderState(dir);
  const outer = folderState(path.dirname(dir));
  if (inner === 'foreign' || outer === 'foreign') return 'foreign';
  return inner;
}

/** Ours, and nobody else can write to it: what was checked of the folder, now of the file itself. */
function isPrivateFile(stat: fs.Stats): boolean {
  if (!stat.isFile()) return false;
  if (typeof process.getuid !== 'function') return true;
  return stat.uid === process.getuid() && (stat.mode & 0o022) === 0;
}

/** A cache file: the key of the source it was made from, a newline, then V8's data. */
function readCache(file: string, key: string): { data?: Buffer; stale: boolean } {
  let raw: Buffer;
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    // Checked on the open file, so it cannot be swapped between the check and the read.
    if (!isPrivateFile(fs.fstatSync(fd))) return { stale: false };
    raw = fs.readFileSync(fd);
  } catch {
    return { stale: false };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  const header = Buffer.from(`${key}\n`);
  return raw.subarray(0, header.length).equals(header) ? { data: raw.subarray(header.length), stale: false } : { stale: true };
}

/** Caches not rewritten for this long are dropped when others are written: old builds' chunks, mostly. */
export const CACHE_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;

function pruneOldCaches(dir: string, written: Set<string>): void {
  const now = Date.now();
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    // Temporary files are left only by a run killed while writing: gone after a day.
    const maxAge = name.endsWith('.tmp') ? 24 * 60 * 60 * 1000 : CACHE_MAX_AGE_MS;
    if (written.has(file) || !(name.endsWith('.cache') || name.endsWith('.tmp'))) continue;
    // A cache still in use is rewritten only when its bundle changes, so an old one may still be in use:
    // dropping it costs that bundle one compiled run, which writes it afresh.
    if (now - fs.statSync(file).mtimeMs > maxAge) fs.rmSync(file, { force: true });
  }
}

function writeCaches(dir: string, pending: Map<string, { script: vm.Script; key: string }>): void {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (cacheFolderState(dir) !== 'private') return;
    for (const [file, { script, key }] of pending) {
      // Made after the run, so it holds the functions this run compiled lazily too, not only the top level.
      const data = Buffer.concat([Buffer.from(`${key}\n`), script.createCachedData()]);
      const temp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temp, data, { mode: 0o600 });
      fs.renameSync(temp, file); // whole or not at all: runs in parallel never read half a file
    }
    pruneOldCaches(dir, new Set(pending.keys()));
  } catch {
    // A cache that cannot be written only means the next run compiles again.
  }
}

/**
 * Which kind of run this is, as far as what it compiles: help and version output, or a command (init
 * when none is named). A cache holds what the run that made it compiled; one per kind keeps a `--help`
 * from loading an `init`'s cache that lacks the help code (or the other way round).
 */
export function runKind(args: readonly string[]): string {
  if (args.some((a) => a === '--help' || a === '-h' || a === '--version')) return 'help';
  const command = args[0]; // a command comes first; otherwise it is the default one, init
  if (command === undefined || command.startsWith('-')) return 'init';
  return /^[a-z]{1,16}$/.test(command) ? command : 'other';
}

export interface CompileCacheOptions {
  /** Tells this build of the bundle from any other; the bundler sets it. */
  buildId?: string;
  cacheDir?: string;
  /** runKind() of this run: its caches are apart from other kinds'. */
  kind?: string;
}

/**
 * Loads the bundle files at the top of `bundleDir` through V8's code cache kept in a cache folder. On Node
 * with its own compile cache (22.1+) that one is used instead. Returns whether a cache is in use.
 */
export function enableCompileCache(bundleDir: string, options: CompileCacheOptions = {}): boolean {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return false;
  const internals = Module as unknown as ModuleInternals;
  if (typeof internals.enableCompileCache === 'function') {
    // Node's own cache, but in a folder that passes our checks: its default, $TMPDIR/node-compile-cache, is
    // shared by every user of the machine, and compiled code is code.
    const dir = options.cacheDir ?? defaultCacheDir();
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch {
      return false;
    }
    if (cacheFolderState(dir) !== 'private') return false;
    internals.enableCompileCache(dir);
    return true;
  }
  const buildId = options.buildId ?? (typeof BUNDLE_ID === 'string' ? BUNDLE_ID : undefined);
  if (!buildId) return false; // not a bundle: nothing tells one build from another
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const kind = options.kind ?? 'any';
  const prefix = path.resolve(bundleDir) + path.sep;
  const folder = cacheFolderState(cacheDir);
  // Read only from a folder that was ours at start-up: one that appears later may be someone else's
  // (the write at exit checks again, after making it).
  const cacheReadable = folder === 'private';
  const cacheWritable = folder !== 'foreign';
  const pending = new Map<string, { script: vm.Script; key: string }>();
  const loadJs = internals._extensions['.js'];
  internals._extensions['.js'] = (module, filename) => {
    if (!filename.startsWith(prefix) || filename.slice(prefix.length).includes(path.sep)) {
      loadJs(module, filename);
      return;
    }
    const source = fs.readFileSync(filename, 'utf8');
    const key = sourceKey(buildId, filename);
    const cacheFile = path.join(cacheDir, `${kind}--${path.basename(filename)}.cache`);
    const cached = cacheReadable ? readCache(cacheFile, key) : { stale: false };
    const script = new vm.Script(internals.wrap(source), { filename, cachedData: cached.data });
    const outcome: CacheOutcome = cached.data ? (script.cachedDataRejected ? 'rejected' : 'hit') : cached.stale ? 'stale' : 'missing';
    outcomes.set(filename, outcome);
    if (outcome !== 'hit' && cacheWritable) pending.set(cacheFile, { script, key });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => void;
    wrapper.call(module.exports, module.exports, Module.createRequire(filename), module, filename, path.dirname(filename));
  };
  process.once('exit', (code) => {
    // Refused input (2) and interrupted runs (130) promise that nothing is written: the cache neither.
    if (pending.size > 0 && (code === 0 || code === 1)) writeCaches(cacheDir, pending);
  });
  return true;
}

/** Each bundle file loaded so far and what the cache did for it (for tests and the bench). */
export function compileCacheOutcomes(): ReadonlyMap<string, CacheOutcome> {
  return outcomes;
}
