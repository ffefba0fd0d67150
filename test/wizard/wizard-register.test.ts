/**
 * The wizard's last step, in a real pseudo-terminal: with GITLAB_TOKEN set it offers to create the runner
 * (gitlab-dind register) against a GitLab API on 127.0.0.1; Enter (no) leaves exactly what init --yes writes.
 */
import fs from 'node:fs';
import path from 'node:path';
import TOML from '@iarna/toml';
import { runCli, snapshot, tempDir } from '../support/cli';
import { ACCESS_TOKEN, FakeGitlab, GROUP, RUNNER_ID, RUNNER_TOKEN, startFakeGitlab } from '../support/fake-gitlab';
import { KEY, Terminal } from '../support/terminal';

const OFFER = 'Create the runner in GitLab now';
/** The questions a dind user meets when --tags and --gitlab-url are given, in order. */
const QUESTIONS = [
  'Folder to write the files in',
  'Build mode',
  'Jobs in this repository, or a shared CI/CD component?',
  'Docker version',
  'TLS between the job',
  'Where are the docker images pulled from?',
  'Where does the built image go?',
  'Dockerfile to build',
  'Test of the built image',
  'Runner name',
  'Jobs the runner runs at once',
  'Write these files?',
];

let gitlab: FakeGitlab;
const terminals: Terminal[] = [];
beforeAll(async () => {
  gitlab = await startFakeGitlab();
});
afterAll(() => gitlab.close());
afterEach(() => {
  terminals.splice(0).forEach((t) => t.kill());
  gitlab.requests.length = 0;
  delete process.env.GITLAB_TOKEN;
});

/** The wizard with GITLAB_TOKEN in its environment (the Terminal takes this process's), or without. */
function wizard(dir: string, token: string | undefined): Terminal {
  if (token === undefined) delete process.env.GITLAB_TOKEN;
  else process.env.GITLAB_TOKEN = token;
  const t = new Terminal(['--tags', 'docker', '--gitlab-url', gitlab.url], dir);
  delete process.env.GITLAB_TOKEN;
  terminals.push(t);
  return t;
}

async function enterThrough(t: Terminal): Promise<void> {
  for (const q of QUESTIONS) await t.answer(q, KEY.enter);
}

test('with GITLAB_TOKEN: the last step creates a group runner; its token is in config.toml (0600) and not on the screen', async () => {
  const dir = tempDir('gitlab-dind-wizard-register-');
  const t = wizard(dir, ACCESS_TOKEN);
  await enterThrough(t);
  await t.choose(OFFER, 1, 'yes, a group runner');
  await t.answerText('Group: full path or ID', GROUP.fullPath);
  expect(await t.exitCode()).toBe(0);
  expect(t.screen).toContain(`created runner #${RUNNER_ID} in GitLab (group ${GROUP.fullPath}; description "dind-tls"; tags docker)`);
  expect(t.screen).not.toContain(RUNNER_TOKEN);
  expect(t.screen).not.toContain(ACCESS_TOKEN);
  const config = path.join(dir, 'gitlab-runner/config.toml');
  const runner = (TOML.parse(fs.readFileSync(config, 'utf8')).runners as { token: string }[])[0];
  expect(runner.token).toBe(RUNNER_TOKEN);
  expect(fs.statSync(config).mode & 0o777).toBe(0o600);
  expect(gitlab.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /api/v4/groups/my-group%2Fsub?with_projects=false', 'POST /api/v4/user/runners']);
});

test('a path that is not one is asked again; Enter on the offer (no) writes exactly what init --yes writes', async () => {
  const dir = tempDir('gitlab-dind-wizard-register-');
  const t = wizard(dir, ACCESS_TOKEN);
  await enterThrough(t);
  await t.answer(OFFER, KEY.enter);
  expect(await t.exitCode()).toBe(0);
  expect(gitlab.requests).toEqual([]);
  const yes = tempDir('gitlab-dind-wizard-register-');
  expect(runCli(['init', '--yes', '--tags', 'docker', '--gitlab-url', gitlab.url], yes).code).toBe(0);
  expect(snapshot(dir)).toEqual(snapshot(yes));

  const again = wizard(tempDir('gitlab-dind-wizard-register-'), ACCESS_TOKEN);
  await enterThrough(again);
  await again.choose(OFFER, 2, 'yes, a project runner');
  await again.answerText('Project: full path or ID', 'a//b');
  await again.waitFor("expected the project's numeric ID or its full path");
  again.kill();
  expect(gitlab.requests).toEqual([]);
});

test('without GITLAB_TOKEN: no question, a line saying how', async () => {
  const dir = tempDir('gitlab-dind-wizard-register-');
  const t = wizard(dir, undefined);
  await enterThrough(t);
  expect(await t.exitCode()).toBe(0);
  expect(t.screen).toContain('To create the runner in GitLab from here, set GITLAB_TOKEN and run gitlab-dind register --group PATH');
  expect(t.screen).not.toContain(OFFER);
  expect(gitlab.requests).toEqual([]);
});
