/**
 * The wizard's choice between copying the jobs and including a CI/CD component (issue 20), in a pseudo-terminal:
 * the reference is judged as `init --component` judges it, and the files written are the flag's.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { gitlabCiLocalList, runMain, tempDir, tree } from '../support/main-in-process';
import { schemaErrors, validateCi } from '../support/schemas';
import { COMPONENT_QUESTION, KEY, terminalsKilledAfterEach } from '../support/terminal';
import { expand } from '../component/support';

const { source: SOURCE, reference: REF, include: INCLUDE } = COMPONENT_QUESTION;

const wizard = terminalsKilledAfterEach();

/** The same answers as flags, in-process: the files the wizard must have written. */
async function initYes(...args: string[]): Promise<Record<string, string>> {
  const dir = tempDir('wizard-component-flags-');
  const run = await runMain(['init', '--yes', ...args], dir);
  expect(run.stderr).not.toContain('error');
  expect(run.code).toBe(0);
  return tree(dir);
}

test("a component: a bad reference is refused with the flag's reason and asked again; the pipeline includes it with the answers as inputs", async () => {
  const dir = tempDir('wizard-component-');
  const t = wizard(dir);
  for (const q of ['Folder to write', 'Build mode']) await t.answer(q, KEY.enter);
  await t.choose(SOURCE, 1, INCLUDE);
  // The flag's one line for the same value, less its `--component: `: the wizard's reason under the question.
  const flag = await runMain(['init', '--yes', '--component', 'dind@1.2.0'], tempDir('wizard-component-bad-'));
  expect(flag.code).toBe(2);
  const reason = /--component: (.*)$/m.exec(flag.stderr)![1];
  expect(reason).toMatch(/^"dind@1\.2\.0" is not valid; expected a component as group\/project\/name@VERSION/);
  await t.answerText(REF, 'dind@1.2.0');
  expect(await t.waitFor(reason)).not.toContain('--component'); // the reason alone, as under every question
  await t.answer('', ...Array<string>('dind@1.2.0'.length).fill(KEY.backspace));
  await t.waitFor(REF); // asked again, the bad answer left to edit
  await t.answerText('', 'devops/docker-build/dind@1.2.0');
  const asked: string[] = [];
  for (const q of ['Docker version', 'TLS between']) asked.push(await t.answer(q, KEY.enter));
  asked.push(await t.answerText("Image to build, without tag (the component's image input)", '$CI_REGISTRY_IMAGE/app'));
  for (const q of ['Dockerfile to build', "the component's test_command input"]) asked.push(await t.answer(q, KEY.enter));
  asked.push(await t.answerText('Runner tags', 'docker'));
  for (const q of ['GitLab URL', 'Runner name', 'Jobs the runner', 'Write these files?']) asked.push(await t.answer(q, KEY.enter));
  expect(await t.exitCode()).toBe(0);
  // What the component fixes is not asked: where images come from, where the image goes, the kind of test.
  for (const moot of ['Where are the docker images', 'Where does the built image go?', 'Test of the built image']) expect(asked.join('')).not.toContain(moot);

  // The flag's files, byte for byte: the answers went through the answers the flag fills.
  expect(tree(dir)).toEqual(await initYes('--component', 'devops/docker-build/dind@1.2.0', '--image', '$CI_REGISTRY_IMAGE/app', '--tags', 'docker'));
  const ci = YAML.parse(fs.readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8'));
  expect(ci).toEqual({
    include: [
      {
        component: '$CI_SERVER_FQDN/devops/docker-build/dind@1.2.0',
        inputs: { image: '$CI_REGISTRY_IMAGE/app', docker_version: expect.any(String), tags: ['docker'], dockerfile: 'Dockerfile', context: '.' },
      },
    ],
  });
  expect(schemaErrors(validateCi, ci)).toEqual([]);
  expect(fs.readFileSync(path.join(dir, '.gitlab-dind.yml'), 'utf8')).toMatch(/^ {2}component: devops\/docker-build\/dind@1\.2\.0$/m);

  // The group's component, expanded with these inputs, is a pipeline gitlab-ci-local and the schema accept.
  const group = tempDir('wizard-component-group-');
  expect((await runMain(['component', '--out', group, '--mode', 'dind', '--tags', 'docker'], group)).code).toBe(0);
  const jobs = expand(fs.readFileSync(path.join(group, 'templates', 'dind.yml'), 'utf8'), ci.include[0].inputs);
  expect(schemaErrors(validateCi, jobs)).toEqual([]);
  const gcl = gitlabCiLocalList(YAML.stringify(jobs));
  expect(gcl.stderr).not.toMatch(/Invalid .gitlab-ci.yml|rror/);
  expect(gcl.code).toBe(0);
  expect(gcl.stdout).toMatch(/docker-build/);

  const check = await runMain(['generate', '--check', '--out', dir], dir);
  expect(check.stderr).toBe('');
  expect(check.code).toBe(0);
});

test('buildah with a component: a test command is its test_command input', async () => {
  const dir = tempDir('wizard-component-buildah-');
  const t = wizard(dir, '--mode', 'buildah', '--tags', 'docker');
  await t.answer('Folder to write', KEY.enter);
  await t.choose(SOURCE, 1, INCLUDE);
  await t.answerText(REF, 'devops/docker-build/buildah@2.0.0');
  for (const q of ['Version of the Buildah image', 'Image to build', 'Dockerfile to build']) await t.answer(q, KEY.enter);
  await t.answerText("the component's test_command input", 'sh -c true');
  for (const q of ['GitLab URL', 'Runner name', 'Jobs the runner', 'Write these files?']) await t.answer(q, KEY.enter);
  expect(await t.exitCode()).toBe(0);
  expect(tree(dir)).toEqual(
    await initYes('--mode', 'buildah', '--tags', 'docker', '--component', 'devops/docker-build/buildah@2.0.0', '--test-command', 'sh -c true'),
  );
  expect(YAML.parse(fs.readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8')).include[0].inputs.test_command).toBe('sh -c true');
  expect((await runMain(['generate', '--check', '--out', dir], dir)).code).toBe(0);
});

test('the default choice copies the jobs, as before: what init --yes writes', async () => {
  const dir = tempDir('wizard-component-copy-');
  const t = wizard(dir, '--mode', 'socket');
  await t.answer('Folder to write', KEY.enter);
  await t.waitFor(SOURCE);
  await t.answer('❯ copy the jobs into the pipeline', KEY.enter); // the default, pointed at
  for (const q of ['Docker version', 'Where are the docker images', 'Where does the built image go?', 'Dockerfile to build', 'Test of the built image'])
    await t.answer(q, KEY.enter);
  for (const q of ['Runner tags', 'GitLab URL', 'Runner name', 'Jobs the runner', 'Write these files?']) await t.answer(q, KEY.enter);
  expect(await t.exitCode()).toBe(0);
  expect(tree(dir)).toEqual(await initYes('--mode', 'socket'));
  const ci = YAML.parse(fs.readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8'));
  expect(ci.include).toBeUndefined();
  expect(Object.keys(ci)).toContain('docker-build');
});

describe('in a folder with an earlier run', () => {
  test('after a component: it and its reference are the defaults, and Enter all the way changes nothing', async () => {
    const dir = tempDir('wizard-component-again-');
    const flags = ['--component', 'devops/docker-build/dind@1.2.0', '--image', '$CI_REGISTRY_IMAGE/app', '--tags', 'docker'];
    expect((await runMain(['init', '--yes', ...flags], dir)).code).toBe(0);
    const before = tree(dir);
    const t = wizard(dir);
    for (const q of ['Folder to write', 'Build mode']) await t.answer(q, KEY.enter);
    await t.waitFor(SOURCE);
    await t.answer(`❯ ${INCLUDE}`, KEY.enter);
    await t.waitFor(REF);
    await t.answer('devops/docker-build/dind@1.2.0', KEY.enter); // the earlier reference, the default
    for (const q of ['Docker version', 'TLS between', 'Image to build', 'Dockerfile to build', "the component's test_command input", 'Runner tags'])
      await t.answer(q, KEY.enter);
    for (const q of ['GitLab URL', 'Runner name', 'Jobs the runner']) await t.answer(q, KEY.enter);
    await t.waitFor('Nothing to change');
    expect(await t.exitCode()).toBe(0);
    expect(tree(dir)).toEqual(before);
  });

  test('after another push registry: choosing a component drops it, and says so', async () => {
    const dir = tempDir('wizard-component-switch-');
    expect(
      (await runMain(['init', '--yes', '--mode', 'socket', '--registry', 'registry.example.com', '--image', 'registry.example.com/group/app'], dir)).code,
    ).toBe(0);
    const t = wizard(dir);
    for (const q of ['Folder to write', 'Build mode']) await t.answer(q, KEY.enter);
    await t.choose(SOURCE, 1, INCLUDE);
    await t.answerText(REF, 'devops/docker-build/socket@1.0.0');
    await t.waitFor('(dropped the earlier --registry "registry.example.com": it does not go with that answer)');
    for (const q of [
      'Docker version',
      'Image to build',
      'Dockerfile to build',
      "the component's test_command input",
      'Runner tags',
      'GitLab URL',
      'Runner name',
    ])
      await t.answer(q, KEY.enter);
    for (const q of ['Jobs the runner', 'Write these files?']) await t.answer(q, KEY.enter);
    expect(await t.exitCode()).toBe(0);
    expect(tree(dir)).toEqual(
      await initYes('--mode', 'socket', '--component', 'devops/docker-build/socket@1.0.0', '--image', 'registry.example.com/group/app'),
    );
    expect((await runMain(['generate', '--check', '--out', dir], dir)).code).toBe(0);
  });
});

test('--component given: neither the choice nor the reference is asked, nor what the component fixes', async () => {
  const dir = tempDir('wizard-component-flag-');
  const t = wizard(dir, 'init', '--component', 'devops/docker-build/dind@1.2.0');
  const asked: string[] = [];
  for (const q of [
    'Folder to write',
    'Build mode',
    'Docker version',
    'TLS between',
    'Image to build',
    'Dockerfile to build',
    "the component's test_command input",
  ])
    asked.push(await t.answer(q, KEY.enter));
  for (const q of ['Runner tags', 'GitLab URL', 'Runner name', 'Jobs the runner', 'Write these files?']) asked.push(await t.answer(q, KEY.enter));
  expect(await t.exitCode()).toBe(0);
  for (const unasked of [SOURCE, REF, 'Where are the docker images', 'Where does the built image go?', 'Test of the built image'])
    expect(asked.join('')).not.toContain(unasked);
  expect(tree(dir)).toEqual(await initYes('--component', 'devops/docker-build/dind@1.2.0'));
});
