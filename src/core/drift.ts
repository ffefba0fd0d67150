/**
 * Drift: a managed part that differs from what `.gitlab-dind.yml` renders. Where an answer covers the
 * edit (concurrent, the versions, tags, the GitLab URL), the user is pointed at that answer rather than at
 * `--accept`, so the answers file stays what the files are rendered from. Pure: values in, hints out.
 */
import TOML from '@iarna/toml';
import YAML from 'yaml';
import { sameData } from './canonical-json';
import { isObj } from './effective-jobs';
import { findRunner, isTable } from './record/runner-parts';

/** A key of `.gitlab-dind.yml`'s answers and the value that renders the user's version. */
export interface AnswerHint {
  key: string;
  value: string;
}

type Path = (string | number)[];

/** Scalars and lists of scalars are leaves; mappings and lists of mappings are walked. */
function leaves(value: unknown, path: Path = [], out = new Map<string, { path: Path; value: unknown }>()): Map<string, { path: Path; value: unknown }> {
  const scalarList = Array.isArray(value) && value.every((v) => !isObj(v) && !Array.isArray(v));
  if (isObj(value) || isTable(value)) for (const [k, v] of Object.entries(value as Record<string, unknown>)) leaves(v, [...path, k], out);
  else if (Array.isArray(value) && !scalarList) value.forEach((v, i) => leaves(v, [...path, i], out));
  else out.set(JSON.stringify(path), { path, value });
  return out;
}

const VERSION = /\d+(?:\.\d+)+/;
const VERSION_VAR = /\$\{?([A-Z]+)_VERSION\}?/;
/** `docker:${DOCKER_VERSION}-dind` and `docker:28.0.4-dind` alike: the version is the only difference. */
const shape = (s: string): string => s.replace(new RegExp(VERSION_VAR.source, 'g'), 'V').replace(new RegExp(VERSION.source, 'g'), 'V');

function versionKey(render: string): string | undefined {
  const named = VERSION_VAR.exec(render)?.[1];
  if (named === 'SKOPEO') return undefined; // the release image's version is the tool's own, not an answer
  if (named === 'BUILDAH' || named === 'BUILDKIT' || /buildah|buildkit/.test(render)) return 'builder-version';
  return 'docker-version';
}

/** The answer a changed leaf is covered by, if any. `path` starts at the part (a pipeline key, or a runner key path). */
function hintFor(path: Path, yours: unknown, render: unknown): AnswerHint | undefined {
  const last = path[path.length - 1];
  if (path.length === 1 && last === 'concurrent' && typeof yours === 'number') return { key: 'concurrent', value: String(yours) };
  if (last === 'url' && typeof yours === 'string' && path.length === 1) return { key: 'gitlab-url', value: yours };
  if (last === 'tags' && Array.isArray(yours)) return { key: 'tags', value: yours.map(String).join(',') };
  if (typeof last === 'string' && /^(DOCKER|BUILDAH|BUILDKIT)_VERSION$/.test(last) && typeof yours === 'string') {
    return { key: last === 'DOCKER_VERSION' ? 'docker-version' : 'builder-version', value: yours };
  }
  if (typeof yours === 'string' && typeof render === 'string' && yours !== render && shape(yours) === shape(render)) {
    const version = VERSION.exec(yours)?.[0];
    const key = versionKey(render);
    if (version && key) return { key, value: version };
  }
  return undefined;
}

/** Hints that together render the user's version, or undefined when some change is not an answer's. */
export function hintsFor(yours: unknown, render: unknown): AnswerHint[] | undefined {
  const [a, b] = [leaves(yours), leaves(render)];
  const hints = new Map<string, AnswerHint>();
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const [y, r] = [a.get(key), b.get(key)];
    if (y && r && sameData(y.value, r.value)) continue;
    const either = (y ?? r)!;
    // Tags the render does not write (none answered), or the user deleted: the tags answer all the same.
    if ((!y || !r) && either.path[either.path.length - 1] !== 'tags') return undefined;
    const hint = hintFor(either.path, y ? y.value : [], r?.value);
    if (!hint) return undefined;
    const seen = hints.get(hint.key);
    if (seen && seen.value !== hint.value) return undefined;
    hints.set(hint.key, hint);
  }
  return hints.size > 0 ? [...hints.values()] : undefined;
}

/** The value of a top-level key of a pipeline. */
export function pipelinePart(text: string, key: string): unknown {
  return (YAML.parse(text) as Record<string, unknown> | null)?.[key];
}

/**
 * The value of a runner config part: `concurrent`, or `runners[name="x"].docker.image`, as the merge names
 * them. Returned under its last key so a hint sees `concurrent` and `url` as such.
 */
export function runnerPart(text: string, part: string, runnerName: string): { path: Path; value: unknown } | undefined {
  const config = TOML.parse(text) as Record<string, unknown>;
  const prefix = `runners[name=${JSON.stringify(runnerName)}]`;
  if (!part.startsWith(prefix)) return { path: [part], value: config[part] };
  const keys = part
    .slice(prefix.length + 1)
    .split('.')
    .map((k) => (k.startsWith('"') ? JSON.parse(k) : k));
  let at: unknown = findRunner(config, runnerName);
  for (const k of keys) at = isTable(at) ? at[k] : undefined;
  return { path: keys, value: at };
}

/** The answers covering a runner part's edit: `concurrent`, the GitLab URL, the runner image's version. */
export function runnerHints(yours: string, rendered: string, part: string, runnerName: string): AnswerHint[] | undefined {
  if (part === `runners[name=${JSON.stringify(runnerName)}].name`) {
    const names = ((TOML.parse(yours) as { runners?: { name?: unknown }[] }).runners ?? []).map((r) => r.name);
    return names.length === 1 && typeof names[0] === 'string' ? [{ key: 'runner-name', value: names[0] }] : undefined;
  }
  const [y, r] = [runnerPart(yours, part, runnerName), runnerPart(rendered, part, runnerName)];
  if (!y || !r || y.value === undefined || r.value === undefined) return undefined;
  const hint = hintFor(y.path.length === 1 && (y.path[0] === 'url' || y.path[0] === 'concurrent') ? y.path : ['runner', ...y.path], y.value, r.value);
  return hint ? [hint] : undefined;
}

/** The answers covering a pipeline part's edit, or undefined. */
export function pipelineHints(yours: string, rendered: string, part: string): AnswerHint[] | undefined {
  return hintsFor(pipelinePart(yours, part), pipelinePart(rendered, part));
}

/** `docker-version: 28.5.2` etc., as one line to put in the answers file. */
export const hintText = (hints: AnswerHint[]): string =>
  hints.map((h) => `${h.key}: ${/^[\w.,:/-]*$/.test(h.value) ? h.value : JSON.stringify(h.value)}`).join(' and ');
