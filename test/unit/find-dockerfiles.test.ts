/** Looking for Dockerfiles in a repository, and the wizard's fitting of choices and redacting of diffs. */
import fs from 'node:fs';
import path from 'node:path';
import { fitChoices } from '../../src/cli/prompt';
import { redactTokens } from '../../src/cli/wizard-confirm';
import { dockerfileFacts, findDockerfiles, isDockerfileName, missingBuildInputs } from '../../src/io/find-dockerfiles';
import { tempDir } from '../support/cli';
import { writeFixtureRepository } from '../support/fixture-repository';

test("finds the project's Dockerfiles a few folders down, not in dependencies, hidden folders, past the depth or through a symlink", () => {
  const dir = tempDir();
  const expected = writeFixtureRepository(dir);
  expect(findDockerfiles(dir)).toEqual(expected);
});

test("the root's own Dockerfile comes first", () => {
  const dir = tempDir();
  writeFixtureRepository(dir);
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM alpine:3.20\n');
  expect(findDockerfiles(dir)[0]).toBe('Dockerfile');
});

test('Dockerfile names', () => {
  for (const name of ['Dockerfile', 'dockerfile', 'Containerfile', 'Dockerfile.prod', 'app.Dockerfile', 'api.dockerfile', 'Containerfile.dev'])
    expect(isDockerfileName(name)).toBe(true);
  for (const name of ['Dockerfile.dockerignore', '.dockerignore', 'docker-compose.yml', 'Dockerfiles', 'README.md']) expect(isDockerfileName(name)).toBe(false);
});

test('stages and args of a file in the repository; nothing for a file that is not there', () => {
  const dir = tempDir();
  writeFixtureRepository(dir);
  expect(dockerfileFacts(dir, 'docker/app.Dockerfile')).toEqual({ stages: ['build', 'prod'], stageCount: 2, args: ['NODE_VERSION', 'NPM_TOKEN'] });
  expect(dockerfileFacts(dir, 'nope/Dockerfile')).toBeUndefined();
});

test('what init --yes says is missing', () => {
  const dir = tempDir();
  writeFixtureRepository(dir);
  expect(missingBuildInputs(dir, 'docker/app.Dockerfile', 'docker')).toBeUndefined();
  expect(missingBuildInputs(dir, 'Dockerfile', '.')).toBe(
    'no Dockerfile at Dockerfile: the docker-build job fails without it (found docker/app.Dockerfile, services/api/Containerfile.dev, services/api/Dockerfile: give --dockerfile PATH and --context DIR)',
  );
  expect(missingBuildInputs(dir, 'docker/app.Dockerfile', 'app')).toMatch(/^no build context folder app: /);
});

test('a choice too long for the terminal shows short, the whole of it under the list', () => {
  const long = { value: 1, name: 'another registry (logged in with CI/CD variables REGISTRY_USER, REGISTRY_PASSWORD)', short: 'another registry' };
  const fits = { value: 2, name: 'Docker Hub', short: 'Docker Hub' };
  expect(fitChoices([long, fits], 80)).toEqual([{ ...long, name: 'another registry', description: long.name }, fits]);
  expect(fitChoices([long], 200)).toEqual([long]);
});

test('a diff shows no runner token', () => {
  const diff = '-  token = "glrt-abcDEF123_x"\n+  token = "$RUNNER_TOKEN"\n   token="other-secret"\n';
  expect(redactTokens(diff)).toBe('-  token = "[redacted]"\n+  token = "$RUNNER_TOKEN"\n   token="[redacted]"\n');
});
