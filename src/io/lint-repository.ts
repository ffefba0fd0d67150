/**
 * `lint` on a repository: the pipeline with the `include: local:` files it pulls in, and runner
 * configs found where people keep them. Reads only, every file through read() of read-lint-files;
 * names are relative to the repository root (what GitLab's Code Quality report expects).
 */
import fs from 'node:fs';
import path from 'node:path';
import { SourceError, UsageError } from '../core/errors';
import type { PathKind, RepositoryPaths, SourceFile } from '../core/lint';
import { ComponentInclude, includesOf } from '../core/lint/includes';
import { expandComponent, parseComponent } from '../core/component/component-file';
import YAML from 'yaml';
import { lintRunners } from '../core/lint/runner-model';
import { DEFAULT_CI, read, ReadLintOptions } from './read-lint-files';

/** Where runner configs usually are, looked at first. */
export const RUNNER_PLACES = ['gitlab-runner/config.toml', 'config.toml', '.gitlab-runner/config.toml', 'gitlab-runner/values.yaml'];
/** Folders below the root searched for other runner configs. */
const RUNNER_DEPTH = 3;
/** GitLab's own limit on included files per pipeline. */
const MAX_INCLUDES = 150;
const MAX_RUNNER_FILES = 10;
/** Enough for any real repository; a walk stops there instead of crawling a huge tree. */
const MAX_WALK_ENTRIES = 20000;
const SKIPPED_DIRS = new Set(['.git', 'node_modules']);

export interface RepositoryFiles {
  ci?: SourceFile;
  /** Included files in GitLab's merge order. */
  included: SourceFile[];
  runners: SourceFile[];
  /** What was not followed or not taken, one sentence each. */
  notes: string[];
  /** The repository the pipeline is in, for lint to judge the paths its builds name; absent for a pipeline from elsewhere. */
  repository?: RepositoryPaths;
}

const toPosix = (p: string): string => p.split(path.sep).join('/');

/** Inside the repository after symlinks are resolved: nothing is read from outside it. */
function insideRoot(root: string, rel: string): boolean {
  try {
    const real = fs.realpathSync(path.join(root, rel));
    const back = path.relative(fs.realpathSync(root), real);
    return back !== '' && !back.startsWith('..') && !path.isAbsolute(back);
  } catch {
    return false;
  }
}

const exists = (root: string, rel: string): boolean => {
  try {
    fs.lstatSync(path.join(root, rel));
    return true;
  } catch {
    return false;
  }
};

const isFile = (root: string, rel: string, maxBytes = Infinity): boolean => {
  try {
    const stat = fs.statSync(path.join(root, rel));
    return stat.isFile() && stat.size <= maxBytes;
  } catch {
    return false;
  }
};

/** A runner config is a few kilobytes: a bigger *.toml or *.yaml found while searching is something else. */
const MAX_RUNNER_CANDIDATE_BYTES = 1024 * 1024;

/** Files below root (relative, `/`-separated), symlinked folders not entered, up to maxDepth folders down. */
function walk(root: string, maxDepth: number, skipDir: (name: string) => boolean): string[] {
  const out: string[] = [];
  let seen = 0;
  const visit = (rel: string, depth: number): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (++seen > MAX_WALK_ENTRIES) return;
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (depth < maxDepth && !skipDir(e.name)) visit(child, depth + 1);
      } else if (e.isFile() || e.isSymbolicLink()) out.push(child);
    }
  };
  visit('', 0);
  return out;
}

/** GitLab's include wildcards: `*` within one folder, `**` across folders. */
export function includePattern(pattern: string): RegExp {
  const body = pattern
    .split(/(\*\*|\*)/)
    .map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`);
}

/** A `local:` path as a path from the root; undefined when it leaves the repository. */
function fromRoot(local: string): string | undefined {
  const normal = path.posix.normalize(local.replace(/^\/+/, ''));
  return normal === '' || normal === '.' || normal.startsWith('../') || normal === '..' ? undefined : normal;
}

class IncludeWalker {
  readonly order: SourceFile[] = [];
  readonly notes: string[] = [];
  private readonly visited = new Set<string>();
  private allFiles?: string[];
  private elsewhere = 0;

  constructor(
    private readonly root: string,
    private readonly options: ReadLintOptions = {},
  ) {}

  private files(): string[] {
    this.allFiles ??= walk(this.root, Infinity, (name) => SKIPPED_DIRS.has(name));
    return this.allFiles;
  }

  private resolve(local: string, from: string): string[] {
    const rel = fromRoot(local);
    if (rel === undefined) {
      this.notes.push(`include ${local} in ${from} is outside the repository: not followed`);
      return [];
    }
    const pattern = rel.includes('*') ? includePattern(rel) : undefined;
    const matches = pattern ? this.files().filter((f) => pattern.test(f)) : [rel];
    const found = matches.filter((f) => /\.ya?ml$/i.test(f) && isFile(this.root, f) && insideRoot(this.root, f));
    if (found.length === 0) this.notes.push(`include ${local} in ${from}: no such file in the repository, not followed`);
    return found;
  }

  /**
   * A component from --component-dir (templates/NAME.yml or templates/NAME/template.yml), expanded with the
   * include's inputs as GitLab would: linted as the jobs it adds, under a name that says so.
   */
  private component(c: ComponentInclude, from: string): SourceFile | undefined {
    const dir = this.options.componentDir!;
    const rel = [`templates/${c.name}.yml`, `templates/${c.name}/template.yml`].find((f) => isFile(dir, f));
    if (rel === undefined) {
      this.notes.push(`component ${c.ref} in ${from}: no templates/${c.name}.yml in ${toPosix(dir)}, not followed`);
      return undefined;
    }
    const template = read(dir, rel, 'component-dir', this.options);
    try {
      const { jobs } = expandComponent(parseComponent(template.text, rel), c.inputs);
      return { name: `${toPosix(path.join(dir, rel))} (component ${c.name}, inputs applied)`, text: YAML.stringify(jobs, { lineWidth: 0 }) };
    } catch (err) {
      this.notes.push(`component ${c.ref} in ${from}: ${(err as Error).message}; not followed`);
      return undefined;
    }
  }

  /** Depth first: a file's includes are merged before the file itself, as GitLab merges them. */
  visit(file: SourceFile): void {
    this.visited.add(file.name);
    const includes = includesOf(file);
    this.elsewhere += includes.elsewhere;
    if (this.options.componentDir !== undefined) {
      for (const c of includes.components) {
        const expanded = this.component(c, file.name);
        if (expanded === undefined || this.visited.has(expanded.name)) continue;
        this.elsewhere--;
        this.visited.add(expanded.name);
        this.order.push(expanded);
      }
    }
    for (const local of includes.local) {
      for (const rel of this.resolve(local, file.name)) {
        if (this.visited.has(rel)) continue; // a cycle or a file already merged: GitLab reads it once
        if (this.visited.size >= MAX_INCLUDES) {
          this.notes.push(`more than ${MAX_INCLUDES} included files: the rest are not followed`);
          return;
        }
        this.visit(read(this.root, rel, 'ci', this.options));
      }
    }
    this.order.push(file);
  }

  elsewhereNote(): string | undefined {
    return this.elsewhere > 0
      ? `${this.elsewhere} remote, project, template or component include(s) are not followed (jobs extending them are skipped)`
      : undefined;
  }
}

/** The pipeline and the files it includes, merge order; the main file last. */
export function readPipeline(
  root: string,
  ciPath: string,
  options: ReadLintOptions = {},
  readAs: (file: string) => SourceFile = (f) => read(root, f, 'ci', options),
): { ci: SourceFile; included: SourceFile[]; notes: string[] } {
  const walker = new IncludeWalker(root, options);
  walker.visit(readAs(ciPath));
  const elsewhere = walker.elsewhereNote();
  const main = walker.order[walker.order.length - 1];
  return { ci: main, included: walker.order.slice(0, -1), notes: [...walker.notes, ...(elsewhere ? [elsewhere] : [])] };
}

const looksLikeRunnerToml = (text: string): boolean => /^\s*\[\[\s*runners\s*\]\]/m.test(text);
const looksLikeHelmValues = (text: string): boolean => /^runners:\s*(#.*)?$/m.test(text) && /^\s+config:\s*[|>]/m.test(text) && text.includes('[[runners]]');

/** Runner configs in the usual places, then any *.toml with [[runners]] or Helm values with runners.config up to three folders down. */
export function findRunnerConfigs(root: string, exclude: Set<string>, options: ReadLintOptions = {}): { runners: SourceFile[]; notes: string[] } {
  const notes: string[] = [];
  const found = walk(root, RUNNER_DEPTH, (name) => SKIPPED_DIRS.has(name) || (name.startsWith('.') && name !== '.gitlab-runner' && name !== '.gitlab'));
  const candidates = [...RUNNER_PLACES.filter((p) => isFile(root, p)), ...found.filter((f) => !RUNNER_PLACES.includes(f) && /\.(toml|ya?ml)$/i.test(f))];
  const runners: SourceFile[] = [];
  for (const rel of candidates) {
    if (runners.length >= MAX_RUNNER_FILES || exclude.has(rel) || !isFile(root, rel, MAX_RUNNER_CANDIDATE_BYTES) || !insideRoot(root, rel)) continue;
    let file: SourceFile;
    try {
      file = read(root, rel, 'runner', options);
    } catch {
      continue; // unreadable: not a runner config we can use
    }
    // A config.toml without [[runners]] is another tool's (a static site's, say).
    if (!(/\.toml$/i.test(rel) ? looksLikeRunnerToml(file.text) : looksLikeHelmValues(file.text))) continue;
    try {
      lintRunners(file.name, file.text);
    } catch (err) {
      // In a usual place and holding [[runners]], it is the runner config: one that does not parse stops lint, as a named one does.
      if (RUNNER_PLACES.includes(rel)) throw err;
      // A found file is only a guess: one that does not parse (a template, say) is named and left out.
      const where = err instanceof SourceError && err.unparsable ? err.where : (err as Error).message;
      notes.push(`${where}: looks like a runner config but does not parse; not used`);
      continue;
    }
    runners.push(file);
  }
  return { runners, notes };
}

/** Paths a .gitignore or .gitmodules names, as expressions over paths from the root (simple patterns; `!` ignored, so more is unknown, not less). */
function ignoredPatterns(root: string): RegExp[] {
  // Read here rather than through read(): a small regular file in the repository, and unreadable is only "nothing ignored".
  const text = (rel: string): string => {
    try {
      return isFile(root, rel, MAX_RUNNER_CANDIDATE_BYTES) && insideRoot(root, rel) ? fs.readFileSync(path.join(root, rel), 'utf8') : '';
    } catch {
      return '';
    }
  };
  const out: RegExp[] = [];
  for (const line of text('.gitignore').split(/\r?\n/)) {
    const p = line.trim();
    if (p === '' || p.startsWith('#') || p.startsWith('!')) continue;
    const body = p.replace(/\/+$/, '').replace(/^\*\*\//, '');
    if (body === '') continue;
    const anchored = body.includes('/');
    const glob = includePattern(body.replace(/^\/+/, '')).source.slice(1, -1).replace(/\\\?/g, '[^/]');
    out.push(new RegExp(anchored ? `^${glob}(/|$)` : `(^|/)${glob}(/|$)`));
  }
  // A submodule's files are there only when it is checked out.
  for (const m of text('.gitmodules').matchAll(/^\s*path\s*=\s*(.+?)\s*$/gm)) {
    out.push(new RegExp(`^${m[1].replace(/^\/+|\/+$/g, '').replace(/[.+?^${}()|[\]\\*]/g, '\\$&')}(/|$)`));
  }
  return out;
}

/**
 * What the repository at root holds at a path from it. Unknown: outside it (after symlinks), a
 * dangling link, a submodule's or an ignored path that is missing (made by a build, not committed).
 */
export function repositoryPaths(root: string): RepositoryPaths {
  let ignored: RegExp[] | undefined;
  const known = new Map<string, PathKind>();
  const kind = (rel: string): PathKind => {
    if (rel.split('/').includes('..') || path.isAbsolute(rel)) return 'unknown';
    const full = path.join(root, rel);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(full);
    } catch {
      stat = undefined;
    }
    if (stat === undefined) {
      if (exists(root, rel)) return 'unknown'; // a dangling link
      // Below a folder linked from outside the repository: not the repository's to judge.
      const parts = rel.split('/');
      for (let n = parts.length - 1; n > 0; n--) {
        const up = parts.slice(0, n).join('/');
        if (exists(root, up)) {
          if (!insideRoot(root, up)) return 'unknown';
          break;
        }
      }
      ignored ??= ignoredPatterns(root);
      return ignored.some((re) => re.test(rel)) ? 'unknown' : 'missing';
    }
    if (rel !== '' && !insideRoot(root, rel)) return 'unknown';
    return stat.isDirectory() ? 'folder' : stat.isFile() ? 'file' : 'unknown';
  };
  return (rel) => {
    if (!known.has(rel)) known.set(rel, kind(rel));
    return known.get(rel)!;
  };
}

/** The pipeline file is in the repository at root: its build paths can be judged there. */
function pipelineInRoot(cwd: string, root: string, ci: string | undefined): boolean {
  if (ci === undefined) return true;
  const back = path.relative(root, path.resolve(cwd, ci));
  return back !== '' && !back.startsWith('..') && !path.isAbsolute(back);
}

/**
 * The files `lint` reads: the named ones (--ci, --runner, relative to the current folder), and
 * for each side not named, the repository's own (from DIR, default the current folder).
 */
export function readRepository(cwd: string, given: { dir?: string; ci?: string; runner?: string }, options: ReadLintOptions = {}): RepositoryFiles {
  const root = path.resolve(cwd, given.dir ?? '.');
  if (given.dir !== undefined) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(root);
    } catch {
      throw new UsageError(`lint ${given.dir}: no such folder`);
    }
    if (!stat.isDirectory()) throw new UsageError(`lint ${given.dir}: not a folder; name a repository folder, or a file with --ci FILE / --runner FILE`);
  }
  const notes: string[] = [];
  let ci: SourceFile | undefined;
  let included: SourceFile[] = [];
  if (given.ci !== undefined) {
    // A named pipeline's local includes are still paths from the repository root.
    const p = readPipeline(root, given.ci, options, () => read(cwd, given.ci!, 'ci', options));
    ({ ci, included } = p);
    notes.push(...p.notes);
  } else if (exists(root, DEFAULT_CI)) {
    // Whatever it is: read() refuses a device, a pipe or a folder by name, rather than lint saying there is nothing.
    const p = readPipeline(root, DEFAULT_CI, options);
    ({ ci, included } = p);
    notes.push(...p.notes);
  }
  let runners: SourceFile[] = [];
  if (given.runner !== undefined) runners = [read(cwd, given.runner, 'runner', options)];
  else {
    const found = findRunnerConfigs(root, new Set([...included.map((f) => f.name), ...(ci ? [ci.name] : [])]), options);
    runners = found.runners;
    notes.push(...found.notes);
  }
  if (!ci && runners.length === 0) {
    throw new UsageError(
      `nothing to lint: no ${DEFAULT_CI} or ${RUNNER_PLACES[0]} in ${toPosix(root)} (nor another runner config up to ${RUNNER_DEPTH} folders down); name the files with --ci FILE and/or --runner FILE`,
    );
  }
  return { ci, included, runners, notes, ...(ci && pipelineInRoot(cwd, root, given.ci) ? { repository: repositoryPaths(root) } : {}) };
}
