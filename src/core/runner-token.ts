/**
 * Puts a runner's authentication token into config.toml: only the `token` line of the runner named in the
 * answers changes; comments, other runners and every other key stay as they are. The answers file's record
 * of config.toml is not updated: the token is one of the runner's own keys (RUNNER_OWN_KEYS), which
 * generate keeps from the file and never takes from a render.
 */
import TOML from '@iarna/toml';
import { ProblemError } from './errors';
import { canonicalJson } from './record/fingerprint';
import { findRunner, Table } from './record/runner-parts';
import { editTomlText } from './merge/toml-edit';
import { parseRunnerConfig } from './merge/runner-merge';

/** A `$VAR` reference (or nothing) is no token: the runner reads it from its environment. */
export function hasRealToken(runner: Table): boolean {
  const token = runner.token;
  return typeof token === 'string' && token !== '' && !/^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(token);
}

export interface TokenTarget {
  /** Whether the runner already has a real token (a runner created before): replacing it needs --force. */
  hasToken: boolean;
}

/** Checks, before anything is created in GitLab, that the file has the runner whose token will be set. */
export function tokenTarget(text: string, runnerName: string, display: string): TokenTarget {
  const runner = findRunner(parseRunnerConfig(text, display), runnerName);
  if (!runner) {
    throw new ProblemError(
      `${display}: has no runner named ${JSON.stringify(runnerName)} (the runner-name of .gitlab-dind.yml); run \`gitlab-dind generate\` first, then register`,
    );
  }
  return { hasToken: hasRealToken(runner) };
}

/** The file's text with that runner's token set; `rewritten`: the layout could not be kept (comments lost). */
export function withRunnerToken(text: string, runnerName: string, token: string, display: string): { contents: string; rewritten: boolean } {
  const config = parseRunnerConfig(text, display);
  const runners = Array.isArray(config.runners) ? (config.runners as Table[]) : [];
  const index = runners.findIndex((r) => r !== null && typeof r === 'object' && r.name === runnerName);
  if (index < 0) throw new ProblemError(`${display}: has no runner named ${JSON.stringify(runnerName)}`);
  runners[index].token = token;
  const wanted = canonicalJson(config);
  const reads = (candidate: string) => {
    try {
      return canonicalJson(TOML.parse(candidate)) === wanted;
    } catch {
      return false;
    }
  };
  const edited = editTomlText(text, [{ runner: index, keys: ['token'], value: token }]);
  if (edited !== undefined && reads(edited)) return { contents: edited, rewritten: false };
  const contents = TOML.stringify(config as TOML.JsonMap);
  if (!reads(contents)) throw new Error(`${display}: the config with the token does not read back as written`);
  return { contents, rewritten: true };
}
