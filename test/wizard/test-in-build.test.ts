/**
 * The wizard's answer for --test-in-build: the last choices of the image-test question, after the ones
 * earlier versions had, so they keep their places. Chosen, it writes what the flag writes.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN, tempDir } from '../support/cli';
import { KEY, QUESTION, questionsInOrder, Terminal } from '../support/terminal';

const terminals: Terminal[] = [];
afterEach(() => terminals.splice(0).forEach((t) => t.kill()));

function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const rel of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const file = path.join(dir, rel);
    if (fs.statSync(file).isFile()) files[rel.split(path.sep).join('/')] = fs.readFileSync(file, 'utf8');
  }
  return files;
}

test('"smoke check, in docker-build" writes what init --yes --test-in-build writes', async () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM nginx:1.27\n');
  const t = new Terminal([], dir);
  terminals.push(t);
  for (const q of questionsInOrder(true, QUESTION.out, QUESTION.dockerfile)) await t.answer(q, KEY.enter);
  await t.choose('Test of the built image', 3, 'smoke check, in docker-build');
  for (const q of [...questionsInOrder(true, QUESTION.tags), QUESTION.confirm]) await t.answer(q, KEY.enter);
  expect(await t.exitCode()).toBe(0);
  expect(fs.readFileSync(path.join(dir, '.gitlab-dind.yml'), 'utf8')).toMatch(/^ {2}test-in-build: true$/m);

  const flags = tempDir();
  fs.writeFileSync(path.join(flags, 'Dockerfile'), 'FROM nginx:1.27\n');
  expect(spawnSync(process.execPath, [BIN, 'init', '--yes', '--test-in-build'], { cwd: flags }).status).toBe(0);
  expect(tree(dir)).toEqual(tree(flags));
});
