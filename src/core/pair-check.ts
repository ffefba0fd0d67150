/**
 * The check on what a run WILL write (SPEC Promises): the merged pipeline and the merged runner section
 * must keep the mode's rules (mode-rules.ts) and pass our lint, as a pair. The render check holds the
 * templates to the same rules; this holds the merge (the user's kept parts beside the new render's).
 * Pure: texts in, findings out, each with the part of a file it is in.
 */
import TOML from '@iarna/toml';
import YAML, { isPair, isScalar, LineCounter, YAMLMap } from 'yaml';
import { Mode } from './modes';
import { lint, SourceFile } from './lint';
import { MODE_RULES, parsedRunnerSection, RunnerSection } from './mode-rules';
import { deepMerge, effectiveJob, isObj, jobNames } from './effective-jobs';

type Obj = Record<string, unknown>;

export interface PairInput {
  mode: Mode;
  tls: boolean;
  /** The main pipeline as it will be written (or is on disk), and the local files it includes that we write. */
  ci: SourceFile;
  included: SourceFile[];
  /** The runner config as it will be written; undefined when it is not on this machine. */
  runner?: SourceFile;
  runnerName: string;
  /** The jobs our render defines. */
  jobs: string[];
  /** The top-level keys of the pipeline our render writes (its jobs and hidden base jobs). */
  parts: string[];
}

export interface PairFinding {
  /** The lint rule, or `mode-rules` for a rule of the mode. */
  rule: string;
  message: string;
  fix?: string;
  file: string;
  line?: number;
  /** The part of the file it is in: a top-level key of a pipeline, a key path of the runner config. */
  part?: string;
}

/** The top-level key of a YAML file whose lines hold `line` (1-based). */
export function pipelinePartAt(text: string, line: number): string | undefined {
  const counter = new LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter: counter });
  const items = ((doc.contents as YAMLMap | null)?.items ?? []).filter(isPair);
  let found: string | undefined;
  for (const pair of items) {
    const start = (pair.key as { range?: [number, number, number] } | null)?.range?.[0];
    if (start === undefined || !isScalar(pair.key)) continue;
    if (counter.linePos(start).line <= line) found = String(pair.key.value);
    else break;
  }
  return found;
}

/** The key path (as the merge names parts) of the TOML key on `line` (1-based), with the runner named by its `name`. */
export function runnerPartAt(text: string, line: number): string | undefined {
  const lines = text.split('\n');
  let table: string[] = [];
  let runnerName: string | undefined;
  for (let n = 0; n < Math.min(line, lines.length); n++) {
    const l = lines[n].trim();
    const header = /^\[\[?\s*([^\]]+?)\s*\]\]?/.exec(l);
    if (header) {
      table = header[1].split('.').map((k) => k.trim());
      if (l.startsWith('[[') && table.join('.') === 'runners') runnerName = undefined;
      continue;
    }
    const kv = /^([A-Za-z0-9_-]+)\s*=\s*(.*)$/.exec(l);
    if (!kv) continue;
    if (table.join('.') === 'runners' && kv[1] === 'name') {
      try {
        runnerName = String((TOML.parse(`v = ${kv[2]}`) as { v: unknown }).v);
      } catch {
        runnerName = undefined;
      }
    }
    if (n === line - 1) {
      if (table.length === 0) return kv[1];
      if (table[0] !== 'runners' || runnerName === undefined) return [...table, kv[1]].join('.');
      return [`runners[name=${JSON.stringify(runnerName)}]`, ...table.slice(1), kv[1]].join('.');
    }
  }
  return undefined;
}

/** The runner the mode rules read, of the runner named `name`. */
function runnerSection(config: Obj, name: string): RunnerSection | undefined {
  const runner = Array.isArray(config.runners) ? (config.runners as unknown[]).find((r) => isObj(r) && r.name === name) : undefined;
  return isObj(runner) ? parsedRunnerSection(runner) : undefined;
}

/**
 * The jobs of our render the mode's rules hold for: all of them, but a job the render gives no daemon
 * (dind's and kubernetes' skopeo release: no service). Judged on the render, so a service the user
 * removed from a daemon job is still caught.
 */
export function daemonJobs(mode: Mode, rendered: Obj): string[] {
  const daemonless = (name: string) => (mode === 'dind' || mode === 'kubernetes') && effectiveJob(rendered, name).services.length === 0;
  return jobNames(rendered).filter((name) => !daemonless(name));
}

/** Keys of a pipeline that reach every job: a finding there is one our jobs have too. */
const GLOBAL_KEYS = new Set(['default', 'variables', 'image', 'services', 'before_script', 'after_script', 'cache', 'include']);

/**
 * What keeps the pair from being written: the mode's rules broken by our jobs on our runner, and lint's
 * errors in our jobs, the keys that reach them, our runner and the global keys of its file.
 */
export function checkPair(input: PairInput): PairFinding[] {
  const found: PairFinding[] = [];
  const ciData = [...input.included, input.ci].map((f) => (YAML.parse(f.text) ?? {}) as Obj).reduce((a, b) => deepMerge(a, b), {} as Obj);
  let config: Obj | undefined;
  if (input.runner) config = TOML.parse(input.runner.text) as Obj;
  const section = config ? runnerSection(config, input.runnerName) : undefined;
  if (config && !section) found.push({ rule: 'mode-rules', message: `no runner named ${JSON.stringify(input.runnerName)}`, file: input.runner!.name });
  if (section) {
    const problems = new Set<string>();
    for (const name of input.jobs) {
      if (!isObj(ciData[name])) continue; // a job of ours the user deleted: theirs to leave out
      for (const p of MODE_RULES[input.mode](effectiveJob(ciData, name), section, input.tls)) problems.add(p);
    }
    for (const message of problems) found.push({ rule: 'mode-rules', message, file: input.ci.name });
  }
  const findings = lint({ ci: input.ci, included: input.included, runner: input.runner });
  const ours = new Set(input.parts);
  const mainIsOurs = input.included.length === 0;
  for (const f of findings) {
    if (f.severity !== 'error') continue;
    const runnerFile = input.runner?.name === f.file;
    const text = runnerFile ? input.runner!.text : [input.ci, ...input.included].find((s) => s.name === f.file)?.text;
    if (text === undefined) continue;
    const part = runnerFile ? runnerPartAt(text, f.line) : pipelinePartAt(text, f.line);
    const relevant = runnerFile
      ? part === undefined || !part.startsWith('runners[') || part.startsWith(`runners[name=${JSON.stringify(input.runnerName)}]`)
      : part === undefined || GLOBAL_KEYS.has(part) || (ours.has(part) && (mainIsOurs || f.file !== input.ci.name));
    if (relevant) found.push({ rule: f.rule, message: f.message, fix: f.fix, file: f.file, line: f.line, part });
  }
  return found;
}
