/** A repository that includes a component: init --component, generate --check, upgrade --component-version. */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { MODE_IDS } from '../../src/core/modes';
import { snapshot, tempDir, tree } from '../support/cli';
import { runMain } from '../support/main-in-process';
import { schemaErrors, validateCi } from '../support/schemas';
import { expand, withoutDefaultRuleWhen } from './support';

const readCi = (dir: string) => fs.readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8');

test('init --component in a fresh repository: a pipeline of a few lines that includes it; generate --check is clean', async () => {
  const dir = tempDir('consumer-');
  const init = await runMain(
    ['init', '--yes', '--out', dir, '--component', 'devops/docker-build/dind@1.2.0', '--image', '$CI_REGISTRY_IMAGE/app', '--tags', 'docker'],
    dir,
  );
  expect(init.code).toBe(0);
  const text = readCi(dir);
  expect(text.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('#')).length).toBeLessThan(15);
  const ci = YAML.parse(text);
  expect(ci).toEqual({
    include: [
      {
        component: '$CI_SERVER_FQDN/devops/docker-build/dind@1.2.0',
        inputs: { image: '$CI_REGISTRY_IMAGE/app', docker_version: expect.any(String), tags: ['docker'], dockerfile: 'Dockerfile', context: '.' },
      },
    ],
  });
  expect(schemaErrors(validateCi, ci)).toEqual([]);
  expect(Object.keys(tree(dir)).sort()).toEqual(['.gitlab-ci.yml', '.gitlab-dind.yml', 'gitlab-runner/config.toml', 'gitlab-runner/register.sh']);
  const before = snapshot(dir);
  const check = await runMain(['generate', '--check', '--out', dir], dir);
  expect(check.stderr).toBe('');
  expect(check.code).toBe(0);
  expect(snapshot(dir)).toEqual(before);
});

test('upgrade --component-version moves the version, and generate --check stays clean', async () => {
  const dir = tempDir('consumer-up-');
  expect((await runMain(['init', '--yes', '--out', dir, '--component', 'devops/docker-build/socket@1.2.0', '--mode', 'socket'], dir)).code).toBe(0);
  const up = await runMain(['upgrade', '--out', dir, '--component-version', '1.3.0'], dir);
  expect(up.code).toBe(0);
  expect(up.stdout).toContain('component: devops/docker-build/socket@1.2.0 → devops/docker-build/socket@1.3.0');
  expect(YAML.parse(readCi(dir)).include[0].component).toBe('$CI_SERVER_FQDN/devops/docker-build/socket@1.3.0');
  expect(fs.readFileSync(path.join(dir, '.gitlab-dind.yml'), 'utf8')).toContain('component: devops/docker-build/socket@1.3.0');
  expect((await runMain(['generate', '--check', '--out', dir], dir)).code).toBe(0);
});

test.each([
  [['init', '--yes', '--component', 'dind@1.2.0'], /--component: "dind@1.2.0" is not valid/],
  [['init', '--yes', '--component', 'devops/docker-build/dind'], /--component: .* is not valid/],
  [
    ['init', '--yes', '--component', 'devops/docker-build/dind@1.2.0', '--target', 'prod'],
    /--target: the component "devops\/docker-build\/dind@1.2.0" fixes it/,
  ],
  [['upgrade', '--component-version', '1.3.0'], /--component-version: this project includes no component/],
])('%j: exit 2, nothing written', async (args, message) => {
  const dir = tempDir('consumer-bad-');
  if (args[0] === 'upgrade') expect((await runMain(['init', '--yes', '--out', dir], dir)).code).toBe(0);
  const before = snapshot(dir);
  const r = await runMain([...args, '--out', dir], dir);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(snapshot(dir)).toEqual(before);
});

/**
 * End to end, for every mode: the group's component project, and a repository's init --component with its own
 * answers; the component expanded with the inputs that pipeline passes is the pipeline init writes without it.
 */
describe.each(MODE_IDS.map((m) => [m]))('%s: the component a repository includes runs the jobs its answers give', (mode) => {
  test('expansion of the include equals init --yes with the same answers', async () => {
    const group = tempDir('group-');
    expect((await runMain(['component', '--out', group, '--mode', mode, '--tags', 'docker'], group)).code).toBe(0);
    const template = fs.readFileSync(path.join(group, 'templates', `${mode}.yml`), 'utf8');
    const answers = [
      '--mode',
      mode,
      '--image',
      'registry.example.com/team/app',
      '--tags',
      'docker,linux',
      '--context',
      'app',
      ...(mode === 'buildkit' ? [] : ['--dockerfile', 'app/prod.Dockerfile']),
    ];
    const repo = tempDir('repo-');
    expect((await runMain(['init', '--yes', '--out', repo, '--component', `devops/docker-build/${mode}@1.0.0`, ...answers], repo)).code).toBe(0);
    const include = YAML.parse(readCi(repo)).include[0];
    const direct = tempDir('direct-');
    expect((await runMain(['init', '--yes', '--out', direct, ...answers], direct)).code).toBe(0);
    expect(withoutDefaultRuleWhen(expand(template, include.inputs))).toEqual(YAML.parse(readCi(direct)));
  });
});
