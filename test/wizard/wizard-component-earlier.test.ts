/**
 * The wizard over an earlier run's answers, where a component is or was involved (issue 20 review): a change
 * of mode drops the earlier component, a component drops an earlier Testcontainers command, copying the jobs
 * again drops the component; and an earlier image in GitLab's registry is kept by Enter.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { runMain, tempDir, tree } from '../support/main-in-process';
import { COMPONENT_QUESTION, KEY, Terminal, terminalsKilledAfterEach } from '../support/terminal';

const { source: SOURCE, reference: REF, include: INCLUDE, copy: COPY } = COMPONENT_QUESTION;
const DIND_COMPONENT = 'devops/docker-build/dind@1.2.0';

const wizard = terminalsKilledAfterEach();

async function init(dir: string, ...args: string[]): Promise<void> {
  const run = await runMain(['init', '--yes', ...args], dir);
  expect(run.stderr).not.toContain('error');
  expect(run.code).toBe(0);
}

/** The same answers as flags, in a fresh folder: the files the wizard must have written. */
async function initYes(...args: string[]): Promise<Record<string, string>> {
  const dir = tempDir('wizard-earlier-flags-');
  await init(dir, ...args);
  return tree(dir);
}

async function enterAll(t: Terminal, questions: string[]): Promise<string> {
  let screens = '';
  for (const q of questions) screens += await t.answer(q, KEY.enter);
  return screens;
}

const RUNNER = ['Runner tags', 'GitLab URL', 'Runner name', 'Jobs the runner'];

/** An earlier run with the dind component, then the wizard in the same folder, mode socket chosen. */
async function socketOverDindComponent(prefix: string): Promise<{ dir: string; t: Terminal }> {
  const dir = tempDir(prefix);
  await init(dir, '--component', DIND_COMPONENT);
  const t = wizard(dir);
  await t.answer('Folder to write', KEY.enter);
  await t.choose('Build mode', 1, 'socket');
  return { dir, t };
}

test("after a dind component, choosing mode socket drops it, says so, and copies socket's jobs", async () => {
  const { dir, t } = await socketOverDindComponent('wizard-earlier-mode-');
  await t.waitFor(`(dropped the earlier --component "${DIND_COMPONENT}": it was for mode dind, not socket)`);
  await t.waitFor(SOURCE);
  await t.answer(`❯ ${COPY}`, KEY.enter); // the default is no longer the component
  await enterAll(t, ['Docker version', 'Where are the docker images', 'Where does the built image go?', 'Dockerfile to build', 'Test of the built image']);
  await enterAll(t, [...RUNNER, 'Write these files?']);
  expect(await t.exitCode()).toBe(0);
  // The earlier runner name stays, as after any change of mode.
  expect(tree(dir)).toEqual(await initYes('--mode', 'socket', '--runner-name', 'dind-tls'));
  expect(YAML.parse(fs.readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8')).include).toBeUndefined();
  expect((await runMain(['generate', '--check', '--out', dir], dir)).code).toBe(0);
});

test('after a dind component, mode socket and a component again: the earlier reference is not the default', async () => {
  const { dir, t } = await socketOverDindComponent('wizard-earlier-mode-ref-');
  await t.choose(SOURCE, 1, INCLUDE);
  const asked = await t.answer(REF, KEY.enter); // no default: an empty reference is refused
  expect(asked).not.toContain(DIND_COMPONENT.split('/')[2]);
  await t.waitFor('"" is not valid; expected a component as group/project/name@VERSION');
  await t.answerText('', 'devops/docker-build/socket@1.2.0');
  await enterAll(t, ['Docker version', 'Image to build', 'Dockerfile to build', "the component's test_command input", ...RUNNER, 'Write these files?']);
  expect(await t.exitCode()).toBe(0);
  expect(tree(dir)).toEqual(await initYes('--mode', 'socket', '--runner-name', 'dind-tls', '--component', 'devops/docker-build/socket@1.2.0'));
});

test('after --testcontainers with its command and --test-in-build, a component drops them all: Enter passes no test_command', async () => {
  const dir = tempDir('wizard-earlier-testcontainers-');
  await init(dir, '--testcontainers', '--test-image', 'maven:3.9-eclipse-temurin-21', '--test-command', 'mvn -B verify', '--test-in-build');
  const t = wizard(dir);
  await enterAll(t, ['Folder to write', 'Build mode']);
  await t.choose(SOURCE, 1, INCLUDE);
  await t.answerText(REF, DIND_COMPONENT);
  for (const dropped of ['--testcontainers', '--test-image "maven:3.9-eclipse-temurin-21"', '--test-in-build', '--test-command "mvn -B verify"'])
    await t.waitFor(`(dropped the earlier ${dropped}`);
  await enterAll(t, ['Docker version', 'TLS between', 'Image to build', 'Dockerfile to build']);
  const question = await t.answer("the component's test_command input", KEY.enter);
  expect(question).not.toContain('mvn');
  await enterAll(t, [...RUNNER, 'Write these files?']);
  expect(await t.exitCode()).toBe(0);
  expect(tree(dir)).toEqual(await initYes('--component', DIND_COMPONENT));
  const answers = fs.readFileSync(path.join(dir, '.gitlab-dind.yml'), 'utf8');
  expect(answers).not.toMatch(/test-in-build: true|testcontainers: true|mvn|maven/);
  expect(YAML.parse(fs.readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8')).include[0].inputs.test_command).toBeUndefined();
});

test('after a component, choosing to copy the jobs drops it: the jobs are written, generate --check is clean', async () => {
  const dir = tempDir('wizard-earlier-copy-');
  await init(dir, '--component', DIND_COMPONENT);
  const t = wizard(dir);
  await enterAll(t, ['Folder to write', 'Build mode']);
  await t.answer(`❯ ${INCLUDE}`, KEY.up); // the earlier component is the default
  await t.answer(`❯ ${COPY}`, KEY.enter);
  await enterAll(t, ['Docker version', 'TLS between', 'Where are the docker images', 'Where does the built image go?', 'Dockerfile to build']);
  await enterAll(t, ['Test of the built image', ...RUNNER, 'Write these files?']);
  expect(await t.exitCode()).toBe(0);
  expect(tree(dir)).toEqual(await initYes());
  const ci = YAML.parse(fs.readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8'));
  expect(ci.include).toBeUndefined();
  expect(Object.keys(ci)).toContain('docker-build');
  expect(fs.readFileSync(path.join(dir, '.gitlab-dind.yml'), 'utf8')).not.toContain(DIND_COMPONENT);
  const check = await runMain(['generate', '--check', '--out', dir], dir);
  expect(check.stderr).toBe('');
  expect(check.code).toBe(0);
});

describe("an earlier image in GitLab's registry", () => {
  test('is the default of its question, and Enter all the way changes nothing', async () => {
    const dir = tempDir('wizard-earlier-image-');
    await init(dir, '--mode', 'socket', '--image', '$CI_REGISTRY_IMAGE/app');
    const before = tree(dir);
    const t = wizard(dir);
    await enterAll(t, ['Folder to write', 'Build mode', SOURCE, 'Docker version', 'Where are the docker images', 'Where does the built image go?']);
    await t.answer('Image to build, without tag ($CI_REGISTRY_IMAGE/app)', KEY.enter);
    await enterAll(t, ['Dockerfile to build', 'Test of the built image', ...RUNNER]);
    await t.waitFor('Nothing to change');
    expect(await t.exitCode()).toBe(0);
    expect(tree(dir)).toEqual(before);
  });

  test('can be changed there', async () => {
    const dir = tempDir('wizard-earlier-image-change-');
    await init(dir, '--mode', 'socket', '--image', '$CI_REGISTRY_IMAGE/app');
    const t = wizard(dir);
    await enterAll(t, ['Folder to write', 'Build mode', SOURCE, 'Docker version', 'Where are the docker images', 'Where does the built image go?']);
    await t.answer('Image to build, without tag', ...Array<string>('$CI_REGISTRY_IMAGE/app'.length).fill(KEY.backspace));
    await t.answerText('', '$CI_REGISTRY_IMAGE/web');
    await enterAll(t, ['Dockerfile to build', 'Test of the built image', ...RUNNER, 'Write these files?']);
    expect(await t.exitCode()).toBe(0);
    expect(tree(dir)).toEqual(await initYes('--mode', 'socket', '--image', '$CI_REGISTRY_IMAGE/web'));
  });

  test("after another registry, GitLab's registry drops its image: not asked, the default", async () => {
    const dir = tempDir('wizard-earlier-image-other-');
    await init(dir, '--mode', 'socket', '--registry', 'registry.example.com', '--image', 'registry.example.com/group/app');
    const t = wizard(dir);
    await enterAll(t, ['Folder to write', 'Build mode', SOURCE, 'Docker version', 'Where are the docker images']);
    await t.answer('Where does the built image go?', KEY.up, KEY.enter);
    const asked = await enterAll(t, ['Dockerfile to build', 'Test of the built image', ...RUNNER, 'Write these files?']);
    expect(asked).not.toContain('Image to build');
    expect(await t.exitCode()).toBe(0);
    expect(tree(dir)).toEqual(await initYes('--mode', 'socket'));
  });
});
