/**
 * The runner side as lint sees it: each `[[runners]]` of a config.toml (or of the `runners.config`
 * TOML inside a Helm chart's values.yaml), with the lines of its keys.
 */
import TOML from '@iarna/toml';
import { isScalar } from 'yaml';
import { SourceError } from '../errors';
import { services as parseServices } from '../effective-jobs';
import { LocatedService } from './ci-model';
import { TableRef, tomlKeyLine } from './toml-lines';
import { Where } from './types';
import { nodeAt, parseYamlSource } from './yaml-source';

type Obj = Record<string, unknown>;

export interface LintRunner {
  index: number;
  file: string;
  executor?: string;
  /** `docker` or `kubernetes`: the table holding the executor's settings. */
  table?: 'runners.docker' | 'runners.kubernetes';
  privileged?: boolean;
  /** Docker `services_privileged`; Kubernetes `service_container_security_context` `privileged`. */
  servicesPrivileged?: boolean;
  /** Docker `allowed_privileged_services`: [] = every service image. */
  allowedPrivilegedServices: string[];
  /** The container runtime, e.g. sysbox-runc, which runs dind without privileged. */
  runtime?: string;
  image?: string;
  volumes: string[];
  /** Kubernetes: mount paths of empty_dir volumes, and of host_path volumes. */
  emptyDirs: string[];
  hostPaths: string[];
  tlsVerify?: boolean;
  host?: string;
  extraHosts: string[];
  securityOpt: string[];
  services: LocatedService[];
  featureFlags: Record<string, string>;
  /** `environment = ["KEY=value"]` of [[runners]]: set in every job, under the job's own variables. */
  environment: Record<string, string>;
  /** Line of a key in this runner's executor table (or another table); the table header when missing. */
  line(key?: string, ref?: TableRef): number;
  /** The place of a key in this runner's executor table (its header when missing), for a finding. */
  at(key?: string): Where;
  /** Line of a key of the [[runners]] table itself (e.g. environment); its header when missing. */
  rootLine(key?: string): number;
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function parseToml(name: string, text: string, lineOffset: number): Obj {
  try {
    return TOML.parse(text) as Obj;
  } catch (err) {
    const e = err as Error & { line?: number };
    throw new SourceError(`${name}:${(e.line ?? 0) + 1 + lineOffset}`, `does not parse as TOML: ${e.message.split(' at row ')[0]}`, true);
  }
}

/** The TOML text of a runner file and how many lines precede it in the file. */
function tomlOf(name: string, text: string): { toml: string; offset: number; helm: boolean } {
  if (!/\.ya?ml$/i.test(name)) return { toml: text, offset: 0, helm: false };
  const src = parseYamlSource(name, text);
  const found = nodeAt(src, ['runners', 'config']);
  const node = found?.value;
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range)
    throw new SourceError(`${name}:1`, "a Helm values file needs the runner's TOML in runners.config");
  // A literal block (`config: |`) keeps one source line per TOML line, starting on the next line.
  const literal = node.type === 'BLOCK_LITERAL';
  return { toml: node.value, offset: literal ? src.lineOf(node.range[0]) : 0, helm: true };
}

function environment(runner: Obj): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of strings(runner.environment)) {
    const eq = entry.indexOf('=');
    if (eq > 0) out[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return out;
}

function featureFlags(runner: Obj): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObj(runner.feature_flags)) for (const [k, v] of Object.entries(runner.feature_flags)) out[k] = String(v);
  for (const entry of strings(runner.environment)) {
    const eq = entry.indexOf('=');
    if (eq > 0) out[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return out;
}

/** The executor as written; else what the tables say (GitLab's Helm examples leave it to the chart: kubernetes). */
function executorOf(runner: Obj, helm: boolean): string | undefined {
  if (typeof runner.executor === 'string') return runner.executor;
  if (isObj(runner.kubernetes) || helm) return 'kubernetes';
  return isObj(runner.docker) ? 'docker' : undefined;
}

function runnerOf(file: string, toml: string, offset: number, runner: Obj, index: number, helm: boolean): LintRunner {
  const executor = executorOf(runner, helm);
  const table = executor?.startsWith('kubernetes') ? 'runners.kubernetes' : executor?.startsWith('docker') ? 'runners.docker' : undefined;
  const exec: Obj = table === 'runners.kubernetes' ? (isObj(runner.kubernetes) ? runner.kubernetes : {}) : isObj(runner.docker) ? runner.docker : {};
  const line = (key?: string, ref?: TableRef) => offset + tomlKeyLine(toml, index, ref ?? (table ? { table } : undefined), key);
  const vols = isObj(exec.volumes) ? exec.volumes : {};
  const mounts = (kind: string) => (Array.isArray(vols[kind]) ? (vols[kind] as Obj[]).map((v) => str(v.mount_path) ?? '') : []);
  const serviceTable = `${table ?? 'runners.docker'}.services`;
  const services = parseServices(exec.services).map((s, i) => ({ ...s, file, line: line('name', { table: serviceTable, index: i }) }));
  return {
    index,
    file,
    executor,
    table,
    privileged: bool(exec.privileged),
    servicesPrivileged:
      table === 'runners.kubernetes'
        ? bool(isObj(exec.service_container_security_context) ? exec.service_container_security_context.privileged : undefined)
        : bool(exec.services_privileged),
    allowedPrivilegedServices: table === 'runners.docker' ? strings(exec.allowed_privileged_services) : [],
    runtime: str(exec.runtime),
    image: str(exec.image),
    volumes: table === 'runners.docker' ? strings(exec.volumes) : [],
    emptyDirs: mounts('empty_dir'),
    hostPaths: mounts('host_path'),
    tlsVerify: bool(exec.tls_verify),
    host: str(exec.host),
    extraHosts: strings(exec.extra_hosts),
    securityOpt: strings(exec.security_opt),
    services,
    featureFlags: featureFlags(runner),
    environment: environment(runner),
    line,
    at: (key) => ({ file, line: line(key) }),
    rootLine: (key) => offset + tomlKeyLine(toml, index, undefined, key),
  };
}

export function lintRunners(file: string, text: string): LintRunner[] {
  const { toml, offset, helm } = tomlOf(file, text);
  const config = parseToml(file, toml, offset);
  const runners = Array.isArray(config.runners) ? (config.runners as unknown[]).filter(isObj) : [];
  return runners.map((r, i) => runnerOf(file, toml, offset, r, i, helm));
}
