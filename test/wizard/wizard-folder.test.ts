/**
 * Without --out the wizard asks the output folder first: the Dockerfiles it offers, and an earlier run's
 * answers, are looked for in that folder (the repository), not in the one it was started in.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { BIN, tempDir } from '../support/cli';
import { writeFixtureRepository } from '../support/fixture-repository';
import { dockerfileChoices, KEY, QUESTION, questionsInOrder, Terminal } from '../support/terminal';

const terminals: Terminal[] = [];
afterEach(() => terminals.splice(0).forEach((t) => t.kill()));

function wizard(cwd: string): Terminal {
  const t = new Terminal([], cwd);
  terminals.push(t);
  return t;
}

test('a repository in another folder: its Dockerfiles are offered, relative to it, and the pipeline builds them', async () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\n'); // the current folder's: not the repository's
  const expected = writeFixtureRepository(path.join(dir, 'repo'));
  const t = wizard(dir);
  const first = await t.answerText('Folder to write the files in', 'repo');
  expect(first).not.toContain('Build mode');
  for (const q of questionsInOrder(true, QUESTION.mode, QUESTION.push)) await t.answer(q, KEY.enter);
  const seen = await t.waitFor('another path');
  expect(seen.slice(seen.indexOf(QUESTION.dockerfile))).toContain(`Dockerfile to build (found ${expected.length} in repo)`);
  expect(dockerfileChoices(seen)).toEqual(expected);
  await t.answer('', KEY.enter); // docker/app.Dockerfile
  await t.answer('Build context folder, from the repository root (docker)', KEY.enter);
  for (const q of [
    'Stage to build',
    'Build args',
    'Test of the built image',
    'Runner tags',
    'GitLab URL',
    'Runner name',
    'Jobs the runner',
    'Write these files?',
  ])
    await t.answer(q, KEY.enter);
  expect(await t.exitCode()).toBe(0);
  const answers = YAML.parse(fs.readFileSync(path.join(dir, 'repo', '.gitlab-dind.yml'), 'utf8')).answers;
  expect(answers).toMatchObject({ dockerfile: 'docker/app.Dockerfile', context: 'docker' });
  expect(fs.existsSync(path.join(dir, '.gitlab-ci.yml'))).toBe(false);
});

test("an earlier run's answers in the folder chosen are the defaults there", async () => {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, 'repo'));
  const earlier = spawnSync(process.execPath, [BIN, 'init', '--yes', '--mode', 'socket', '--out', 'repo'], { cwd: dir, encoding: 'utf8' });
  expect(earlier.status).toBe(0);
  const t = wizard(dir);
  await t.answerText('Folder to write the files in', 'repo');
  await t.waitFor('The defaults are the answers in repo/.gitlab-dind.yml.');
  await t.waitFor('❯ socket');
  await t.answer('', KEY.ctrlC);
  expect(await t.exitCode()).toBe(130);
});
