/**
 * The wizard in a pseudo-terminal: at 80×24 every mode is on screen, one line each, and selectable; in a
 * repository it offers the Dockerfiles it finds, the context from the file's folder, the stages as targets;
 * run again, it shows the diff of what changes before asking, and asks nothing when nothing changes.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { MODE_IDS } from '../../src/core/modes';
import { BIN, tempDir } from '../support/cli';
import { writeFixtureRepository } from '../support/fixture-repository';
import { dockerfileChoices, KEY, QUESTION, questionsInOrder, Terminal } from '../support/terminal';

const terminals: Terminal[] = [];
afterEach(() => terminals.splice(0).forEach((t) => t.kill()));

/** The files the tool writes, with their contents (the fixture holds a symlink, which tree() would follow). */
function tree(dir: string): Record<string, string | undefined> {
  const files = ['.gitlab-ci.yml', '.gitlab-dind.yml', 'gitlab-runner/config.toml', 'gitlab-runner/register.sh'];
  return Object.fromEntries(files.map((f) => [f, fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f), 'utf8') : undefined]));
}

function wizard(cwd: string, size?: { cols: number; rows: number }, ...args: string[]): Terminal {
  const t = new Terminal(args, cwd, size);
  terminals.push(t);
  return t;
}

/** The lines of a list question as first drawn: from the question to the key help under it. */
function firstDrawnList(screen: string, question: string): string[] {
  const start = screen.indexOf(question);
  const end = screen.indexOf('navigate', start);
  return screen
    .slice(start, end)
    .split(/\r?\n/)
    .map((l) => l.trimEnd());
}

test('80×24: every mode of the first question is on screen, one line each, and each can be chosen', async () => {
  const t = wizard(tempDir(), { cols: 80, rows: 24 });
  await t.answer('Folder to write', KEY.enter);
  await t.waitFor('navigate');
  const screen = t.screen;
  const list = firstDrawnList(screen, 'Build mode');
  expect(list.filter((l) => /^[❯ ] \S/.test(l)).map((l) => l.slice(2))).toEqual([...MODE_IDS]);
  // From the first byte to the key help, all of it fits 24 rows of 80 columns, the intro line wrapped.
  const rows = screen
    .slice(0, screen.indexOf('navigate'))
    .split(/\r?\n/)
    .reduce((n, l) => n + Math.max(1, Math.ceil(l.trimEnd().length / 80)), 0);
  expect(rows).toBeLessThanOrEqual(24);
  // Down through every mode: each is pointed at in turn, with its trade-off shown under the list.
  expect(screen).toContain('isolated daemon per job');
  for (const mode of MODE_IDS.slice(1)) await t.answer('', KEY.down).then(() => t.waitFor(`❯ ${mode}`));
  await t.waitFor('fast BuildKit builds'); // buildkit's trade-off, the last one highlighted
  await t.answer('', KEY.enter);
  await t.answer('Jobs in this repository', KEY.enter);
  await t.waitFor('Version of the BuildKit image'); // chosen: the next question is the last mode's
  await t.answer('', KEY.ctrlC);
  expect(await t.exitCode()).toBe(130);
});

test('80×24: no choice of any question wraps', async () => {
  const dir = tempDir();
  const t = wizard(dir, { cols: 80, rows: 24 });
  for (const q of questionsInOrder(true)) {
    await t.answer(q, KEY.enter);
  }
  await t.answer('Write these files?', KEY.ctrlC);
  expect(await t.exitCode()).toBe(130);
  const choices = t.screen.split(/\r?\n/).filter((l) => /^[❯ ] \S/.test(l) && !/^ {2}(new|update|unchanged) /.test(l));
  expect(choices.length).toBeGreaterThan(10);
  for (const line of choices) expect([line, line.trimEnd().length <= 78]).toEqual([line, true]);
});

describe('in a repository with Dockerfiles', () => {
  test("offers what it finds; the chosen file's folder is the context, its stages the targets; the same as the flags", async () => {
    const dir = tempDir();
    const expected = writeFixtureRepository(dir);
    const t = wizard(dir);
    for (const q of questionsInOrder(true, QUESTION.out, QUESTION.push)) await t.answer(q, KEY.enter);
    const seen = await t.waitFor('another path');
    expect(seen.slice(seen.indexOf(QUESTION.dockerfile))).toContain(`Dockerfile to build (found ${expected.length} in .)`);
    expect(dockerfileChoices(seen)).toEqual(expected);
    await t.answer('', KEY.enter); // docker/app.Dockerfile, the first
    await t.answer('Build context folder, from the repository root (docker)', KEY.enter);
    const stages = await t.waitFor('navigate');
    expect(stages).toMatch(/the last stage \(no --target\)\s*\n {2}build\s*\n {2}prod/);
    await t.answer('', KEY.down, KEY.down);
    await t.waitFor('❯ prod');
    await t.answer('', KEY.enter);
    await t.answerText('Build args, from CI/CD variables of the same name (declared: NODE_VERSION, NPM_TOKEN)', 'NPM_TOKEN');
    await t.choose('Test of the built image', 1, 'a command run in the image');
    await t.answerText('Command run in the built image', 'curl -fsS localhost:8080/health');
    for (const q of ['Runner tags', 'GitLab URL', 'Runner name', 'Jobs the runner', 'Write these files?']) await t.answer(q, KEY.enter);
    expect(await t.exitCode()).toBe(0);

    const flags = tempDir();
    writeFixtureRepository(flags);
    const run = spawnSync(
      process.execPath,
      [
        BIN,
        'init',
        '--yes',
        '--dockerfile',
        'docker/app.Dockerfile',
        '--context',
        'docker',
        '--target',
        'prod',
        '--build-arg',
        'NPM_TOKEN',
        '--test-command',
        'curl -fsS localhost:8080/health',
      ],
      { cwd: flags, encoding: 'utf8' },
    );
    expect(run.status).toBe(0);
    expect(run.stderr).not.toContain('no Dockerfile');
    expect(tree(dir)).toEqual(tree(flags));
  });

  test('run again: Enter all the way asks nothing to confirm; a changed answer shows its diff before the question', async () => {
    const dir = tempDir();
    writeFixtureRepository(dir);
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM nginx:1.27\n');
    expect(spawnSync(process.execPath, [BIN, 'init', '--yes', '--mode', 'socket'], { cwd: dir }).status).toBe(0);
    const before = tree(dir);
    const again = wizard(dir);
    for (const q of questionsInOrder(false)) {
      await again.answer(q, KEY.enter);
    }
    await again.waitFor('Nothing to change: every file is as these answers write it.');
    expect(await again.exitCode()).toBe(0);
    expect(again.screen).not.toContain('Write these files?');
    expect(tree(dir)).toEqual(before);

    const t = wizard(dir);
    for (const q of questionsInOrder(false, QUESTION.out, QUESTION.dockerfile)) await t.answer(q, KEY.enter);
    await t.choose(QUESTION.test, 2, 'no test job');
    for (const q of questionsInOrder(false, QUESTION.tags)) await t.answer(q, KEY.enter);
    const shown = await t.answer('Write these files?', 'n');
    expect(shown).toContain('--- a/.gitlab-ci.yml\n+++ b/.gitlab-ci.yml'.replace(/\n/g, '\r\n'));
    expect(shown).toMatch(/^-docker-test:\s*$/m);
    expect(shown).toMatch(/update +\.gitlab-ci\.yml/);
    await t.waitFor('n');
    await t.answer('', KEY.enter);
    expect(await t.exitCode()).toBe(130);
    expect(tree(dir)).toEqual(before);
  });

  test('no Dockerfile anywhere: it says so, and asks for the path', async () => {
    const t = wizard(tempDir(), undefined, '--mode', 'shell');
    for (const q of ['Folder to write', 'Jobs in this repository', 'Where does the built image go?']) await t.answer(q, KEY.enter);
    const said = await t.waitFor('Dockerfile to build, from the repository root');
    expect(said).toContain('No Dockerfile found in . (looked 3 folders down');
    await t.answer('', KEY.ctrlC);
    expect(await t.exitCode()).toBe(130);
  });
});
