import fs from 'node:fs';
import path from 'node:path';
import TOML from '@iarna/toml';
import { gitlabCiLocalList, ROOT, runCli, tempDir, tree } from '../support/main-in-process';
import { schemaErrors, validateRunner } from '../support/schemas';

const examples = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'examples.json'), 'utf8')) as Record<string, string[]>;

describe.each(Object.entries(examples))('examples/%s', (name, flags) => {
  const dir = path.join(ROOT, 'examples', name);

  test('matches what the tool renders today (npm run examples to refresh)', async () => {
    const fresh = tempDir();
    expect((await runCli(['init', '--yes', ...flags], fresh)).code).toBe(0);
    expect(tree(dir)).toEqual(tree(fresh));
  });

  test('its pipeline passes gitlab-ci-local', () => {
    const gcl = gitlabCiLocalList(fs.readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8'));
    expect(gcl.stderr).not.toMatch(/Invalid .gitlab-ci.yml/);
    expect(gcl.code).toBe(0);
  });

  test('its runner config validates against the runner schema', () => {
    const config = TOML.parse(fs.readFileSync(path.join(dir, 'gitlab-runner', 'config.toml'), 'utf8'));
    expect(schemaErrors(validateRunner, JSON.parse(JSON.stringify(config)))).toEqual([]);
  });
});
