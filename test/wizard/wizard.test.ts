/**
 * The wizard, driven in a real pseudo-terminal as a person would: read the question, press keys.
 * Every wizard run spawns the built `node bin/gitlab-dind.js` in a fresh temp folder; the same answers given
 * as flags, to compare with, run in-process.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import TOML from '@iarna/toml';
import YAML from 'yaml';
import { gitlabCiLocalList, runCli } from '../support/main-in-process';
import { validateRunner } from '../support/schemas';
import { KEY, QUESTION as Q, questionsInOrder, Terminal } from '../support/terminal';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin/gitlab-dind.js');

/** The socket run the wizard is walked through, as flags. */
const SOCKET_FLAGS = [
  '--mode',
  'socket',
  '--docker-version',
  '28.5.2',
  '--image-registry',
  'harbor.example.com/devops',
  '--registry',
  'registry.example.com:5000',
  '--image',
  'registry.example.com:5000/group/app',
  '--tags',
  'docker,linux',
  '--gitlab-url',
  'https://gitlab.example.com/',
  '--runner-name',
  'build box',
];

const terminals: Terminal[] = [];
afterEach(() => terminals.splice(0).forEach((t) => t.kill()));

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'gitlab-dind-wizard-'));
}

function wizard(cwd: string, ...args: string[]): Terminal {
  const t = new Terminal(args, cwd);
  terminals.push(t);
  return t;
}

/** Every file under dir: relative path → contents and permission bits. */
function tree(dir: string): Record<string, { contents: string; mode: number }> {
  const files: Record<string, { contents: string; mode: number }> = {};
  for (const rel of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const file = path.join(dir, rel);
    if (fs.statSync(file).isFile()) files[rel.split(path.sep).join('/')] = { contents: fs.readFileSync(file, 'utf8'), mode: fs.statSync(file).mode & 0o777 };
  }
  return files;
}

/** The same answers given as flags, through the CLI's main in-process (test/support/main-in-process.ts). */
async function initYes(...args: string[]): Promise<string> {
  const dir = tempDir();
  const run = await runCli(['init', '--yes', ...args], dir);
  expect(run.stderr).not.toContain('error');
  expect(run.code).toBe(0);
  return dir;
}

function runnerConfig(dir: string): Record<string, unknown> {
  const config = JSON.parse(JSON.stringify(TOML.parse(fs.readFileSync(path.join(dir, 'gitlab-runner/config.toml'), 'utf8'))));
  expect(validateRunner.errors ?? []).toEqual([]);
  expect(validateRunner(config)).toBe(true);
  return config;
}

/** Enter on each question, in the order a dind user meets them (the folder first: the rest is looked for there). */
async function enterThroughDind(t: Terminal): Promise<void> {
  for (const q of [Q.out, Q.mode, Q.source, Q.version, Q.tls, Q.pull, Q.push, Q.dockerfile, Q.test, Q.tags, Q.url, Q.name, Q.concurrent, Q.confirm])
    await t.answer(q, KEY.enter);
}

test('Enter on every question writes exactly what init --yes writes (dind with TLS)', async () => {
  const dir = tempDir();
  const t = wizard(dir);
  await enterThroughDind(t);
  expect(await t.exitCode()).toBe(0);
  expect(t.screen).toContain('Next steps (dind)');
  expect(t.screen).toContain('sh gitlab-runner/register.sh');
  expect(tree(dir)).toEqual(tree(await initYes()));
  const runner = runnerConfig(dir) as { runners: { docker: { privileged: boolean; services_privileged: boolean } }[] };
  // Only the dind service is privileged (docs/runner.md).
  expect(runner.runners[0].docker).toMatchObject({ privileged: false, services_privileged: true });
});

test('the second mode, then Enter on every question, gives a valid socket setup equal to --yes --mode socket', async () => {
  const dir = tempDir();
  const t = wizard(dir);
  await t.answer(Q.out, KEY.enter);
  const modes = await t.waitFor('socket');
  // One line per mode; the trade-off of the highlighted one under the list.
  expect(t.screen).toMatch(/❯ dind\s*\n {2}socket\s*\n {2}shell\s*\n/);
  expect(t.screen).toContain('isolated daemon per job');
  expect(modes).toContain(Q.mode);
  await t.choose('', 1, 'socket');
  const asked: string[] = [];
  for (const q of [Q.source, Q.version, Q.pull, Q.push, Q.dockerfile, Q.test, Q.tags, Q.url, Q.name, Q.concurrent, Q.confirm])
    asked.push(await t.answer(q, KEY.enter));
  expect(await t.exitCode()).toBe(0);
  expect(asked.join('')).not.toContain(Q.tls); // TLS is a dind question
  expect(tree(dir)).toEqual(tree(await initYes('--mode', 'socket')));
  const runner = runnerConfig(dir) as { runners: { docker: { privileged: boolean; volumes: string[] } }[] };
  expect(runner.runners[0].docker.privileged).toBe(false);
  expect(runner.runners[0].docker.volumes).toContain('/var/run/docker.sock:/var/run/docker.sock');
  const ci = YAML.parse(fs.readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8'));
  expect(JSON.stringify(ci)).not.toContain('dind');
  expect(t.screen).toContain("warning: every job controls the host's Docker daemon");
});

test('kubernetes asks for the namespace and the pod resources; a custom namespace lands in both runner files', async () => {
  const dir = tempDir();
  const t = wizard(dir);
  await t.answer(Q.out, KEY.enter);
  await t.waitFor('kubernetes');
  await t.choose('', 3, 'kubernetes');
  for (const q of [Q.source, Q.version, Q.tls, Q.pull]) await t.answer(q, KEY.enter);
  await t.answer('Kubernetes namespace of the job pods', `ci-jobs${KEY.enter}`);
  for (const q of ['build container', 'dind service container', 'helper container', ...questionsInOrder(true, Q.push), Q.confirm]) await t.answer(q, KEY.enter);
  expect(await t.exitCode()).toBe(0);
  expect(tree(dir)).toEqual(tree(await initYes('--mode', 'kubernetes', '--namespace', 'ci-jobs')));
  expect(fs.readFileSync(path.join(dir, 'gitlab-runner/values.yaml'), 'utf8')).toContain('namespace = "ci-jobs"');
});

test('socket with an image mirror, a custom push registry and image, tags, another URL and folder', async () => {
  const dir = tempDir();
  const t = wizard(dir);
  await t.answerText(Q.out, 'ci-config');
  await t.choose(Q.mode, 1, 'socket');
  await t.answer(Q.source, KEY.enter);
  await t.answerText(Q.version, '28.5.2');
  await t.choose(Q.pull, 1, 'a mirror');
  await t.answerText('Mirror prefix', 'harbor.example.com/devops');
  await t.choose(Q.push, 1, 'another registry');
  await t.answerText('Image to build and push', 'registry.example.com:5000/group/app');
  await t.waitFor('pushed to registry.example.com:5000');
  for (const q of [Q.dockerfile, Q.test]) await t.answer(q, KEY.enter);
  await t.answerText(Q.tags, 'docker, linux');
  await t.answerText(Q.url, 'https://gitlab.example.com/');
  await t.answerText(Q.name, 'build box');
  await t.answer(Q.concurrent, KEY.enter);
  const summary = await t.answer(Q.confirm, KEY.enter);
  expect(summary).toContain(`Files in ${path.join(fs.realpathSync(dir), 'ci-config')}`);
  expect(summary).toMatch(/new +gitlab-runner\/config\.toml/);
  expect(await t.exitCode()).toBe(0);

  const out = path.join(dir, 'ci-config');
  expect(Object.keys(tree(out)).sort()).toEqual(['.gitlab-ci.yml', '.gitlab-dind.yml', 'gitlab-runner/config.toml', 'gitlab-runner/register.sh']);
  expect(fs.readdirSync(dir)).toEqual(['ci-config']);
  // The same answers given as flags write the same files.
  const flags = await initYes(...SOCKET_FLAGS);
  expect(tree(out)).toEqual(tree(flags));

  const ci = fs.readFileSync(path.join(out, '.gitlab-ci.yml'), 'utf8');
  expect(ci).toContain('harbor.example.com/devops/docker:${DOCKER_VERSION}-cli');
  expect(ci).toContain('DOCKER_VERSION: "28.5.2"');
  expect(ci).toContain('registry.example.com:5000/group/app');
  const runner = runnerConfig(out) as { runners: { name: string; url: string; docker: { image: string } }[] };
  expect(runner.runners[0]).toMatchObject({
    name: 'build box',
    url: 'https://gitlab.example.com/',
    docker: { image: 'harbor.example.com/devops/docker:28.5.2-cli' },
  });
  expect(t.screen).toContain('REGISTRY_USER and REGISTRY_PASSWORD');
  expect(t.screen).toContain('sh ci-config/gitlab-runner/register.sh');
  expect(t.screen).toContain('Commit ci-config/.gitlab-ci.yml and ci-config/.gitlab-dind.yml.');
  // GitLab's own CI schema, through gitlab-ci-local, in a folder holding only the pipeline.
  const list = gitlabCiLocalList(fs.readFileSync(path.join(out, '.gitlab-ci.yml'), 'utf8'));
  expect(list.stderr).toContain('json schema validated');
  expect(list.code).toBe(0);
});

test('a bad answer is explained and asked again', async () => {
  const dir = tempDir();
  const t = wizard(dir);
  for (const q of [Q.out, Q.mode, Q.source, Q.version, Q.tls, Q.pull, Q.push, Q.dockerfile, Q.test, Q.tags, Q.url, Q.name]) await t.answer(q, KEY.enter);
  await t.answerText(Q.concurrent, '0');
  await t.waitFor('"0" is not valid; expected a whole number from 1 to 1000');
  await t.answer('', KEY.backspace);
  await t.waitFor(Q.concurrent); // asked again, with the bad answer left to edit
  await t.answerText('', '3');
  await t.answer(Q.confirm, KEY.enter);
  expect(await t.exitCode()).toBe(0);
  expect(runnerConfig(dir)).toMatchObject({ concurrent: 3 });
  expect(tree(dir)).toEqual(tree(await initYes('--concurrent', '3')));
});

test('another registry: the image is asked, and names the host it is pushed to; no host question', async () => {
  const dir = tempDir();
  const t = wizard(dir, '--mode', 'shell', '--out', 'sub');
  await t.answer(Q.source, KEY.enter);
  await t.choose(Q.push, 1, 'another registry');
  await t.answerText('Image to build and push', 'group/app');
  await t.waitFor('"group/app" is not valid; expected an image whose name starts with its registry\'s host, such as registry.example.com/group/app');
  await t.answer('', ...Array<string>('group/app'.length).fill(KEY.backspace), 'docker.io/group/app');
  await t.waitFor('docker.io/group/app');
  await t.answer('', KEY.enter);
  await t.waitFor('(pushed to docker.io, logged in with REGISTRY_USER and REGISTRY_PASSWORD)');
  for (const q of [Q.dockerfile, Q.test, Q.tags, Q.url, Q.name, Q.concurrent, Q.confirm]) await t.answer(q, KEY.enter);
  expect(await t.exitCode()).toBe(0);
  expect(t.screen).not.toContain('Registry host');
  expect(tree(path.join(dir, 'sub'))).toEqual(tree(await initYes('--mode', 'shell', '--registry', 'docker.io', '--image', 'docker.io/group/app')));
});

test('a mirror given as a URL (https://host/path/) is taken as its host and path, and said', async () => {
  const dir = tempDir();
  const t = wizard(dir, '--mode', 'socket', '--out', 'sub');
  for (const q of [Q.source, Q.version]) await t.answer(q, KEY.enter);
  await t.choose(Q.pull, 1, 'a mirror');
  await t.answerText('Mirror prefix', 'https://harbor.example.com/dockerhub/');
  await t.waitFor('(took harbor.example.com/dockerhub: the host and path, without https:// and the trailing /)');
  for (const q of [Q.push, Q.dockerfile, Q.test, Q.tags, Q.url, Q.name, Q.concurrent, Q.confirm]) await t.answer(q, KEY.enter);
  expect(await t.exitCode()).toBe(0);
  expect(tree(path.join(dir, 'sub'))).toEqual(tree(await initYes('--mode', 'socket', '--image-registry', 'harbor.example.com/dockerhub')));
});

test('an empty runner tag is named by its position', async () => {
  const dir = tempDir();
  const t = wizard(dir, '--mode', 'shell');
  for (const q of [Q.out, Q.source, Q.push, Q.dockerfile, Q.test]) await t.answer(q, KEY.enter);
  await t.answerText(Q.tags, 'docker, linux,,');
  await t.waitFor('"docker, linux,," is not valid: tags 3 and 4 of 4 are empty; expected runner tags separated by commas');
  await t.answer('', KEY.ctrlC);
  expect(await t.exitCode()).toBe(130);
  expect(fs.readdirSync(dir)).toEqual([]);
});

test('flags answer their questions; shell asks no Docker version, TLS or image source', async () => {
  const dir = tempDir();
  const t = wizard(dir, '--mode', 'shell', '--concurrent', '2', '--out', 'sub');
  const first = (await t.answer(Q.source, KEY.enter)) + (await t.answer(Q.push, KEY.enter));
  for (const q of [Q.dockerfile, Q.test, Q.tags, Q.url, Q.name]) await t.answer(q, KEY.enter);
  const rest = await t.answer(Q.confirm, KEY.enter);
  expect(await t.exitCode()).toBe(0);
  for (const skipped of [Q.mode, Q.version, Q.tls, Q.pull]) expect(first).not.toContain(skipped);
  for (const skipped of [Q.concurrent, Q.out]) expect(rest).not.toContain(skipped);
  expect(t.screen).toContain('sudo usermod -aG docker gitlab-runner');
  expect(tree(path.join(dir, 'sub'))).toEqual(tree(await initYes('--mode', 'shell', '--concurrent', '2')));
});

test('Ctrl-C at the first question exits 130 and writes nothing', async () => {
  const dir = tempDir();
  const t = wizard(dir);
  await t.answer(Q.out, KEY.ctrlC);
  expect(await t.exitCode()).toBe(130);
  expect(t.screen).toContain('interrupted; nothing written');
  expect(fs.readdirSync(dir)).toEqual([]);
});

test('Ctrl-C at the confirmation exits 130 and writes nothing', async () => {
  const dir = tempDir();
  const t = wizard(dir, '--out', 'sub');
  for (const q of [Q.mode, Q.source, Q.version, Q.tls, Q.pull, Q.push, Q.dockerfile, Q.test, Q.tags, Q.url, Q.name, Q.concurrent]) await t.answer(q, KEY.enter);
  await t.answer(Q.confirm, KEY.ctrlC);
  expect(await t.exitCode()).toBe(130);
  expect(fs.readdirSync(dir)).toEqual([]);
});

test('declining the confirmation writes nothing and exits 130', async () => {
  const dir = tempDir();
  const t = wizard(dir);
  for (const q of [Q.out, Q.mode, Q.source, Q.version, Q.tls, Q.pull, Q.push, Q.dockerfile, Q.test, Q.tags, Q.url, Q.name, Q.concurrent])
    await t.answer(q, KEY.enter);
  await t.answerText(Q.confirm, 'n');
  expect(await t.exitCode()).toBe(130);
  expect(t.screen).toContain('declined; nothing written');
  expect(fs.readdirSync(dir)).toEqual([]);
});

test('without a terminal it never asks: exit 2 with a hint, even with stdin left open', () => {
  const dir = tempDir();
  const run = spawnSync(process.execPath, [BIN], { cwd: dir, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000 });
  expect(run.status).toBe(2);
  expect(run.stderr).toContain('add --yes');
  expect(fs.readdirSync(dir)).toEqual([]);
});

test('--yes and --help never load inquirer', () => {
  const dir = tempDir();
  const probe = `
    const { main } = require(${JSON.stringify(path.join(ROOT, 'dist/cli/main.js'))});
    const errors = [];
    const io = { cwd: ${JSON.stringify(dir)}, stdout: () => {}, stderr: (t) => { if (t.startsWith('gitlab-dind:')) errors.push(t.trim()); }, interactive: true };
    (async () => {
      const codes = [await main(['--yes'], io), await main(['--help'], io)];
      const loaded = Object.keys(require.cache).filter((f) => f.includes('@inquirer')).length;
      process.stderr.write(JSON.stringify({ codes, loaded, errors }));
    })();`;
  const run = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
  // The error lines too, so a failure says why.
  expect(JSON.parse(run.stderr)).toEqual({ codes: [0, 0], loaded: 0, errors: [] });
});

describe('in a folder with an earlier run, its answers are the defaults', () => {
  const FLAGS = [...SOCKET_FLAGS, '--concurrent', '7', '--testcontainers', '--test-image', 'maven:3-eclipse-temurin-21'];

  test('Enter on every question keeps every file as it is, answers no question asks included', async () => {
    const dir = await initYes(...FLAGS);
    const before = tree(dir);
    const t = wizard(dir);
    await t.answer(Q.out, KEY.enter);
    await t.waitFor('The defaults are the answers in .gitlab-dind.yml.');
    // Testcontainers (an earlier answer) owns the test command: the image test is not asked.
    for (const q of [
      Q.mode,
      Q.source,
      Q.version,
      Q.pull,
      'Mirror prefix',
      Q.push,
      'Image to build and push',
      Q.dockerfile,
      Q.tags,
      Q.url,
      Q.name,
      Q.concurrent,
    ])
      await t.answer(q, KEY.enter);
    // Nothing would change: no question, nothing to confirm.
    const summary = await t.waitFor('Nothing to change: every file is as these answers write it.');
    expect(summary).toMatch(/unchanged +\.gitlab-ci\.yml/);
    expect(summary).not.toMatch(/ (new|update|replace) /);
    expect(t.screen).not.toContain(Q.test);
    expect(await t.exitCode()).toBe(0);
    expect(tree(dir)).toEqual(before);
  });

  test('a new answer that an earlier one does not go with wins: the earlier one is dropped and said, not asked again and again', async () => {
    const dir = await initYes('--mode', 'socket', '--registry', 'registry.example.com', '--image', 'registry.example.com/group/app', '--dependency-proxy');
    const t = wizard(dir);
    for (const q of [Q.out, Q.mode, Q.source, Q.version]) await t.answer(q, KEY.enter);
    await t.choose(Q.pull, 1, 'a mirror'); // the earlier run pulled through GitLab's dependency proxy
    await t.answerText('Mirror prefix', 'harbor.example.com/devops');
    await t.waitFor('dropped the earlier --dependency-proxy');
    await t.answer(Q.push, KEY.enter); // another registry, as before
    await t.answer('Image to build and push', ...Array<string>('registry.example.com/group/app'.length).fill(KEY.backspace), 'other.example.com/app');
    await t.waitFor('other.example.com/app');
    await t.answer('', KEY.enter);
    await t.waitFor('pushed to other.example.com');
    for (const q of [Q.dockerfile, Q.test, Q.tags, Q.url, Q.name, Q.concurrent, Q.confirm]) await t.answer(q, KEY.enter);
    expect(await t.exitCode()).toBe(0);
    const answers = YAML.parse(fs.readFileSync(path.join(dir, '.gitlab-dind.yml'), 'utf8')).answers;
    expect(answers).toMatchObject({
      mode: 'socket',
      'image-registry': 'harbor.example.com/devops',
      'dependency-proxy': false,
      registry: 'other.example.com',
      image: 'other.example.com/app',
    });
  });

  test('a flag that clashes with one earlier answer drops that one only; the rest of the earlier run stays', async () => {
    const dir = await initYes(
      '--mode',
      'socket',
      '--registry',
      'r1.example.com',
      '--image',
      'r1.example.com/app',
      '--tags',
      'a,b',
      '--runner-name',
      'mine',
      '--concurrent',
      '7',
    );
    const t = wizard(dir, '--image', 'registry.gitlab.example.com/group/app');
    for (const q of [Q.out, Q.mode, Q.source, Q.version, Q.pull]) await t.answer(q, KEY.enter);
    for (const q of [Q.dockerfile, Q.test, Q.tags, Q.url, Q.name, Q.concurrent, Q.confirm]) await t.answer(q, KEY.enter);
    expect(await t.exitCode()).toBe(0);
    const answers = YAML.parse(fs.readFileSync(path.join(dir, '.gitlab-dind.yml'), 'utf8')).answers;
    expect(answers).toMatchObject({
      mode: 'socket',
      registry: '',
      image: 'registry.gitlab.example.com/group/app',
      tags: ['a', 'b'],
      'runner-name': 'mine',
      concurrent: 7,
    });
  });

  test('with --dependency-proxy given, where images come from is not asked; modes the flags rule out are not offered', async () => {
    const dir = tempDir();
    const t = wizard(dir, '--dependency-proxy', '--mtu', '1400');
    for (const q of [Q.out, Q.mode]) await t.answer(q, KEY.enter);
    for (const q of [Q.version, Q.tls, Q.push, Q.dockerfile, Q.test, Q.tags, Q.url, Q.name, Q.concurrent, Q.confirm]) await t.answer(q, KEY.enter);
    expect(await t.exitCode()).toBe(0);
    const screen = t.screen;
    expect(screen).toMatch(/❯ dind\s*\n {2}kubernetes\s*\n/); // --mtu: dind and kubernetes only
    expect(screen).not.toMatch(/^ {2}(socket|shell|buildah|buildkit)\s*$/m);
    expect(screen).not.toContain(Q.pull);
    expect(screen).not.toContain(Q.source); // a component fixes the pulls and the MTU: these flags rule it out
    expect(YAML.parse(fs.readFileSync(path.join(dir, '.gitlab-dind.yml'), 'utf8')).answers).toMatchObject({
      mode: 'dind',
      'dependency-proxy': true,
      mtu: 1400,
    });
  });

  test('a new mode drops what only the old one had, keeps the rest, and writes what the flags would', async () => {
    const dir = await initYes('--mode', 'kubernetes', '--namespace', 'ci-builds', '--tags', 'k8s', '--concurrent', '9', '--no-tls');
    const t = wizard(dir);
    await t.answer(Q.out, KEY.enter);
    await t.answer(Q.mode, KEY.up, KEY.up, KEY.up); // kubernetes is the default now: up to dind
    await t.waitFor('❯ dind');
    await t.answer('', KEY.enter);
    for (const q of [Q.source, Q.version]) await t.answer(q, KEY.enter);
    await t.answer(Q.tls, KEY.enter); // TLS off, as before
    for (const q of [Q.pull, Q.push, Q.dockerfile, Q.test, Q.tags, Q.url, Q.name, Q.concurrent, Q.confirm]) await t.answer(q, KEY.enter);
    expect(await t.exitCode()).toBe(0);
    const answers = YAML.parse(fs.readFileSync(path.join(dir, '.gitlab-dind.yml'), 'utf8')).answers;
    expect(answers).toMatchObject({ mode: 'dind', tls: false, tags: ['k8s'], concurrent: 9, 'runner-name': 'k8s-dind-no-tls' });
    expect(answers).not.toHaveProperty('namespace'); // kubernetes only: not recorded for dind
    const flags = await initYes('--mode', 'dind', '--no-tls', '--tags', 'k8s', '--concurrent', '9', '--runner-name', 'k8s-dind-no-tls');
    expect(fs.readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8')).toBe(fs.readFileSync(path.join(flags, '.gitlab-ci.yml'), 'utf8'));
  });
});
