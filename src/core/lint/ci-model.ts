/**
 * The pipeline as lint sees it: each job's effective settings (effective-jobs.ts, GitLab's rules)
 * together with the file and line of the key that gave each value. A pipeline may span files:
 * `include: local:` files are merged under the main file as GitLab merges them (hashes deeply,
 * the including file winning), and each value is reported in the file that wrote it.
 */
import { deepMerge, DocPath, EffectiveJob, effectiveJobs, extendsResolvable, isObj, settingOrigin, variableOrigin } from '../effective-jobs';
import { nodeAt, seqItems, YamlSource } from './yaml-source';
import { Where } from './types';

type Obj = Record<string, unknown>;

export interface LocatedService {
  name: string;
  alias?: string;
  command?: unknown;
  variables: Record<string, string>;
  file: string;
  line: number;
}

export interface ScriptLine extends Where {
  text: string;
}

/** Where a job's variable comes from: its own chain, the pipeline's global `variables`, or the runner's `environment`. */
export type VariableSource = 'job' | 'global' | 'runner';

export interface LintJob {
  name: string;
  file: string;
  /** Line of the job's own key. */
  line: number;
  image?: string;
  imageAt: Where;
  services: LocatedService[];
  servicesAt: Where;
  variables: Record<string, string>;
  varAt(name: string): Where;
  varSource(name: string): VariableSource | undefined;
  /** script, before_script and after_script lines in the order they run. */
  scripts: ScriptLine[];
  /** Index in `scripts` of the first after_script line (a new shell, back in the project folder). */
  afterScriptStart: number;
  /**
   * The first path segments of what other jobs may leave in the project folder (artifacts and cache
   * paths of any job), or 'any' when lint cannot tell (a variable or wildcard there, untracked
   * artifacts, artifacts from another project or pipeline).
   */
  handedOver: Set<string> | 'any';
  tags: string[];
  /** A deployment (an `environment:`, a deploy stage or name): it replaces what runs on purpose. */
  deploys: boolean;
}

/** The pipeline's files, lowest precedence first (included files in merge order, the main file last). */
export class PipelineSources {
  readonly data: Obj;

  constructor(readonly sources: YamlSource[]) {
    // `include:` itself is not merged: each file's own list was followed already.
    this.data = sources.length === 1 ? sources[0].data : sources.reduce<Obj>((acc, s) => deepMerge(acc, s.data), {});
  }

  get main(): YamlSource {
    return this.sources[this.sources.length - 1];
  }

  /** The file whose text gives the value at a path: the highest-precedence file holding it. */
  private sourceOf(path: DocPath): YamlSource | undefined {
    for (let i = this.sources.length - 1; i >= 0; i--) if (nodeAt(this.sources[i], path)?.named) return this.sources[i];
    return undefined;
  }

  /** File and 1-based line of the key (or item) at a path; the nearest existing ancestor when it is missing. */
  whereAt(path: DocPath | undefined): Where {
    for (let n = path?.length ?? 0; n > 0; n--) {
      const prefix = path!.slice(0, n);
      const src = this.sourceOf(prefix);
      const range = src && nodeAt(src, prefix)?.named?.range;
      if (src && range) return { file: src.name, line: src.lineOf(range[0]) };
    }
    return { file: this.main.name, line: 1 };
  }

  seqItems(path: DocPath | undefined): ScriptLine[] {
    const src = path ? this.sourceOf(path) : undefined;
    return src ? seqItems(src, path).map((s) => ({ ...s, file: src.name })) : [];
  }
}

function locatedServices(p: PipelineSources, job: EffectiveJob, origin: DocPath | undefined): LocatedService[] {
  return job.services.map((s, i) => {
    const item: DocPath | undefined = origin ? [...origin, i] : undefined;
    // A service written as a mapping is reported at its `name:`; a plain string at its item.
    return { ...s, ...p.whereAt(item && [...item, 'name']) };
  });
}

/** A path as written in artifacts:/cache: paths, from the project folder. */
const firstSegment = (p: string): string => p.replace(/^(\$\{?CI_PROJECT_DIR\}?\/|\.\/)+/, '').split('/')[0];

/** What any job (templates and default: too) may leave for others: artifacts and cache paths. */
function handedOverPaths(ci: Obj): Set<string> | 'any' {
  const out = new Set<string>();
  const paths = (v: unknown): unknown[] => (isObj(v) && Array.isArray(v.paths) ? v.paths : []);
  // The old top-level cache: counts as every job's.
  for (const job of [...Object.values(ci), { cache: ci.cache }]) {
    if (!isObj(job)) continue;
    const artifacts = job.artifacts;
    if (isObj(artifacts) && artifacts.untracked !== undefined && artifacts.untracked !== false) return 'any';
    const caches = Array.isArray(job.cache) ? job.cache : [job.cache];
    for (const p of [...paths(artifacts), ...caches.flatMap(paths)]) {
      if (typeof p !== 'string') return 'any';
      const first = firstSegment(p);
      if (first === '' || /[$*?[{]/.test(first) || first === '..') return 'any';
      out.add(first);
    }
  }
  return out;
}

/** Jobs extending a template no file here defines (a remote or project include): skipped, their settings are unknown. */
export function lintJobs(input: YamlSource | PipelineSources): LintJob[] {
  const p = input instanceof PipelineSources ? input : new PipelineSources([input]);
  const ci = p.data;
  const handedOver = handedOverPaths(ci);
  return effectiveJobs(ci)
    .filter((job) => extendsResolvable(ci, job.name))
    .map((job) => {
      const origin = (key: string) => settingOrigin(ci, job.name, key, job.raw);
      const imageOrigin = origin('image');
      const servicesOrigin = origin('services');
      const script = (key: string) => p.seqItems(origin(key) ?? (key === 'script' ? [job.name, 'script'] : undefined));
      const jobAt = p.whereAt([job.name]);
      // Asked for by several rules; found once.
      const varAts = new Map<string, ReturnType<PipelineSources['whereAt']>>();
      const after = script('after_script');
      const scripts = [...script('before_script'), ...script('script'), ...after];
      const needsElsewhere = Array.isArray(job.raw.needs) && job.raw.needs.some((n) => isObj(n) && (n.project !== undefined || n.pipeline !== undefined));
      return {
        name: job.name,
        file: jobAt.file,
        line: jobAt.line,
        image: job.image,
        imageAt: p.whereAt(imageOrigin ?? [job.name]),
        services: locatedServices(p, job, servicesOrigin),
        servicesAt: p.whereAt(servicesOrigin ?? [job.name]),
        variables: job.variables,
        varAt: (name) => {
          if (!varAts.has(name)) varAts.set(name, p.whereAt(variableOrigin(ci, job.name, name, job.raw) ?? [job.name]));
          return varAts.get(name)!;
        },
        varSource: (name) => {
          if (job.variables[name] === undefined) return undefined;
          return variableOrigin(ci, job.name, name, job.raw)?.[0] === 'variables' ? 'global' : 'job';
        },
        scripts,
        afterScriptStart: scripts.length - after.length,
        handedOver: needsElsewhere ? 'any' : handedOver,
        tags: job.tags,
        deploys: job.raw.environment !== undefined || /deploy|release|prod/i.test(String(job.raw.stage ?? '')) || /deploy/i.test(job.name),
      };
    });
}
