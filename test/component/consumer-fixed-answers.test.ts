/**
 * init --component: what the component fixes is refused beside it (--test-in-build too: the component decides
 * where its test runs), a reference named as another mode's component is said, and a change of mode drops
 * an earlier run's component.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { snapshot, tempDir } from '../support/cli';
import { runMain } from '../support/main-in-process';

test('--test-in-build beside --component: exit 2, one line naming the flag, nothing written', async () => {
  const dir = tempDir('consumer-fixed-');
  const before = snapshot(dir);
  const r = await runMain(['init', '--yes', '--out', dir, '--component', 'devops/docker-build/dind@1.2.0', '--test-in-build'], dir);
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split('\n')).toEqual([
    expect.stringMatching(/^gitlab-dind: --test-in-build: the component "devops\/docker-build\/dind@1.2.0" fixes it/),
  ]);
  expect(snapshot(dir)).toEqual(before);
});

test('--no-test-in-build beside --component is no answer the component fixes: accepted', async () => {
  const dir = tempDir('consumer-fixed-off-');
  const r = await runMain(['init', '--yes', '--out', dir, '--component', 'devops/docker-build/dind@1.2.0', '--no-test-in-build'], dir);
  expect(r.stderr).not.toMatch(/error|fixes it/);
  expect(r.code).toBe(0);
});

test.each([
  ['socket', 'devops/docker-build/dind@1.2.0', 'dind'],
  ['dind', 'devops/docker-build/buildkit@2.0.0', 'buildkit'],
])('--mode %s --component %s: written, with a warning that the name is mode %s', async (mode, component, named) => {
  const dir = tempDir('consumer-other-mode-');
  const r = await runMain(['init', '--yes', '--out', dir, '--mode', mode, '--component', component], dir);
  expect(r.code).toBe(0);
  const warnings = r.stderr.split('\n').filter((l) => l.includes('--component'));
  expect(warnings).toEqual([
    `warning: --component "${component}" is named as mode ${named}'s component (gitlab-dind component names each by its mode), but the mode is ${mode}: its jobs may need a ${named} runner`,
  ]);
});

test.each([
  ['socket', 'devops/docker-build/socket@1.2.0'],
  ['socket', 'devops/docker-build/build@1.2.0'],
])('--mode %s --component %s: no such warning', async (mode, component) => {
  const dir = tempDir('consumer-same-mode-');
  const r = await runMain(['init', '--yes', '--out', dir, '--mode', mode, '--component', component], dir);
  expect(r.code).toBe(0);
  expect(r.stderr).not.toContain('--component');
});

test('init --yes --mode socket over an earlier dind component: the component is dropped, said, and the jobs copied', async () => {
  const dir = tempDir('consumer-mode-change-');
  expect((await runMain(['init', '--yes', '--out', dir, '--component', 'devops/docker-build/dind@1.2.0'], dir)).code).toBe(0);
  const r = await runMain(['init', '--yes', '--out', dir, '--mode', 'socket'], dir);
  expect(r.code).toBe(0);
  expect(r.stderr).toContain(".gitlab-dind.yml: component dropped: it does not go with this run's flags");
  expect(r.stderr).not.toContain('warning: --component');
  const ci = YAML.parse(fs.readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8'));
  expect(ci.include).toBeUndefined();
  expect(Object.keys(ci)).toContain('docker-build');
  expect((await runMain(['generate', '--check', '--out', dir], dir)).code).toBe(0);
});

test('init --yes over an earlier component, same mode: the component stays', async () => {
  const dir = tempDir('consumer-same-mode-again-');
  expect((await runMain(['init', '--yes', '--out', dir, '--mode', 'socket', '--component', 'devops/docker-build/socket@1.2.0'], dir)).code).toBe(0);
  const r = await runMain(['init', '--yes', '--out', dir, '--mode', 'socket', '--tags', 'docker'], dir);
  expect(r.code).toBe(0);
  expect(r.stderr).not.toContain('dropped');
  expect(YAML.parse(fs.readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8')).include[0].component).toBe('$CI_SERVER_FQDN/devops/docker-build/socket@1.2.0');
});
