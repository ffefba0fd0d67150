/**
 * Issue 15's six scenarios, end to end through the built CLI in temp folders: each ends in a consistent
 * pair that our lint passes, or in nothing written and a message naming the part and the way out.
 */
import fs from 'node:fs';
import path from 'node:path';
import TOML from '@iarna/toml';
import YAML from 'yaml';
import { gitlabCiLocalJobs } from '../support/cli';
import { cli, tempDir, tree } from '../support/main-in-process';

type Table = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
const write = (dir: string, file: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
};
/** Replaces `from` (which must be there) in a file. */
function edit(dir: string, file: string, from: string, to: string): void {
  const text = read(dir, file);
  expect(text).toContain(from);
  write(dir, file, text.replace(from, to));
}
const runners = (dir: string) => (TOML.parse(read(dir, 'gitlab-runner/config.toml')) as Table).runners as Table[];

async function initYes(...args: string[]): Promise<string> {
  const dir = tempDir('gitlab-dind-i15-');
  write(dir, 'Dockerfile', 'FROM alpine:3.20\n');
  const r = await cli(dir, 'init', '--yes', ...args);
  expect(r.stderr).not.toMatch(/^gitlab-dind:/m);
  expect(r.status).toBe(0);
  return dir;
}

/** Our lint on the repository passes: no error (warnings allowed). */
async function lintPasses(dir: string): Promise<void> {
  const r = await cli(dir, 'lint');
  expect(`${r.stdout}${r.stderr}`).not.toMatch(/ error /);
  expect(r.status).toBe(0);
}

describe('1. a change of mode with an edit in a part the new render changes', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await initYes();
    edit(dir, '.gitlab-ci.yml', '    IMAGE_NAME: "$CI_REGISTRY_IMAGE"\n', '    IMAGE_NAME: "$CI_REGISTRY_IMAGE"\n    MY_VAR: "1"\n');
    edit(dir, '.gitlab-dind.yml', '  mode: dind\n', '  mode: socket\n');
  });

  it('generate writes nothing and names the part, the finding and the ways out (exit 1)', async () => {
    const before = tree(dir);
    const r = await cli(dir, 'generate');
    expect(r.status).toBe(1);
    expect(tree(dir)).toEqual(before);
    expect(r.stderr).toMatch(/nothing written/);
    expect(r.stderr).toMatch(/\.docker-base/);
    expect(r.stderr).toMatch(/dind service conflicts with the bound socket|dind-socket-conflict/);
    expect(r.stderr).toMatch(/--force/);
    expect(r.stdout).not.toMatch(/^updated/m);
  });

  it('generate --check says the same, exit 1', async () => {
    const before = tree(dir);
    const r = await cli(dir, 'generate', '--check');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/\.docker-base/);
    expect(tree(dir)).toEqual(before);
  });

  it('generate --force takes the new .docker-base (yours in the .bak): a socket pair that lint passes', async () => {
    const r = await cli(dir, 'generate', '--force');
    expect(r.stderr + r.stdout).toMatch(/\.docker-base/);
    expect(r.status).toBe(0);
    const ci = YAML.parse(read(dir, '.gitlab-ci.yml'));
    expect(JSON.stringify(ci)).not.toContain('-dind');
    expect(runners(dir)[0].docker.privileged).toBe(false);
    expect(read(dir, '.gitlab-ci.yml.bak')).toContain('MY_VAR');
    await lintPasses(dir);
    expect((await cli(dir, 'generate', '--check')).status).toBe(0);
  });
});

describe('2. --force takes the render only where both sides changed a part', () => {
  it('edits of docker-build, docker-test and concurrent stay; the conflicting .docker-base takes the new version', async () => {
    const dir = await initYes();
    edit(
      dir,
      '.gitlab-ci.yml',
      '    - docker push "$IMAGE_NAME:$CI_COMMIT_SHORT_SHA"\n',
      '    - docker push "$IMAGE_NAME:$CI_COMMIT_SHORT_SHA"\n    - echo build-edit\n',
    );
    edit(
      dir,
      '.gitlab-ci.yml',
      '    - docker pull "$IMAGE_NAME:$CI_COMMIT_SHORT_SHA"\n    # No fixed',
      '    - docker pull "$IMAGE_NAME:$CI_COMMIT_SHORT_SHA"\n    - echo test-edit\n    # No fixed',
    );
    edit(dir, 'gitlab-runner/config.toml', 'concurrent = 4', 'concurrent = 8');
    edit(dir, '.gitlab-ci.yml', '    IMAGE_NAME: "$CI_REGISTRY_IMAGE"\n', '    IMAGE_NAME: "$CI_REGISTRY_IMAGE"\n    MY_VAR: "1"\n');
    edit(dir, '.gitlab-dind.yml', 'docker-version: 29.10.1', 'docker-version: 28.5.2');
    const r = await cli(dir, 'generate', '--force');
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/replaced your edit of \.gitlab-ci\.yml docker-(build|test)/);
    expect(r.stderr).not.toMatch(/replaced your edit of gitlab-runner\/config\.toml concurrent/);
    expect(r.stderr).toMatch(/replaced your edit of \.gitlab-ci\.yml \.docker-base/);
    const ci = YAML.parse(read(dir, '.gitlab-ci.yml'));
    expect(ci['docker-build'].script).toContain('echo build-edit');
    expect(ci['docker-test'].script).toContain('echo test-edit');
    expect(ci['.docker-base'].variables.DOCKER_VERSION).toBe('28.5.2');
    expect((TOML.parse(read(dir, 'gitlab-runner/config.toml')) as Table).concurrent).toBe(8);
    await lintPasses(dir);
  });
});

describe('3. init in a folder that holds .gitlab-dind.yml', () => {
  it('--yes takes its answers as the defaults: shell stays shell, its runner stays', async () => {
    const dir = await initYes('--mode', 'shell');
    const r = await cli(dir, 'init', '--yes');
    expect(r.status).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/\.gitlab-dind\.yml/);
    expect(read(dir, '.gitlab-dind.yml')).toMatch(/^ {2}mode: shell$/m);
    expect(runners(dir).map((x) => [x.name, x.executor])).toEqual([['shell-docker', 'shell']]);
    await lintPasses(dir);
  });

  it('a change of mode needs --mode, and the output says what changes; the pair is of the new mode', async () => {
    const dir = await initYes('--mode', 'shell');
    const r = await cli(dir, 'init', '--yes', '--mode', 'dind');
    expect(r.status).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/mode: shell → dind/);
    expect(read(dir, '.gitlab-dind.yml')).toMatch(/^ {2}mode: dind$/m);
    const all = runners(dir);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ executor: 'docker', docker: { privileged: false, services_privileged: true } });
    await lintPasses(dir);
  });
});

const USER_PIPELINE = `# The team's pipeline: keep the anchors, the order matters to us.
variables: &shared
  NODE_VERSION: "22"   # LTS

stages: [lint, build, test, deploy]

.node: &node
  image: node:22
  variables: *shared

unit-tests:
  <<: *node
  stage: test
  script:
    - npm ci
    - npm test
`;

describe('4. a repository with its own .gitlab-ci.yml', () => {
  let dir: string;
  beforeAll(async () => {
    dir = tempDir('gitlab-dind-i15-own-');
    write(dir, '.gitlab-ci.yml', USER_PIPELINE);
    write(dir, 'Dockerfile', 'FROM alpine:3.20\n');
  });

  it('init --yes writes nothing and points at --ci-file (exit 1)', async () => {
    const r = await cli(dir, 'init', '--yes');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--ci-file/);
    expect(tree(dir)).toEqual({ '.gitlab-ci.yml': USER_PIPELINE, Dockerfile: 'FROM alpine:3.20\n' });
  });

  it("init --ci-file writes the jobs there and adds only the include lines to the user's file", async () => {
    const r = await cli(dir, 'init', '--yes', '--ci-file', 'ci/docker.gitlab-ci.yml');
    expect(r.status).toBe(0);
    const now = read(dir, '.gitlab-ci.yml');
    // Every byte as it was, but the include lines.
    const lines = now.split('\n');
    const added = ['include:', '  - local: ci/docker.gitlab-ci.yml', ''];
    const at = lines.indexOf('include:');
    expect(lines.slice(at, at + added.length)).toEqual(added);
    expect([...lines.slice(0, at), ...lines.slice(at + added.length)].join('\n')).toBe(USER_PIPELINE);
    expect(YAML.parse(read(dir, 'ci/docker.gitlab-ci.yml'))['docker-build']).toBeDefined();
    expect(read(dir, '.gitlab-dind.yml')).toMatch(/ci-file: ci\/docker\.gitlab-ci\.yml/);
  });

  it("gitlab-ci-local lists the user's jobs and ours", async () => {
    const listed = gitlabCiLocalJobs(dir);
    for (const job of ['unit-tests', 'docker-build', 'docker-test', 'docker-release']) expect(listed).toContain(job);
  });

  it('generate, generate --check and lint follow the include', async () => {
    expect((await cli(dir, 'generate', '--check')).status).toBe(0);
    // lint reads our jobs through the include: a dind job of ours, broken by hand, is found there.
    const ours = read(dir, 'ci/docker.gitlab-ci.yml');
    write(dir, 'ci/docker.gitlab-ci.yml', ours.replace('DOCKER_HOST: "tcp://docker:2376"', 'DOCKER_HOST: "tcp://docker:2375"'));
    const broken = await cli(dir, 'lint');
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(/^ci\/docker\.gitlab-ci\.yml:\d+ error/m);
    write(dir, 'ci/docker.gitlab-ci.yml', ours);
    const r = await cli(dir, 'generate');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/unchanged ci\/docker\.gitlab-ci\.yml/);
    const l = await cli(dir, 'lint', '--format', 'json');
    expect(l.status).toBe(0);
    await lintPasses(dir);
  });

  it("upgrade moves the versions in our file and leaves the user's as it is", async () => {
    const mine = read(dir, '.gitlab-ci.yml');
    const r = await cli(dir, 'upgrade', '--docker-version', '28.5.2', '--yes');
    expect(r.status).toBe(0);
    expect(read(dir, '.gitlab-ci.yml')).toBe(mine);
    expect(YAML.parse(read(dir, 'ci/docker.gitlab-ci.yml'))['.docker-base'].variables.DOCKER_VERSION).toBe('28.5.2');
    await lintPasses(dir);
  });

  it('a stages: list that lacks our stages is reported with the fix', async () => {
    const other = tempDir('gitlab-dind-i15-stages-');
    write(other, '.gitlab-ci.yml', 'stages: [lint, test]\nlint:\n  stage: lint\n  script: [true]\n');
    const r = await cli(other, 'init', '--yes', '--ci-file', 'ci/docker.gitlab-ci.yml');
    expect(r.stderr).toMatch(/stages/);
    expect(r.stderr).toMatch(/build/);
    expect(r.stderr).toMatch(/deploy/);
    expect(r.stderr).toMatch(/\[lint, build, test, deploy\]/);
  });
});

describe('5. drift: a hand-changed managed value fails --check until accepted or reverted', () => {
  it("the dind service's version, changed by hand: --check exit 1 naming the part and the answer to set; generate refuses the mixed pair; reverted: clean", async () => {
    const dir = await initYes();
    const original = read(dir, '.gitlab-ci.yml');
    edit(dir, '.gitlab-ci.yml', '"docker:${DOCKER_VERSION}-dind"', '"docker:28.5.2-dind"');
    const check = await cli(dir, 'generate', '--check');
    expect(check.status).toBe(1);
    expect(check.stderr).toMatch(/\.docker-base/);
    expect(check.stderr).toMatch(/docker-version: 28\.5\.2/);
    const before = tree(dir);
    const gen = await cli(dir, 'generate');
    expect(gen.status).toBe(1);
    expect(gen.stderr).toMatch(/nothing written/);
    expect(tree(dir)).toEqual(before);
    write(dir, '.gitlab-ci.yml', original);
    expect((await cli(dir, 'generate', '--check')).status).toBe(0);
  });

  it('an edit of docker-test: --check exit 1 until --accept docker-test; then clean, and the note stops', async () => {
    const dir = await initYes();
    edit(
      dir,
      '.gitlab-ci.yml',
      '    - docker pull "$IMAGE_NAME:$CI_COMMIT_SHORT_SHA"\n    # No fixed',
      '    - docker pull "$IMAGE_NAME:$CI_COMMIT_SHORT_SHA"\n    - echo extra\n    # No fixed',
    );
    const check = await cli(dir, 'generate', '--check');
    expect(check.status).toBe(1);
    expect(check.stderr).toMatch(/docker-test/);
    expect(check.stderr).toMatch(/--accept docker-test/);
    const accepted = await cli(dir, 'generate', '--accept', 'docker-test');
    expect(accepted.status).toBe(0);
    expect(accepted.stderr).toMatch(/accepted/);
    expect(read(dir, '.gitlab-ci.yml')).toContain('- echo extra');
    expect((await cli(dir, 'generate', '--check')).status).toBe(0);
    const again = await cli(dir, 'generate');
    expect(again.status).toBe(0);
    expect(again.stderr).not.toMatch(/docker-test/);
  });

  it('--accept-all accepts every differing part; --accept of a part that does not differ is refused (exit 2)', async () => {
    const dir = await initYes();
    edit(dir, 'gitlab-runner/config.toml', 'concurrent = 4', 'concurrent = 6');
    edit(
      dir,
      '.gitlab-ci.yml',
      '    - docker push "$IMAGE_NAME:$CI_COMMIT_SHORT_SHA"\n',
      '    - docker push "$IMAGE_NAME:$CI_COMMIT_SHORT_SHA"\n    - echo pushed\n',
    );
    const check = await cli(dir, 'generate', '--check');
    expect(check.status).toBe(1);
    expect(check.stderr).toMatch(/concurrent: 6/); // an answer covers it: set concurrent: 6 in .gitlab-dind.yml
    const wrong = await cli(dir, 'generate', '--accept', 'docker-release');
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/--accept: "docker-release"/);
    expect((await cli(dir, 'generate', '--accept-all')).status).toBe(0);
    expect((await cli(dir, 'generate', '--check')).status).toBe(0);
  });
});

describe('5b. the runner renamed by hand in config.toml', () => {
  it('is not added again beside it: --check names runner-name; set there, the pair is clean', async () => {
    const dir = await initYes();
    edit(dir, 'gitlab-runner/config.toml', 'name = "dind-tls"', 'name = "build-box"');
    const check = await cli(dir, 'generate', '--check');
    expect(check.status).toBe(1);
    expect(check.stderr).toMatch(/runner-name: build-box/);
    edit(dir, '.gitlab-dind.yml', 'runner-name: dind-tls', 'runner-name: build-box');
    expect((await cli(dir, 'generate')).status).toBe(0);
    expect(runners(dir).map((r) => r.name)).toEqual(['build-box']);
    expect((await cli(dir, 'generate', '--check')).status).toBe(0);
    await lintPasses(dir);
  });
});

describe('6. after a change of mode, config.toml has no comment of the old mode', () => {
  it("the socket runner section under socket comments, the user's concurrent kept", async () => {
    const dir = await initYes();
    edit(dir, 'gitlab-runner/config.toml', 'concurrent = 4', 'concurrent = 6');
    edit(dir, '.gitlab-dind.yml', '  mode: dind\n', '  mode: socket\n');
    const r = await cli(dir, 'generate');
    expect(r.status).toBe(0);
    const toml = read(dir, 'gitlab-runner/config.toml');
    expect(toml).not.toMatch(/dind runs a daemon/);
    expect(toml).not.toMatch(/Docker-in-Docker/);
    expect(toml).toMatch(/# Not privileged[^\n]*\n\s*privileged = false/);
    expect(toml).toContain('concurrent = 6');
    await lintPasses(dir);
    // Settled: the next run has nothing to change, and only the kept concurrent to name.
    const again = await cli(dir, 'generate', '--check');
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(/concurrent: 6/);
  });
});
