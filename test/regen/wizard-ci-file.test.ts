/**
 * The wizard in a real pseudo-terminal, in a repository with its own .gitlab-ci.yml: it offers to put
 * the jobs in a file of their own, included from the user's pipeline (issue 15).
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { tempDir } from '../support/cli';
import { KEY, Terminal } from '../support/terminal';

const terminals: Terminal[] = [];
afterEach(() => terminals.splice(0).forEach((t) => t.kill()));

const OWN = '# ours\nstages: [build, test, deploy]\nunit:\n  stage: test\n  script: [make test]\n';
const OFFER = 'was not written by gitlab-dind. File for the jobs';
const SOURCE = 'Jobs in this repository, or a shared CI/CD component?';

/** Everything but the questions this test is about comes from flags. */
const FLAGS = [
  '--mode',
  'socket',
  '--docker-version',
  '29.10.1',
  '--image-registry',
  '',
  '--registry',
  '',
  '--image',
  '$CI_REGISTRY_IMAGE',
  '--dockerfile',
  'Dockerfile',
  '--context',
  '.',
  '--test-command',
  'true',
  '--tags',
  '',
  '--gitlab-url',
  'https://gitlab.com/',
  '--runner-name',
  'docker-socket',
  '--concurrent',
  '4',
  '--out',
  '.',
];

test("a .gitlab-ci.yml it did not write: Enter takes ci/docker.gitlab-ci.yml, and the user's file gains only the include", async () => {
  const dir = tempDir('gitlab-dind-wizard-ci-');
  fs.writeFileSync(path.join(dir, '.gitlab-ci.yml'), OWN);
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM alpine:3.20\n');
  const t = new Terminal(['init', ...FLAGS], dir);
  terminals.push(t);
  await t.answer(SOURCE, KEY.enter);
  await t.answer(OFFER, KEY.enter);
  await t.answer('Write these files?', KEY.enter);
  expect(await t.exitCode()).toBe(0);
  expect(fs.readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8')).toBe(
    `include:\n  - local: ci/docker.gitlab-ci.yml\n\n# ours\nstages: [build, test, deploy]\nunit:\n  stage: test\n  script: [make test]\n`,
  );
  expect(YAML.parse(fs.readFileSync(path.join(dir, 'ci/docker.gitlab-ci.yml'), 'utf8'))['docker-build']).toBeDefined();
  expect(fs.readFileSync(path.join(dir, '.gitlab-dind.yml'), 'utf8')).toMatch(/ci-file: ci\/docker\.gitlab-ci\.yml/);
});

test('the offer refuses .gitlab-ci.yml itself, and takes another file typed in', async () => {
  const dir = tempDir('gitlab-dind-wizard-ci-');
  fs.writeFileSync(path.join(dir, '.gitlab-ci.yml'), OWN);
  const t = new Terminal(['init', ...FLAGS], dir);
  terminals.push(t);
  await t.answer(SOURCE, KEY.enter);
  await t.waitFor(OFFER);
  // Clear the default, type our own pipeline's name: refused.
  await t.answer('', ...Array<string>(30).fill(KEY.backspace), '.gitlab-ci.yml', KEY.enter);
  await t.waitFor('is your pipeline');
  await t.answer('', ...Array<string>(30).fill(KEY.backspace), 'build/docker.yml', KEY.enter);
  await t.answer('Write these files?', KEY.enter);
  expect(await t.exitCode()).toBe(0);
  expect(fs.existsSync(path.join(dir, 'build/docker.yml'))).toBe(true);
  expect(fs.readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8')).toContain('  - local: build/docker.yml\n');
});

test('no offer where the .gitlab-ci.yml is one it wrote', async () => {
  const dir = tempDir('gitlab-dind-wizard-ci-');
  const first = new Terminal(['init', ...FLAGS], dir);
  terminals.push(first);
  await first.answer(SOURCE, KEY.enter);
  await first.answer('Write these files?', KEY.enter);
  expect(await first.exitCode()).toBe(0);
  const again = new Terminal(['init', ...FLAGS], dir);
  terminals.push(again);
  await again.answer(SOURCE, KEY.enter); // the one question no flag here answers (--component would)
  // Nothing to change, so nothing to confirm: it ends by itself.
  expect(await again.exitCode()).toBe(0);
  expect(again.screen).toContain('Nothing to change');
  expect(again.screen).not.toContain(OFFER);
});
