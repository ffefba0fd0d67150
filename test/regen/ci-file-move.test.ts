/**
 * --ci-file on a project whose jobs the last run wrote into .gitlab-ci.yml: the jobs move to the new file,
 * and the old copies leave .gitlab-ci.yml (GitLab would merge them over the included jobs, hiding every
 * later update), except what the user added or edited, which stays and is named.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { gitlabCiLocalJobs } from '../support/cli';
import { cli, tempDir } from '../support/main-in-process';

const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
const write = (dir: string, file: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
};

async function project(): Promise<string> {
  const dir = tempDir('gitlab-dind-move-');
  write(dir, 'Dockerfile', 'FROM alpine:3.22\n');
  expect((await cli(dir, 'init', '--yes', '--mode', 'dind')).status).toBe(0);
  return dir;
}

test('unedited: .gitlab-ci.yml keeps only the include, the jobs are in the new file, and --check is clean', async () => {
  const dir = await project();
  const r = await cli(dir, 'init', '--yes', '--ci-file', 'ci/docker.yml');
  expect(r.status).toBe(0);
  expect(r.stderr).toMatch(/^\.gitlab-ci\.yml: removed \.docker-base, docker-build, docker-test, docker-release, now in ci\/docker\.yml/m);
  expect(r.stderr).not.toMatch(/the only change to it/);
  expect(read(dir, '.gitlab-ci.yml')).toBe('include:\n  - local: ci/docker.yml\n');
  expect(Object.keys(YAML.parse(read(dir, 'ci/docker.yml')))).toEqual(['.docker-base', 'docker-build', 'docker-test', 'docker-release']);
  expect(read(dir, '.gitlab-dind.yml')).not.toMatch(/^ {2}\.gitlab-ci\.yml:/m); // no longer recorded as ours
  expect((await cli(dir, 'generate', '--check')).status).toBe(0);
});

test("the user's own job and edited job stay, named; ours go; gitlab-ci-local lists each job once", async () => {
  const dir = await project();
  const ours = read(dir, '.gitlab-ci.yml');
  expect(ours).toContain('  stage: test\n');
  write(dir, '.gitlab-ci.yml', `${ours.replace('  stage: test\n', '  stage: test\n  allow_failure: true\n')}\nmy-own-job:\n  script: echo hi\n`);
  const r = await cli(dir, 'init', '--yes', '--ci-file', 'ci/docker.yml');
  expect(r.status).toBe(0);
  expect(r.stderr).toMatch(/removed \.docker-base, docker-build, docker-release, now in ci\/docker\.yml/);
  expect(r.stderr).toMatch(/^warning: \.gitlab-ci\.yml docker-test: kept, as you edited it; .*move your change into ci\/docker\.yml/m);
  const main = read(dir, '.gitlab-ci.yml');
  expect(main).not.toMatch(/Written by gitlab-dind/);
  expect(main.startsWith('include:\n  - local: ci/docker.yml\n')).toBe(true);
  const data = YAML.parse(main);
  expect(Object.keys(data)).toEqual(['include', 'docker-test', 'my-own-job']);
  expect(data['docker-test'].allow_failure).toBe(true);
  const listed = gitlabCiLocalJobs(dir);
  for (const job of ['docker-build', 'docker-test', 'docker-release', 'my-own-job']) expect(listed.match(new RegExp(`^${job}\\s`, 'gm'))).toHaveLength(1);
});

test('from one --ci-file to another: the old include is said, not removed', async () => {
  const dir = await project();
  expect((await cli(dir, 'init', '--yes', '--ci-file', 'ci/a.yml')).status).toBe(0);
  const r = await cli(dir, 'init', '--yes', '--ci-file', 'ci/b.yml');
  expect(r.status).toBe(0);
  expect(r.stderr).toMatch(/^warning: \.gitlab-ci\.yml still includes ci\/a\.yml, where the last run wrote the jobs/m);
  expect(YAML.parse(read(dir, '.gitlab-ci.yml')).include).toEqual([{ local: 'ci/a.yml' }, { local: 'ci/b.yml' }]);
});

test('ci-file: set in .gitlab-dind.yml, then generate: the same move, and .gitlab-ci.yml is not called a dropped file', async () => {
  const dir = await project();
  const answers = read(dir, '.gitlab-dind.yml');
  expect(answers).toContain('  mode: dind\n');
  write(dir, '.gitlab-dind.yml', answers.replace('  mode: dind\n', '  mode: dind\n  ci-file: build/docker.yml\n'));
  const r = await cli(dir, 'generate');
  expect(r.status).toBe(0);
  expect(r.stderr).toMatch(/^\.gitlab-ci\.yml: removed \.docker-base, docker-build, docker-test, docker-release, now in build\/docker\.yml/m);
  expect(r.stderr).not.toMatch(/no longer written/);
  expect(read(dir, '.gitlab-ci.yml')).toBe('include:\n  - local: build/docker.yml\n');
  expect((await cli(dir, 'generate', '--check')).status).toBe(0);
});
