/**
 * What each job of a parsed .gitlab-ci.yml effectively runs with, following GitLab's own rules:
 * `extends` chains (hashes merged deeply, other values replaced), `default:` and the legacy
 * top-level image/services/before_script, global `variables` under job variables, `inherit:`.
 * Shared by the render check and lint, so both read a pipeline the way GitLab does.
 */
type Obj = Record<string, unknown>;

const GLOBAL_KEYS = new Set([
  'default',
  'include',
  'stages',
  'variables',
  'workflow',
  'spec',
  'image',
  'services',
  'cache',
  'before_script',
  'after_script',
  'pages:deploy',
]);
const DEFAULT_KEYS = [
  'image',
  'services',
  'before_script',
  'after_script',
  'tags',
  'cache',
  'artifacts',
  'retry',
  'timeout',
  'interruptible',
  'hooks',
  'id_tokens',
];
const LEGACY_GLOBAL_KEYS = ['image', 'services', 'before_script', 'after_script', 'cache'];

export interface Service {
  name: string;
  alias?: string;
  command?: unknown;
  variables: Record<string, string>;
}

export interface EffectiveJob {
  name: string;
  image?: string;
  services: Service[];
  variables: Record<string, string>;
  tags: string[];
  raw: Obj;
}

export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** GitLab's deep merge of hashes (extends, include): `over` wins, hashes merge key by key. */
export function deepMerge(base: Obj, over: Obj): Obj {
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const own = Object.prototype.hasOwnProperty.call(out, k) ? out[k] : undefined;
    // Defined, not assigned: a key named __proto__ is a job or key like any other, not the object's prototype.
    Object.defineProperty(out, k, { value: isObj(v) && isObj(own) ? deepMerge(own, v) : v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

export function jobNames(ci: Obj): string[] {
  return Object.keys(ci).filter((k) => !GLOBAL_KEYS.has(k) && !k.startsWith('.') && isObj(ci[k]));
}

/** A job's own keys with its `extends` chain applied (GitLab allows up to 11 levels). */
export function resolveExtends(ci: Obj, name: string, depth = 0): Obj {
  const job = ci[name];
  if (!isObj(job) || depth > 11) return {};
  const parents = job.extends === undefined ? [] : Array.isArray(job.extends) ? job.extends : [job.extends];
  let merged: Obj = {};
  for (const parent of parents) if (typeof parent === 'string') merged = deepMerge(merged, resolveExtends(ci, parent, depth + 1));
  const { extends: _ignored, ...own } = job;
  return deepMerge(merged, own);
}

function inherits(job: Obj, what: 'default' | 'variables', key?: string): boolean {
  const inherit = job.inherit;
  if (!isObj(inherit) || inherit[what] === undefined) return true;
  const v = inherit[what];
  if (typeof v === 'boolean') return v;
  return Array.isArray(v) && key !== undefined && v.includes(key);
}

export function imageName(image: unknown): string | undefined {
  if (typeof image === 'string') return image;
  if (isObj(image) && typeof image.name === 'string') return image.name;
  return undefined;
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObj(value)) return out;
  for (const [k, v] of Object.entries(value)) {
    const val = isObj(v) ? v.value : v;
    if (val !== undefined && val !== null) out[k] = String(val);
  }
  return out;
}

export function services(value: unknown): Service[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((s): Service[] => {
    if (typeof s === 'string') return [{ name: s, variables: {} }];
    if (isObj(s) && typeof s.name === 'string') {
      return [{ name: s.name, alias: typeof s.alias === 'string' ? s.alias : undefined, command: s.command, variables: stringMap(s.variables) }];
    }
    return [];
  });
}

/** `$VAR` and `${VAR}` from the job's variables, as the runner expands image and service names; unknown ones stay. */
export function expandVariables(text: string, variables: Record<string, string>): string {
  return text.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (whole, braced: string | undefined, bare: string | undefined) => {
    const value = variables[(braced ?? bare)!];
    return value === undefined ? whole : value;
  });
}

export function effectiveJob(ci: Obj, name: string): EffectiveJob {
  const job = resolveExtends(ci, name);
  const defaults: Obj = isObj(ci.default) ? ci.default : {};
  const settings: Obj = {};
  for (const key of DEFAULT_KEYS) {
    if (job[key] !== undefined) settings[key] = job[key];
    else if (inherits(job, 'default', key) && defaults[key] !== undefined) settings[key] = defaults[key];
    else if (inherits(job, 'default', key) && LEGACY_GLOBAL_KEYS.includes(key) && ci[key] !== undefined) settings[key] = ci[key];
  }
  const globalVars = stringMap(ci.variables);
  const inherited = Object.fromEntries(Object.entries(globalVars).filter(([k]) => inherits(job, 'variables', k)));
  const variables = { ...inherited, ...stringMap(job.variables) };
  const image = imageName(settings.image);
  return {
    name,
    image: image === undefined ? undefined : expandVariables(image, variables),
    services: services(settings.services).map((s) => ({ ...s, name: expandVariables(s.name, variables) })),
    variables,
    tags: Array.isArray(settings.tags) ? settings.tags.map(String) : [],
    raw: job,
  };
}

export function effectiveJobs(ci: Obj): EffectiveJob[] {
  return jobNames(ci).map((name) => effectiveJob(ci, name));
}

/** Every name in the job's `extends` chain is defined in this file (not, say, in an `include:`). */
export function extendsResolvable(ci: Obj, name: string, depth = 0): boolean {
  const job = ci[name];
  if (!isObj(job) || depth > 11) return false;
  const parents = job.extends === undefined ? [] : Array.isArray(job.extends) ? job.extends : [job.extends];
  return parents.every((p) => typeof p === 'string' && extendsResolvable(ci, p, depth + 1));
}

/** A path into the parsed pipeline: mapping keys and sequence indexes. */
export type DocPath = (string | number)[];

function lookup(value: unknown, path: DocPath): 'set' | 'unset' | number {
  let at = value;
  for (let i = 0; i < path.length; i++) {
    // A scalar where the path goes deeper replaces the whole hash when extends merges: it wins.
    if (!isObj(at)) return i === 0 ? 'unset' : i;
    at = at[path[i] as string];
    if (at === undefined) return 'unset';
  }
  return 'set';
}

/** Where in the document a job's own key (after `extends`) is written: the job itself or the parent that gave it. */
export function extendsOrigin(ci: Obj, name: string, path: DocPath, depth = 0): DocPath | undefined {
  const job = ci[name];
  if (!isObj(job) || depth > 11) return undefined;
  const found = lookup(job, path);
  if (found === 'set') return [name, ...path];
  if (typeof found === 'number') return [name, ...path.slice(0, found)];
  const parents = job.extends === undefined ? [] : Array.isArray(job.extends) ? job.extends : [job.extends];
  // Later parents override earlier ones, so the last one holding the key gave it.
  for (const parent of [...parents].reverse()) {
    const origin = typeof parent === 'string' ? extendsOrigin(ci, parent, path, depth + 1) : undefined;
    if (origin) return origin;
  }
  return undefined;
}

/**
 * Where a job's effective image/services/before_script/... comes from, by the same precedence as effectiveJob.
 * `job` is the job with its extends applied, when the caller has it already (EffectiveJob.raw).
 */
export function settingOrigin(ci: Obj, name: string, key: string, job: Obj = resolveExtends(ci, name)): DocPath | undefined {
  const own = extendsOrigin(ci, name, [key]);
  if (own) return own;
  if (!inherits(job, 'default', key)) return undefined;
  if (isObj(ci.default) && ci.default[key] !== undefined) return ['default', key];
  if (LEGACY_GLOBAL_KEYS.includes(key) && ci[key] !== undefined) return [key];
  return undefined;
}

/** Where the effective value of a job variable is written: the job's chain, else the global `variables`. */
export function variableOrigin(ci: Obj, name: string, variable: string, job: Obj = resolveExtends(ci, name)): DocPath | undefined {
  const own = extendsOrigin(ci, name, ['variables', variable]);
  if (own) return own;
  if (isObj(ci.variables) && ci.variables[variable] !== undefined && inherits(job, 'variables', variable)) return ['variables', variable];
  return undefined;
}
