/**
 * `gitlab-dind register` end to end: the CLI's `main(argv, io)` in this process (test/support/main-in-process.ts),
 * GITLAB_TOKEN in the environment it is given (io.env), against a GitLab API on 127.0.0.1
 * (test/support/fake-gitlab.ts) that answers as GitLab's docs describe. The runner is created, its token lands in
 * config.toml (0600) and in no output; every refusal writes nothing; usage errors send nothing. The last
 * describe spawns the built binary: the token read from the real process environment.
 */
import fs from 'node:fs';
import path from 'node:path';
import TOML from '@iarna/toml';
import { runCli, runMain, snapshot, tempDir } from '../support/main-in-process';
import { ACCESS_TOKEN, FakeGitlab, GROUP, PROJECT, RUNNER_ID, RUNNER_TOKEN, runCliAsync, startFakeGitlab } from '../support/fake-gitlab';
import { runnerSchemaErrors } from '../support/runner-schema';

let gitlab: FakeGitlab;
beforeAll(async () => {
  gitlab = await startFakeGitlab();
});
afterAll(() => gitlab.close());
beforeEach(() => {
  gitlab.requests.length = 0;
  gitlab.behaviour = 'ok';
  gitlab.runnerToken = RUNNER_TOKEN;
});

/** `gitlab-dind ARGS` in this process, with GITLAB_TOKEN as given (unset when null) and nothing else in its environment. */
function registerRun(args: string[], cwd: string, gitlabToken: string | null = ACCESS_TOKEN) {
  return runMain(args, cwd, gitlabToken === null ? {} : { GITLAB_TOKEN: gitlabToken });
}

/** A project written by init --yes, its GitLab URL the fake's. */
async function project(...flags: string[]): Promise<string> {
  const dir = tempDir('gitlab-dind-register-');
  const r = await runCli(['init', '--yes', '--gitlab-url', gitlab.url, ...flags], dir);
  expect(r.code).toBe(0);
  return dir;
}

const CONFIG = 'gitlab-runner/config.toml';
const configOf = (dir: string) => fs.readFileSync(path.join(dir, CONFIG), 'utf8');
const runnerOf = (text: string, name: string) => (TOML.parse(text).runners as { name: string; token: string }[]).find((r) => r.name === name)!;
const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

/** Neither secret anywhere in what the run printed. */
function expectNoSecret(run: { stdout: string; stderr: string }): void {
  for (const secret of [RUNNER_TOKEN, ACCESS_TOKEN, 'TestRunnerToken', 'TestAccessToken']) {
    expect(run.stdout).not.toContain(secret);
    expect(run.stderr).not.toContain(secret);
  }
}

describe('register creates the runner and writes its token', () => {
  test('a group by path: looked up, runner created with the tags, token in config.toml (0600), user edits kept, printed nowhere', async () => {
    const dir = await project('--tags', 'docker,build');
    const config = path.join(dir, CONFIG);
    // A runner host's own edits: a comment and a runner of its own, which must survive.
    fs.writeFileSync(
      config,
      `${configOf(dir)}\n# mine: keep this\n[[runners]]\n  name = "other"\n  url = "https://gitlab.com/"\n  token = "glrt-other-runners-own-token"\n  executor = "shell"\n`,
    );
    fs.chmodSync(config, 0o644); // loosened by hand: the token must still land in a private file

    const run = await registerRun(['register', '--group', GROUP.fullPath], dir);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`created runner #${RUNNER_ID} in GitLab (group ${GROUP.fullPath}`);
    expect(run.stdout).toContain(`updated ${CONFIG}`);
    expectNoSecret(run);
    const text = configOf(dir);
    expect(runnerOf(text, 'dind-tls').token).toBe(RUNNER_TOKEN);
    expect(runnerOf(text, 'other').token).toBe('glrt-other-runners-own-token');
    expect(text).toContain('# mine: keep this');
    expect(text).toContain('# Written by gitlab-dind');
    expect(modeOf(config)).toBe(0o600);
    expect(runnerSchemaErrors(text)).toEqual([]);

    expect(gitlab.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /api/v4/groups/my-group%2Fsub?with_projects=false', 'POST /api/v4/user/runners']);
    for (const r of gitlab.requests) expect(r.headers['private-token']).toBe(ACCESS_TOKEN);
    expect(JSON.parse(gitlab.requests[1].body)).toEqual({
      runner_type: 'group_type',
      group_id: GROUP.id,
      description: 'dind-tls',
      tag_list: ['docker', 'build'],
      run_untagged: false,
    });
  });

  test('generate and init afterwards keep the token; generate --check stays clean', async () => {
    const dir = await project('--mode', 'socket');
    expect((await registerRun(['register', '--project', String(PROJECT.id)], dir)).code).toBe(0);
    expect((await runCli(['generate', '--check'], dir)).code).toBe(0);
    const regen = await runCli(['generate'], dir);
    expect(regen.code).toBe(0);
    expectNoSecret(regen);
    expect(runnerOf(configOf(dir), 'docker-socket').token).toBe(RUNNER_TOKEN);
    const init = await runCli(['init', '--yes', '--mode', 'socket', '--gitlab-url', gitlab.url], dir);
    expect(init.code).toBe(0);
    expectNoSecret(init);
    expect(runnerOf(configOf(dir), 'docker-socket').token).toBe(RUNNER_TOKEN);
    expect(modeOf(path.join(dir, CONFIG))).toBe(0o600);
  });

  test('a project by ID and no tags: no lookup, the runner runs untagged jobs', async () => {
    const dir = await project();
    const run = await registerRun(['register', '--project', String(PROJECT.id)], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('no tags: runs untagged jobs');
    expectNoSecret(run);
    expect(gitlab.requests.map((r) => r.method)).toEqual(['POST']);
    expect(JSON.parse(gitlab.requests[0].body)).toEqual({ runner_type: 'project_type', project_id: PROJECT.id, description: 'dind-tls', run_untagged: true });
    expect(runnerOf(configOf(dir), 'dind-tls').token).toBe(RUNNER_TOKEN);
  });

  test('kubernetes mode: the token in config.toml, and the Helm secret said', async () => {
    const dir = await project('--mode', 'kubernetes');
    const run = await registerRun(['register', '--project', PROJECT.fullPath], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('For the Helm chart (values.yaml), the token goes into its secret instead');
    expectNoSecret(run);
    expect(runnerOf(configOf(dir), 'k8s-dind-tls').token).toBe(RUNNER_TOKEN);
    expect(fs.readFileSync(path.join(dir, 'gitlab-runner/values.yaml'), 'utf8')).not.toContain(RUNNER_TOKEN);
  });

  test('a runner that has a token already: refused without --force (nothing sent); --force replaces it and keeps a private .bak', async () => {
    const dir = await project();
    expect((await registerRun(['register', '--group', String(GROUP.id)], dir)).code).toBe(0);
    gitlab.requests.length = 0;
    const before = snapshot(dir);
    const again = await registerRun(['register', '--group', String(GROUP.id)], dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/has a token already.*--force/);
    expect(gitlab.requests).toEqual([]);
    expect(snapshot(dir)).toEqual(before);

    gitlab.runnerToken = `${RUNNER_TOKEN}Second`;
    const forced = await registerRun(['register', '--group', String(GROUP.id), '--force'], dir);
    expect(forced.code).toBe(0);
    expectNoSecret(forced);
    expect(runnerOf(configOf(dir), 'dind-tls').token).toBe(`${RUNNER_TOKEN}Second`);
    const bak = path.join(dir, `${CONFIG}.bak`);
    expect(runnerOf(fs.readFileSync(bak, 'utf8'), 'dind-tls').token).toBe(RUNNER_TOKEN);
    expect(modeOf(bak)).toBe(0o600);
  });

  test('--dry-run shows the requests without the token, sends and writes nothing', async () => {
    const dir = await project('--tags', 'docker');
    const before = snapshot(dir);
    const run = await registerRun(['register', '--group', GROUP.fullPath, '--dry-run'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`GET ${gitlab.url}api/v4/groups/my-group%2Fsub?with_projects=false`);
    expect(run.stdout).toContain(`POST ${gitlab.url}api/v4/user/runners`);
    expect(run.stdout).toContain('"run_untagged": false');
    expectNoSecret(run);
    expect(gitlab.requests).toEqual([]);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('GitLab says no: one line, exit 1, nothing written, no secret printed', () => {
  const cases: [string, () => void, string[], RegExp][] = [
    ['401: a bad token', () => undefined, ['--group', GROUP.fullPath], /401 Unauthorized.*GITLAB_TOKEN is not a valid token/],
    ['403: no permission', () => (gitlab.behaviour = 'forbidden'), ['--group', String(GROUP.id)], /403 Forbidden.*create_runner scope.*Owner/],
    ['404: no such group', () => undefined, ['--group', 'no-such/group'], /looking up group no-such\/group: 404 Not Found \(GitLab: 404 Group Not Found\)/],
    ['404: no such project', () => undefined, ['--project', 'my-group/none'], /404 Not Found \(GitLab: 404 Project Not Found\)/],
    [
      '400: a validation error',
      () => (gitlab.behaviour = 'invalid'),
      ['--group', String(GROUP.id)],
      /400 the runner was not accepted \(GitLab: tags_list Tags list can not be empty/,
    ],
    [
      '422: a validation error',
      () => (gitlab.behaviour = 'unprocessable'),
      ['--group', String(GROUP.id)],
      /422 the runner was not accepted \(GitLab: description is too long/,
    ],
    [
      '403 quoting the access token back: quoted without it',
      () => (gitlab.behaviour = 'echo'),
      ['--group', String(GROUP.id)],
      /403 Forbidden \(GitLab: 403 Forbidden: token \[redacted\] lacks create_runner\)/,
    ],
    [
      'a redirect: not followed',
      () => (gitlab.behaviour = 'redirect'),
      ['--group', String(GROUP.id)],
      /302, a redirect to http:\/\/127\.0\.0\.2:1\/elsewhere, which is not followed/,
    ],
    ['an answer that is not JSON', () => (gitlab.behaviour = 'not-json'), ['--group', String(GROUP.id)], /not the JSON object its API documents/],
  ];
  test.each(cases)('%s', async (_name, arrange, args, message) => {
    const dir = await project();
    arrange();
    const before = snapshot(dir);
    const token = _name.startsWith('401') ? 'glpat-wrongwrongwrong' : ACCESS_TOKEN;
    const run = await registerRun(['register', ...args], dir, token);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
    expectNoSecret(run);
    expect(run.stderr).not.toContain('glpat-wrong');
    expect(snapshot(dir)).toEqual(before);
  });

  test('an answer that never completes: given up after --timeout, nothing written', async () => {
    const dir = await project();
    gitlab.behaviour = 'slow';
    const before = snapshot(dir);
    const run = await registerRun(['register', '--group', String(GROUP.id), '--timeout', '1'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/no complete answer within 1 s \(--timeout\).*a runner may have been created/);
    expectNoSecret(run);
    expect(snapshot(dir)).toEqual(before);
  });

  test('an answer far too large: not read past the cap, nothing written', async () => {
    const dir = await project();
    gitlab.behaviour = 'huge';
    const before = snapshot(dir);
    const run = await registerRun(['register', '--group', GROUP.fullPath], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/larger than expected; not read/);
    expect(run.stderr.length).toBeLessThan(1000);
    expect(snapshot(dir)).toEqual(before);
  });

  test('no server at the address: one line, exit 1', async () => {
    const dir = tempDir('gitlab-dind-register-');
    expect((await runCli(['init', '--yes', '--gitlab-url', 'http://127.0.0.1:1/'], dir)).code).toBe(0);
    const before = snapshot(dir);
    const run = await registerRun(['register', '--group', '5'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^gitlab-dind: POST http:\/\/127\.0\.0\.1:1: connection refused/);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('bad input: exit 2 before anything is sent', () => {
  const cases: [string, string[], string | null, RegExp][] = [
    ['GITLAB_TOKEN unset', ['--group', '5'], null, /^gitlab-dind: GITLAB_TOKEN: not set; expected a personal access token/],
    ['GITLAB_TOKEN with a line break', ['--group', '5'], 'glpat-abc\nX-Evil: 1', /^gitlab-dind: GITLAB_TOKEN: not valid \(19 characters/],
    ['no --group or --project', [], ACCESS_TOKEN, /where to create the runner is not given; expected --group PATH\|ID or --project PATH\|ID/],
    ['both', ['--group', '5', '--project', '6'], ACCESS_TOKEN, /--group, --project: given together; expected one of them/],
    ['a path that is not one', ['--group', '../etc'], ACCESS_TOKEN, /--group: "\.\.\/etc" is not valid; expected the group's numeric ID or its full path/],
    ['a bad --timeout', ['--group', '5', '--timeout', '0'], ACCESS_TOKEN, /--timeout: "0" is not valid; expected whole seconds from 1 to 600/],
    ['the token as a flag', ['--group', '5', '--token', 'x'], ACCESS_TOKEN, /--token: unknown/],
  ];
  test.each(cases)('%s', async (_name, args, token, message) => {
    const dir = await project();
    const before = snapshot(dir);
    const run = await registerRun(['register', ...args], dir, token);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toContain('glpat-abc');
    expect(gitlab.requests).toEqual([]);
    expect(snapshot(dir)).toEqual(before);
  });

  test('no .gitlab-dind.yml: exit 2; no config.toml: exit 1; neither sends anything', async () => {
    const empty = tempDir('gitlab-dind-register-');
    const none = await registerRun(['register', '--group', '5'], empty);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/\.gitlab-dind\.yml: not found/);
    const dir = await project();
    fs.rmSync(path.join(dir, CONFIG));
    const missing = await registerRun(['register', '--group', '5'], dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/gitlab-runner\/config\.toml: not found.*no runner created/);
    expect(gitlab.requests).toEqual([]);
  });

  test('a runner-config outside the project: written only when the command line gives the same path', async () => {
    const dir = tempDir('gitlab-dind-register-');
    const host = path.join(tempDir('gitlab-dind-register-host-'), 'config.toml');
    expect((await runCli(['init', '--yes', '--gitlab-url', gitlab.url, '--runner-config', host], dir)).code).toBe(0);
    const refused = await registerRun(['register', '--group', '42'], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/is outside the project folder.*--runner-config/);
    const other = await registerRun(['register', '--group', '42', '--runner-config', path.join(dir, 'x.toml')], dir);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/--runner-config: .* is not the runner-config of \.gitlab-dind\.yml/);
    expect(gitlab.requests).toEqual([]);
    const run = await registerRun(['register', '--group', '42', '--runner-config', host], dir);
    expect(run.code).toBe(0);
    expectNoSecret(run);
    expect(runnerOf(fs.readFileSync(host, 'utf8'), 'dind-tls').token).toBe(RUNNER_TOKEN);
    expect(modeOf(host)).toBe(0o600);
  });

  test('an http:// GitLab that is not this machine: refused unless --allow-http', async () => {
    const dir = tempDir('gitlab-dind-register-');
    // .invalid never resolves (RFC 2606): were the check broken, no server anywhere could be asked.
    expect((await runCli(['init', '--yes', '--gitlab-url', 'http://gitlab.invalid/'], dir)).code).toBe(0);
    const run = await registerRun(['register', '--group', '5'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /gitlab-url: "http:\/\/gitlab\.invalid\/" is http:\/\/, so GITLAB_TOKEN would cross the network unencrypted; expected https:\/\/, or --allow-http/,
    );
  });
});

describe('the built binary: GITLAB_TOKEN from the process environment (processIo)', () => {
  test('set: the runner is created and its token written, printed nowhere', async () => {
    const dir = await project();
    const run = await runCliAsync(['register', '--group', String(GROUP.id)], dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expectNoSecret(run);
    expect(gitlab.requests.map((r) => r.headers['private-token'])).toEqual([ACCESS_TOKEN]);
    expect(runnerOf(configOf(dir), 'dind-tls').token).toBe(RUNNER_TOKEN);
  });

  test('unset: exit 2, nothing sent', async () => {
    const dir = await project();
    const run = await runCliAsync(['register', '--group', '5'], dir, null);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^gitlab-dind: GITLAB_TOKEN: not set/);
    expect(gitlab.requests).toEqual([]);
  });
});
