/**
 * Over generated answer sets: every rendered file parses, validates against both schemas, keeps its
 * mode's rules (renderAnswers checks them), and every free-text answer comes back exactly as given.
 */
import fs from 'node:fs';
import path from 'node:path';
import TOML from '@iarna/toml';
import fc from 'fast-check';
import YAML from 'yaml';
import { FLAG_OF, RawAnswers, resolveAnswers } from '../../src/core/answers';
import { UsageError } from '../../src/core/errors';
import { effectiveJobs } from '../../src/core/pipeline';
import { renderAnswers } from '../../src/core/render';
import { checkRendered } from '../../src/core/render/check';
import { splitShellWords } from '../../src/core/shell-words';
import { loadTemplates } from '../../src/io/templates';
import { FC_PARAMS, freeText, rawAnswers, RUNS } from '../support/arbitraries';
import { gitlabCiLocalList, runCli, tempDir } from '../support/cli';
import { schemaErrors, validateCi, validateRunner } from '../support/schemas';

const SOURCES = loadTemplates(undefined);

function renderRaw(raw: RawAnswers) {
  const answers = resolveAnswers(raw);
  const { plan, files } = renderAnswers(answers, SOURCES);
  // The check init runs before writing: each value back exactly, the build words and test command included.
  checkRendered(plan, files);
  const text = Object.fromEntries(files.map((f) => [f.role, f.contents])) as Record<string, string>;
  return { answers, text, ci: YAML.parse(text.ci, { uniqueKeys: true }), runner: JSON.parse(JSON.stringify(TOML.parse(text.runner))) };
}

test('every answer set renders files that parse, validate and keep each value exactly', () => {
  fc.assert(
    fc.property(rawAnswers, (raw) => {
      const { answers, text, ci, runner } = renderRaw(raw);
      expect(schemaErrors(validateCi, ci)).toEqual([]);
      expect(schemaErrors(validateRunner, runner)).toEqual([]);
      const r = runner.runners[0];
      expect([r.name, r.url, runner.concurrent]).toEqual([answers.runnerName, answers.gitlabUrl, answers.concurrent]);
      for (const job of effectiveJobs(ci)) {
        expect(job.tags).toEqual(answers.tags);
        expect(job.variables.IMAGE_NAME).toBe(answers.image);
      }
      if (answers.testcontainers) expect(ci['testcontainers-test'].script).toEqual([answers.testCommand]);
      const words = splitShellWords(text.register.slice(text.register.indexOf('gitlab-runner register')).split(/(?<!\\)\n/)[0]);
      expect(words[words.indexOf('--name') + 1]).toBe(answers.runnerName);
      if (text.values) expect(YAML.parse(text.values).runners.config).toContain('[[runners]]');
    }),
    { numRuns: RUNS, ...FC_PARAMS },
  );
});

/** Each validated field with values that are mostly wrong: whatever the gate refuses, it refuses in one line naming the flag. */
const FIELDS = ['dockerVersion', 'imageRegistry', 'registry', 'image', 'tags', 'gitlabUrl', 'runnerName', 'concurrent', 'namespace', 'mtu', 'registryMirror'] as const;

test('every refused value is refused in one line that names its flag', () => {
  const anyText = fc.oneof(freeText(30), fc.string({ maxLength: 30 }), fc.constantFrom('', ' ', 'latest', '0', '\n', '-1', 'https://', 'a\u0000b'));
  fc.assert(
    fc.property(fc.constantFrom(...FIELDS), anyText, fc.constantFrom('dind', 'kubernetes'), (field, value, mode) => {
      try {
        resolveAnswers({ mode, [field]: value, ...(field === 'registry' ? { image: `${value}/app` } : {}) });
      } catch (err) {
        expect(err).toBeInstanceOf(UsageError);
        expect((err as Error).message).toMatch(new RegExp(`^--(${FLAG_OF[field]}|image)[:]`));
        expect((err as Error).message).not.toMatch(/[\r\n]/);
      }
    }),
    { numRuns: RUNS * 4, ...FC_PARAMS },
  );
});

test('refused values on the command line: exit 2, one line, nothing written (a sample)', () => {
  const samples: [string, string][] = fc.sample(
    fc.tuple(fc.constantFrom('docker-version', 'concurrent', 'gitlab-url', 'image-registry', 'runner-name'), fc.constantFrom('latest', '0', 'ftp://x', 'Harbor.Example.com/A', '', 'x\ny')),
    { numRuns: 8, seed: 42 },
  );
  for (const [flag, value] of samples) {
    const dir = tempDir();
    const r = runCli(['init', '--yes', `--${flag}`, value], dir);
    if (r.code === 0) continue; // e.g. an empty image registry means Docker Hub: accepted, and fine
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`--${flag}`);
    expect(fs.readdirSync(dir)).toEqual([]);
  }
});

test('a sample of generated pipelines passes gitlab-ci-local', () => {
  for (const raw of fc.sample(rawAnswers, { numRuns: 4, seed: 7 })) {
    const gcl = gitlabCiLocalList(renderRaw(raw).text.ci);
    expect(gcl.stderr).not.toMatch(/Invalid .gitlab-ci.yml/);
    expect(gcl.code).toBe(0);
  }
});

test('the fixtures folder is not touched by properties', () => {
  expect(fs.existsSync(path.join(__dirname, '..', 'fixtures'))).toBe(true);
});
