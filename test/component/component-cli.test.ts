/** `gitlab-dind component` in a temp folder, run in-process: the project it writes, and what it refuses. */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { gitlabCiLocalList, snapshot, tempDir, tree } from '../support/cli';
import { runMain } from '../support/main-in-process';
import { runnerSchemaErrors } from '../support/runner-schema';
import { schemaErrors, validateCi } from '../support/schemas';
import { expand } from './support';

describe('component --mode dind,buildah', () => {
  const dir = tempDir('component-');
  let first: Awaited<ReturnType<typeof runMain>>;
  beforeAll(async () => {
    first = await runMain(['component', '--out', dir, '--mode', 'dind,buildah', '--tags', 'docker'], dir);
  });

  test("writes one component per mode, their tests, the README, and each mode's runner files", () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(Object.keys(tree(dir)).sort()).toEqual([
      '.gitlab-ci.yml',
      'README.md',
      'gitlab-runner/buildah/config.toml',
      'gitlab-runner/dind/config.toml',
      'gitlab-runner/register-buildah.sh',
      'gitlab-runner/register-dind.sh',
      'templates/buildah.yml',
      'templates/dind.yml',
      'test/Dockerfile',
      'test/buildah.yml',
      'test/dind.yml',
    ]);
  });

  test('each template: a spec header, ---, and jobs that expand and pass the schema', () => {
    for (const mode of ['dind', 'buildah']) {
      const text = fs.readFileSync(path.join(dir, 'templates', `${mode}.yml`), 'utf8');
      const [header] = YAML.parseAllDocuments(text).map((d) => d.toJS());
      expect(Object.keys(header.spec.inputs)).toEqual(expect.arrayContaining(['image', 'tags', 'dockerfile', 'context', 'release']));
      expect(schemaErrors(validateCi, header)).toEqual([]);
      expect(schemaErrors(validateCi, expand(text))).toEqual([]);
    }
  });

  test('the project pipeline tests each component in a child pipeline and releases tags with the release keyword', () => {
    const text = fs.readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8');
    const ci = YAML.parse(text);
    expect(schemaErrors(validateCi, ci)).toEqual([]);
    expect(ci['test-dind'].trigger.include).toEqual([{ local: 'test/dind.yml' }]);
    expect(ci['create-release'].release.tag_name).toBe('$CI_COMMIT_TAG');
    expect(ci['create-release'].rules[0].if).toMatch(/^\$CI_COMMIT_TAG =~/);
    const gcl = gitlabCiLocalList(text);
    expect(gcl.stderr).not.toMatch(/Invalid .gitlab-ci.yml/);
    expect(gcl.stdout).toMatch(/test-dind/); // create-release runs on tags only
    for (const mode of ['dind', 'buildah']) {
      const child = YAML.parse(fs.readFileSync(path.join(dir, 'test', `${mode}.yml`), 'utf8'));
      expect(schemaErrors(validateCi, child)).toEqual([]);
      expect(child.include[0].component).toBe(`$CI_SERVER_FQDN/$CI_PROJECT_PATH/${mode}@$CI_COMMIT_SHA`);
      // The inputs it tests with are ones the component accepts.
      expand(fs.readFileSync(path.join(dir, 'templates', `${mode}.yml`), 'utf8'), child.include[0].inputs);
    }
  });

  test('the README documents every input of every component', () => {
    const readme = fs.readFileSync(path.join(dir, 'README.md'), 'utf8');
    for (const mode of ['dind', 'buildah']) {
      const header = YAML.parseAllDocuments(fs.readFileSync(path.join(dir, 'templates', `${mode}.yml`), 'utf8'))[0].toJS();
      const section = readme.slice(readme.indexOf(`### ${mode}`));
      for (const name of Object.keys(header.spec.inputs)) expect(section).toContain(`| \`${name}\` |`);
    }
  });

  test('runner configs pass the runner schema, 0600, named for their mode', () => {
    for (const mode of ['dind', 'buildah']) {
      const file = path.join(dir, 'gitlab-runner', mode, 'config.toml');
      expect(runnerSchemaErrors(fs.readFileSync(file, 'utf8'))).toEqual([]);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.readFileSync(path.join(dir, 'gitlab-runner', `register-${mode}.sh`), 'utf8')).toContain(`gitlab-runner/${mode}/config.toml`);
    }
  });

  test('run again: unchanged; a file changed since is refused without --force, kept as .bak with it', async () => {
    const again = await runMain(['component', '--out', dir, '--mode', 'dind,buildah', '--tags', 'docker'], dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^unchanged README\.md$/m);
    fs.appendFileSync(path.join(dir, 'README.md'), '\nOur notes.\n');
    const before = snapshot(dir);
    const refused = await runMain(['component', '--out', dir, '--mode', 'dind'], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/README\.md/);
    expect(snapshot(dir)).toEqual(before);
    const forced = await runMain(['component', '--out', dir, '--mode', 'dind,buildah', '--tags', 'docker', '--force'], dir);
    expect(forced.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'README.md.bak'), 'utf8')).toContain('Our notes.');
  });
});

test.each([
  [['--mode', 'dind,nope'], /--mode: "nope" is not valid/],
  [['--mode', 'dind,dind'], /--mode: "dind" given twice/],
  [['--mode', 'socket', '--no-tls'], /--no-tls: applies to --mode dind or kubernetes only/],
  [['--docker-version', 'latest'], /--docker-version: "latest" is not valid/],
])('component %j: exit 2, one line, nothing written', async (args, message) => {
  const dir = tempDir('component-bad-');
  const r = await runMain(['component', '--out', dir, ...args], dir);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(tree(dir)).toEqual({});
});

test('--dry-run prints the files and writes nothing', async () => {
  const dir = tempDir('component-dry-');
  const r = await runMain(['component', '--out', dir, '--dry-run'], dir);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('# ==> templates/dind.yml <==');
  expect(tree(dir)).toEqual({});
});
