/** Fingerprints of the parts of config.toml the tool owns: its global keys and its runner's keys, one by one. */
import TOML from '@iarna/toml';
import { dataPrint } from './fingerprint';

export type Table = Record<string, unknown>;

/** Keys the tool never takes from its render into an existing runner: its identity and its secret. */
export const RUNNER_OWN_KEYS = new Set(['name', 'token']);

export function isTable(value: unknown): value is Table {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
}

export interface Leaf {
  id: string;
  keys: string[];
  value: unknown;
}

function segment(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
}

export function runnerLeaves(table: Table, id: string, keys: string[] = []): Leaf[] {
  return Object.entries(table).flatMap(([key, value]) => {
    if (keys.length === 0 && RUNNER_OWN_KEYS.has(key)) return [];
    if (isTable(value)) return runnerLeaves(value, `${id}.${segment(key)}`, [...keys, key]);
    return [{ id: `${id}.${segment(key)}`, keys: [...keys, key], value }];
  });
}

export function findRunner(config: Table, name: string): Table | undefined {
  const runners = config.runners;
  return Array.isArray(runners) ? (runners.find((r) => isTable(r) && r.name === name) as Table | undefined) : undefined;
}

export function runnerPath(name: string): string {
  return `runners[name=${JSON.stringify(name)}]`;
}

export function leavesOf(config: Table, name: string): { globals: Leaf[]; runner: Leaf[] } {
  const globals = Object.entries(config)
    .filter(([key]) => key !== 'runners')
    .map(([key, value]) => ({ id: segment(key), keys: [key], value }));
  const runner = findRunner(config, name);
  return { globals, runner: runner ? runnerLeaves(runner, runnerPath(name)) : [] };
}

/** Fingerprint of each part the tool owns: its global keys and its runner's keys, one by one. */
export function runnerParts(text: string, name: string, config: Table = TOML.parse(text) as Table): Record<string, string> {
  const { globals, runner } = leavesOf(config, name);
  return Object.fromEntries([...globals, ...runner].map((l) => [l.id, dataPrint(l.value)]));
}
