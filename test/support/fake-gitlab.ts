/**
 * A GitLab REST API on 127.0.0.1, answering `GET /groups/:id`, `GET /projects/:id` and `POST /user/runners`
 * as GitLab's API docs describe (doc/api/users.md "Create a runner linked to a user", doc/api/rest: 401,
 * 403, 404, 400 bodies), plus the misbehaviours a client must survive: an answer that never completes, and
 * one far too large. It records every request. Also: the CLI run without blocking this process (the server
 * answers from this process's event loop, which spawnSync would freeze).
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BIN } from './cli';

export const ACCESS_TOKEN = 'glpat-TestAccessToken0123456789';
export const RUNNER_TOKEN = 'glrt-t1_TestRunnerTokenAbCdEf0123456789';
export const RUNNER_ID = 9171;

export const GROUP = { id: 42, fullPath: 'my-group/sub' };
export const PROJECT = { id: 7, fullPath: 'my-group/sub/app' };

/** How POST /user/runners (and, for slow/huge, every request) is answered. */
export type Behaviour = 'ok' | 'echo' | 'forbidden' | 'invalid' | 'unprocessable' | 'slow' | 'huge' | 'redirect' | 'not-json';

export interface Recorded {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface FakeGitlab {
  url: string;
  requests: Recorded[];
  behaviour: Behaviour;
  /** The runner token the next POST /user/runners answers with. */
  runnerToken: string;
  close(): Promise<void>;
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

export async function startFakeGitlab(): Promise<FakeGitlab> {
  const sockets = new Set<import('node:net').Socket>();
  const fake = { requests: [] as Recorded[], behaviour: 'ok' as Behaviour, runnerToken: RUNNER_TOKEN };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      fake.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      answer(req, res, body, fake.behaviour, fake.runnerToken);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  });
}

function answer(req: http.IncomingMessage, res: http.ServerResponse, body: string, behaviour: Behaviour, runnerToken: string): void {
  if (behaviour === 'slow') {
    // Headers, then a body that never ends: only a deadline on the whole exchange gets out of this.
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.write('{"id": ');
    return;
  }
  if (behaviour === 'huge') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    const chunk = `"${'x'.repeat(64 * 1024)}",`;
    res.write('{"padding": [');
    for (let i = 0; i < 256; i++) res.write(chunk); // 16 MiB
    res.end('""], "id": 9171, "token": "glrt-never-read-because-too-large"}');
    return;
  }
  if (req.headers['private-token'] !== ACCESS_TOKEN) return json(res, 401, { message: '401 Unauthorized' });
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const lookup = /^\/api\/v4\/(groups|projects)\/([^/]+)$/.exec(url.pathname);
  if (req.method === 'GET' && lookup) {
    const known = lookup[1] === 'groups' ? GROUP : PROJECT;
    const ref = decodeURIComponent(lookup[2]);
    if (ref === known.fullPath || ref === String(known.id)) return json(res, 200, { id: known.id, full_path: known.fullPath, name: 'sub' });
    return json(res, 404, { message: `404 ${lookup[1] === 'groups' ? 'Group' : 'Project'} Not Found` });
  }
  if (req.method === 'POST' && url.pathname === '/api/v4/user/runners') {
    if (behaviour === 'redirect') {
      res.writeHead(302, { Location: 'http://127.0.0.2:1/elsewhere' });
      return void res.end();
    }
    if (behaviour === 'not-json') {
      res.writeHead(201, { 'Content-Type': 'text/html' });
      return void res.end('<html>a login page</html>');
    }
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return json(res, 400, { error: 'body is not valid JSON' });
    }
    if (!['instance_type', 'group_type', 'project_type'].includes(data.runner_type as string))
      return json(res, 400, { error: 'runner_type does not have a valid value' });
    if (data.runner_type === 'group_type' && data.group_id !== GROUP.id) return json(res, 403, { message: '403 Forbidden' });
    if (data.runner_type === 'project_type' && data.project_id !== PROJECT.id) return json(res, 403, { message: '403 Forbidden' });
    if (behaviour === 'forbidden') return json(res, 403, { message: '403 Forbidden' });
    // A careless (or hostile) server quoting the access token back in its error.
    if (behaviour === 'echo') return json(res, 403, { message: `403 Forbidden: token ${String(req.headers['private-token'])} lacks create_runner` });
    if (behaviour === 'invalid')
      return json(res, 400, { message: { tags_list: ['Tags list can not be empty when runner is not allowed to pick untagged jobs'] } });
    if (behaviour === 'unprocessable') return json(res, 422, { message: { description: ['is too long (maximum is 1024 characters)'] } });
    return json(res, 201, { id: RUNNER_ID, token: runnerToken, token_expires_at: null });
  }
  return json(res, 404, { message: '404 Not Found' });
}

export interface AsyncRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The built CLI in `cwd`, with GITLAB_TOKEN as given (unset when null), awaited without blocking. */
export function runCliAsync(args: string[], cwd: string, gitlabToken: string | null = ACCESS_TOKEN): Promise<AsyncRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0' };
  delete env.GITLAB_TOKEN;
  if (gitlabToken !== null) env.GITLAB_TOKEN = gitlabToken;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
