/**
 * `gitlab-dind register`, the pure part: the requests to GitLab's REST API (look a group or project up by
 * path, then `POST /user/runners`), and what its answers mean, as GitLab's API docs describe them. Nothing
 * here sends anything or sees the access token: src/io/gitlab-http.ts sends, with the token as a header.
 */
import { ProblemError, UsageError } from './errors';
import { checkPrintable } from './validators';

/** Where the runner is created: a group's or a project's runner (by id, or by its full path), or the instance's. */
export type RunnerScope = { kind: 'group' | 'project'; ref: number | string } | { kind: 'instance' };

export interface ApiRequest {
  method: 'GET' | 'POST';
  url: string;
  /** JSON text (POST only). */
  body?: string;
}

/** What came back: the status and at most the bounded read of the body (`cut`: there was more). */
export interface ApiAnswer {
  status: number;
  body: string;
  cut: boolean;
  /** The Location header of a redirect, if any. */
  location?: string;
}

/** What the runner is created with: from .gitlab-dind.yml (description = runner name, tags). */
export interface RunnerSettings {
  description: string;
  tags: string[];
}

export interface CreatedRunner {
  id: number;
  token: string;
}

/** GitLab ids are positive integers; a path is `group/sub/project` of GitLab's path characters. */
const ID = /^[1-9][0-9]{0,15}$/;
const PATH = /^[A-Za-z0-9_.][A-Za-z0-9_.+-]*(\/[A-Za-z0-9_.][A-Za-z0-9_.+-]*)*$/;

/** The scope from --group / --project / --instance: exactly one, each value an id or a full path. */
export function scopeFrom(group: unknown, project: unknown, instance: unknown): RunnerScope {
  const given = [group !== undefined && '--group', project !== undefined && '--project', instance === true && '--instance'].filter(Boolean);
  if (given.length === 0)
    throw new UsageError(
      'register: where to create the runner is not given; expected --group PATH|ID or --project PATH|ID (or --instance, for an administrator)',
    );
  if (given.length > 1) throw new UsageError(`${given.join(', ')}: given together; expected one of them`);
  if (instance === true) return { kind: 'instance' };
  const kind = group !== undefined ? 'group' : 'project';
  const value = group ?? project;
  const expected = `expected the ${kind}'s numeric ID or its full path (such as my-group/sub${kind === 'project' ? '/my-project' : ''})`;
  if (typeof value !== 'string' && typeof value !== 'number') throw new UsageError(`--${kind}: ${JSON.stringify(value)} is not valid; ${expected}`);
  const text = String(value).trim();
  if (ID.test(text)) return { kind, ref: Number(text) };
  // Digits alone are an id to GitLab's API, never a path.
  if (text.length <= 1024 && !/^\d+$/.test(text) && PATH.test(text) && !text.split('/').some((s) => s === '.' || s === '..')) return { kind, ref: text };
  throw new UsageError(`--${kind}: ${JSON.stringify(String(value))} is not valid; ${expected}`);
}

/** `https://gitlab.example.com/sub/` → `https://gitlab.example.com/sub/api/v4/`: GitLab may live under a path. */
export function apiBase(gitlabUrl: string): string {
  const url = new URL(gitlabUrl);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return new URL('api/v4/', url).toString();
}

/** A path is looked up (`GET /groups/:id` takes the URL-encoded full path); an id needs no request. */
export function lookupRequest(base: string, scope: RunnerScope): ApiRequest | undefined {
  if (scope.kind === 'instance' || typeof scope.ref === 'number') return undefined;
  const query = scope.kind === 'group' ? '?with_projects=false' : ''; // a group's answer would list its projects
  return { method: 'GET', url: `${base}${scope.kind}s/${encodeURIComponent(scope.ref)}${query}` };
}

/** The body of `POST /user/runners` (GitLab's "Create a runner linked to a user"). */
export function createRunnerRequest(base: string, scope: RunnerScope, settings: RunnerSettings, id?: number): ApiRequest {
  const body: Record<string, unknown> = { runner_type: `${scope.kind}_type` };
  if (scope.kind !== 'instance') body[`${scope.kind}_id`] = id ?? scope.ref;
  body.description = settings.description;
  // The jobs carry these tags; without tags the runner must take untagged jobs, or it would take none.
  if (settings.tags.length > 0) body.tag_list = settings.tags;
  body.run_untagged = settings.tags.length === 0;
  return { method: 'POST', url: `${base}user/runners`, body: JSON.stringify(body) };
}

/** A scope as said to the user: `group my/group`, `project 42`, `the instance`. */
export function describeScope(scope: RunnerScope): string {
  return scope.kind === 'instance' ? 'the instance' : `${scope.kind} ${scope.ref}`;
}

/** A piece of a server's answer fit to quote in one line: printable, short. */
function quotable(text: string): string {
  const flat = [...text.replace(/\s+/g, ' ').trim()].filter((c) => !checkPrintable(c)).join('');
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

/** GitLab's error bodies: `{"message": "..."}`, `{"message": {"field": ["..."]}}` or `{"error": "...", "error_description": "..."}`. */
export function serverMessage(body: string): string {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    return '';
  }
  if (data === null || typeof data !== 'object') return '';
  const d = data as Record<string, unknown>;
  const pieces: string[] = [];
  const add = (v: unknown) => {
    if (typeof v === 'string') pieces.push(v);
    else if (Array.isArray(v)) v.forEach(add);
    else if (v !== null && typeof v === 'object')
      for (const [k, inner] of Object.entries(v))
        pieces.push(
          `${k} ${[inner]
            .flat()
            .filter((x) => typeof x === 'string')
            .join(', ')}`,
        );
  };
  add(d.message);
  add(d.error);
  add(d.error_description);
  return quotable(pieces.join('; '));
}

/** One line per status GitLab's API documents, naming what to do; `what` is the request's purpose. */
export function failure(answer: ApiAnswer, what: string, scope: RunnerScope): ProblemError {
  const said = answer.cut ? '' : serverMessage(answer.body);
  const quoted = said ? ` (GitLab: ${said})` : '';
  const where = describeScope(scope);
  switch (answer.status) {
    case 401:
      return new ProblemError(
        `${what}: 401 Unauthorized${quoted}; GITLAB_TOKEN is not a valid token (wrong, expired or revoked); expected a personal access token with the create_runner scope`,
      );
    case 403:
      return new ProblemError(
        `${what}: 403 Forbidden${quoted}; expected a token with the create_runner scope (and read_api to look up a path) whose user is an Owner of the ${scope.kind === 'instance' ? 'instance (an administrator)' : scope.kind} (or an administrator), on a GitLab that lets owners create runners`,
      );
    case 404:
      return new ProblemError(
        `${what}: 404 Not Found${quoted}; ${where} does not exist or the token's user cannot see it; expected the ${scope.kind === 'instance' ? 'GitLab URL' : `${scope.kind}'s full path or ID`} as GitLab shows it`,
      );
    case 400:
    case 422:
      return new ProblemError(`${what}: ${answer.status} the runner was not accepted${quoted}; check the tags and runner-name in .gitlab-dind.yml`);
    default:
      if (answer.status >= 300 && answer.status < 400) {
        const to = answer.location ? ` to ${quotable(answer.location)}` : '';
        return new ProblemError(
          `${what}: GitLab answered ${answer.status}, a redirect${to}, which is not followed (the token would go along); expected gitlab-url in .gitlab-dind.yml to be GitLab's own address`,
        );
      }
      return new ProblemError(`${what}: GitLab answered ${answer.status}${quoted}; expected 2xx (is gitlab-url in .gitlab-dind.yml a GitLab server?)`);
  }
}

function jsonOf(answer: ApiAnswer, what: string): Record<string, unknown> {
  if (answer.cut) throw new ProblemError(`${what}: GitLab's answer is larger than expected; not read (is gitlab-url in .gitlab-dind.yml a GitLab server?)`);
  try {
    const data = JSON.parse(answer.body) as unknown;
    if (data !== null && typeof data === 'object' && !Array.isArray(data)) return data as Record<string, unknown>;
  } catch {
    // said below
  }
  throw new ProblemError(`${what}: GitLab's answer is not the JSON object its API documents (is gitlab-url in .gitlab-dind.yml a GitLab server?)`);
}

const isId = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

/** The id from `GET /groups/:id` or `GET /projects/:id`. */
export function readLookup(answer: ApiAnswer, scope: RunnerScope): number {
  const what = `looking up ${describeScope(scope)}`;
  if (answer.status !== 200) throw failure(answer, what, scope);
  const data = jsonOf(answer, what);
  if (!isId(data.id)) throw new ProblemError(`${what}: GitLab's answer has no ${scope.kind} id`);
  return data.id;
}

/**
 * A runner authentication token as GitLab gives it (`glrt-...`, perhaps after an instance's own prefix):
 * URL-safe characters only, so it can never break the TOML line or a shell word it goes into.
 */
const TOKEN = /^[A-Za-z0-9_.-]{8,1024}$/;

/** The runner from `POST /user/runners`: 201 Created with `{"id": 9171, "token": "glrt-...", ...}`. */
export function readCreated(answer: ApiAnswer, scope: RunnerScope): CreatedRunner {
  const what = `creating the runner in ${describeScope(scope)}`;
  if (answer.status !== 201 && answer.status !== 200) throw failure(answer, what, scope);
  const data = jsonOf(answer, what);
  // The token is never quoted in a message, valid or not.
  if (!isId(data.id) || typeof data.token !== 'string' || !TOKEN.test(data.token)) {
    throw new ProblemError(
      `${what}: GitLab's answer has no runner id and token as its API documents; nothing written (if a runner was created, delete it in GitLab)`,
    );
  }
  return { id: data.id, token: data.token };
}

/** What --dry-run shows: the requests, the token header named, never its value. */
export function describeRequest(request: ApiRequest, placeholders: Record<string, string> = {}): string {
  const lines = [`${request.method} ${request.url}`, 'PRIVATE-TOKEN header: GITLAB_TOKEN (not shown)'];
  if (request.body !== undefined) lines.push('Content-Type: application/json', '', JSON.stringify({ ...JSON.parse(request.body), ...placeholders }, null, 2));
  return `${lines.join('\n')}\n`;
}
