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
  expect(r.stderr).toMatch(
    /^\.gitlab-ci\.yml: \.docker-base, docker-build, docker-test, docker-release leave it, unchanged since the last run: they are in ci\/docker\.yml now$/m,
  );
  expect(r.stderr).not.toMatch(/the only change to it/);
  expect(read(dir, '.gitlab-ci.yml.bak')).toMatch(/^docker-build:/m); // the file as it was
  expect(read(dir, '.gitlab-ci.yml')).toBe('include:\n  - local: ci/docker.yml\n');
  expect(Object.keys(YAML.parse(read(dir, 'ci/docker.yml')))).toEqual(['.docker-base', 'docker-build', 'docker-test', 'docker-release']);
  expect(read(dir, '.gitlab-dind.yml')).not.toMatch(/^ {2}\.gitlab-ci\.yml:/m); // no longer recorded as ours
  expect((await cli(dir, 'generate', '--check')).status).toBe(0);
});

test("the user's own job and edited job stay, named; ours go; gitlab-ci-local sees every job, and only the edited one is in both files", async () => {
  const dir = await project();
  const ours = read(dir, '.gitlab-ci.yml');
  expect(ours).toContain('  stage: test\n');
  write(dir, '.gitlab-ci.yml', `${ours.replace('  stage: test\n', '  stage: test\n  allow_failure: true\n')}\nmy-own-job:\n  script: echo hi\n`);
  const r = await cli(dir, 'init', '--yes', '--ci-file', 'ci/docker.yml');
  expect(r.status).toBe(0);
  expect(r.stderr).toMatch(/\.docker-base, docker-build, docker-release leave it, unchanged since the last run: they are in ci\/docker\.yml now/);
  expect(r.stderr).toMatch(/^warning: \.gitlab-ci\.yml docker-test: kept, as you edited it; .*move your change into ci\/docker\.yml/m);
  const main = read(dir, '.gitlab-ci.yml');
  expect(main).not.toMatch(/Written by gitlab-dind/);
  expect(main.startsWith('include:\n  - local: ci/docker.yml\n')).toBe(true);
  const data = YAML.parse(main);
  expect(Object.keys(data)).toEqual(['include', 'docker-test', 'my-own-job']);
  expect(data['docker-test'].allow_failure).toBe(true);
  // GitLab reads the two as one pipeline with every job; only the edited job is in both files.
  const listed = gitlabCiLocalJobs(dir);
  for (const job of ['docker-build', 'docker-test', 'docker-release', 'my-own-job']) expect(listed).toMatch(new RegExp(`^${job}\\s`, 'm'));
  const included = Object.keys(YAML.parse(read(dir, 'ci/docker.yml')));
  expect(Object.keys(data).filter((key) => included.includes(key))).toEqual(['docker-test']);
  // On every later run, the override is named with the keys it hides.
  const again = await cli(dir, 'generate');
  expect(again.status).toBe(0);
  expect(again.stderr).toMatch(
    /^note: \.gitlab-ci\.yml docker-test is merged over docker-test in ci\/docker\.yml: its extends, stage, needs, interruptible, script win/m,
  );
});

test("a part of ours whose anchor the user's job uses stays, said, and is the user's from then on", async () => {
  const dir = await project();
  const ours = read(dir, '.gitlab-ci.yml');
  write(dir, '.gitlab-ci.yml', `${ours.replace('.docker-base:\n', '.docker-base: &base\n')}\nmy-job:\n  <<: *base\n  script: echo hi\n`);
  const r = await cli(dir, 'init', '--yes', '--ci-file', 'ci/docker.yml');
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.status).toBe(0);
  expect(r.stderr).toMatch(/^warning: \.gitlab-ci\.yml \.docker-base: kept, as my-job uses its anchor through an alias; it is yours from now on/m);
  const data = YAML.parse(read(dir, '.gitlab-ci.yml'), { merge: true });
  expect(Object.keys(data)).toEqual(['include', '.docker-base', 'my-job']);
  expect(data['my-job'].image).toBe(data['.docker-base'].image);
  // Yours now: every later run names what it hides of ours.
  const again = await cli(dir, 'generate');
  expect(again.status).toBe(0);
  expect(again.stderr).toMatch(
    /^note: \.gitlab-ci\.yml \.docker-base is merged over \.docker-base in ci\/docker\.yml: its image, services, variables, before_script win/m,
  );
});

test('the same in generate, when an answer drops a part the user aliases (test: false)', async () => {
  const dir = await project();
  const ours = read(dir, '.gitlab-ci.yml');
  expect(ours).toContain('\ndocker-test:\n');
  write(dir, '.gitlab-ci.yml', `${ours.replace('\ndocker-test:\n', '\ndocker-test: &tested\n')}\nmy-check:\n  <<: *tested\n`);
  write(dir, '.gitlab-dind.yml', read(dir, '.gitlab-dind.yml').replace('  test: true\n', '  test: false\n'));
  const r = await cli(dir, 'generate');
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.status).toBe(0);
  expect(r.stderr).toMatch(/docker-test: no longer written with these answers, but kept: my-check uses its anchor/);
  expect(Object.keys(YAML.parse(read(dir, '.gitlab-ci.yml')))).toContain('docker-test');
  // Still recorded as ours: once the alias is gone, the next run removes it.
  write(dir, '.gitlab-ci.yml', read(dir, '.gitlab-ci.yml').replace('my-check:\n  <<: *tested\n', 'my-check:\n  script: [true]\n'));
  expect((await cli(dir, 'generate')).status).toBe(0);
  expect(Object.keys(YAML.parse(read(dir, '.gitlab-ci.yml')))).not.toContain('docker-test');
});

test('an answers file of schema 1 (one fingerprint per file) moves the jobs too', async () => {
  const dir = await project();
  const answers = YAML.parse(read(dir, '.gitlab-dind.yml'));
  const files = Object.fromEntries(Object.entries(answers.files as Record<string, { file: string }>).map(([name, rec]) => [name, rec.file]));
  write(dir, '.gitlab-dind.yml', YAML.stringify({ ...answers, schema: 1, files }));
  const r = await cli(dir, 'init', '--yes', '--ci-file', 'ci/docker.yml');
  expect(r.status).toBe(0);
  expect(read(dir, '.gitlab-ci.yml')).toBe('include:\n  - local: ci/docker.yml\n');
});

test('jobs these answers no longer write are said as such, not as moved', async () => {
  const dir = await project();
  const r = await cli(dir, 'init', '--yes', '--ci-file', 'ci/docker.yml', '--no-test');
  expect(r.status).toBe(0);
  expect(r.stderr).toMatch(
    /^\.gitlab-ci\.yml: \.docker-base, docker-build, docker-release leave it, unchanged since the last run: they are in ci\/docker\.yml now$/m,
  );
  expect(r.stderr).toMatch(/^\.gitlab-ci\.yml: docker-test leaves it, unchanged since the last run: these answers no longer write it$/m);
});

test('from one --ci-file to another: the old include is said, not removed', async () => {
  const dir = await project();
  expect((await cli(dir, 'init', '--yes', '--ci-file', 'ci/a.yml')).status).toBe(0);
  const r = await cli(dir, 'init', '--yes', '--ci-file', 'ci/b.yml');
  expect(r.status).toBe(0);
  expect(r.stderr).toMatch(/^warning: \.gitlab-ci\.yml still includes ci\/a\.yml, where the last run wrote the jobs/m);
  expect(r.stderr).not.toMatch(/no longer written/);
  expect(YAML.parse(read(dir, '.gitlab-ci.yml')).include).toEqual([{ local: 'ci/a.yml' }, { local: 'ci/b.yml' }]);
});

test('ci-file: set in .gitlab-dind.yml, then generate: the same move, and .gitlab-ci.yml is not called a dropped file', async () => {
  const dir = await project();
  const answers = read(dir, '.gitlab-dind.yml');
  expect(answers).toContain('  mode: dind\n');
  write(dir, '.gitlab-dind.yml', answers.replace('  mode: dind\n', '  mode: dind\n  ci-file: build/docker.yml\n'));
  const r = await cli(dir, 'generate');
  expect(r.status).toBe(0);
  expect(r.stderr).toMatch(
    /^\.gitlab-ci\.yml: \.docker-base, docker-build, docker-test, docker-release leave it, unchanged since the last run: they are in build\/docker\.yml now$/m,
  );
  expect(r.stderr).not.toMatch(/no longer written/);
  expect(read(dir, '.gitlab-ci.yml')).toBe('include:\n  - local: build/docker.yml\n');
  expect((await cli(dir, 'generate', '--check')).status).toBe(0);
});
