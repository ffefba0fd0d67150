/**
 * Over generated answer sets: every rendered file parses, validates against both schemas, keeps its
 * mode's rules (renderAnswers checks them), and every answer comes back exactly as given. Over values each
 * validated answer must refuse: the CLI refuses them (exit 2, one line naming the flag, nothing written).
 */
import fs from 'node:fs';
import path from 'node:path';
import TOML from '@iarna/toml';
import fc from 'fast-check';
import YAML from 'yaml';
import { Answers, answerApplies, DEFAULT_RUNNER_CONFIG, FLAG_OF, RawAnswers, resolveAnswers } from '../../src/core/answers';
import { effectiveJobs } from '../../src/core/effective-jobs';
import { renderAnswers } from '../../src/core/render';
import { parseResources } from '../../src/core/validators';
import { checkRendered } from '../../src/core/render/check';
import { loadTemplates } from '../../src/io/templates';
import { FC_PARAMS, INVALID, invalidAnswer, rawAnswers, RUNS } from '../support/arbitraries';
import { gitlabCiLocalList, ROOT, runCli, tempDir, tree } from '../support/cli';
import { argvOf, runMain } from '../support/main-in-process';
import { schemaErrors, validateCi, validateRunner } from '../support/schemas';
import { fixturesUntouched } from '../support/untouched';

const SOURCES = loadTemplates(undefined);

function renderRaw(raw: RawAnswers) {
  const answers = resolveAnswers(raw);
  const { plan, files } = renderAnswers(answers, SOURCES);
  // The check init runs before writing: each value back exactly, the build words and test command included.
  checkRendered(plan, files);
  const text = Object.fromEntries(files.map((f) => [f.role, f.contents])) as Record<string, string>;
  return { answers, text, ci: YAML.parse(text.ci, { uniqueKeys: true }), runner: JSON.parse(JSON.stringify(TOML.parse(text.runner))) };
}

/** The runner's Kubernetes resource keys the answers ask for (cpu_request ... helper_memory_limit), and only those. */
function resourceKeys(a: Answers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [prefix, value] of [
    ['', a.buildResources],
    ['service_', a.serviceResources],
    ['helper_', a.helperResources],
  ] as const) {
    const r = parseResources(value)!;
    for (const kind of ['cpu', 'memory'] as const) {
      if (r[kind].request !== undefined) out[`${prefix}${kind}_request`] = r[kind].request!;
      if (r[kind].limit !== undefined) out[`${prefix}${kind}_limit`] = r[kind].limit!;
    }
  }
  return out;
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
      if (answers.testcontainers) {
        expect(ci['testcontainers-test'].script).toEqual([answers.testCommand]);
        if (answers.mode !== 'shell') expect(ci['testcontainers-test'].image).toBe(answers.testImage);
      }
      // The runner's default image: the pinned Docker CLI (or builder) pulled through --image-registry.
      const image: string | undefined = (r.docker ?? r.kubernetes)?.image;
      if (answers.mode === 'shell') expect(image).toBeUndefined();
      else {
        // Buildah is a quay.io image: --quay-registry, not --image-registry (a Docker Hub mirror), stands in for quay.io.
        const prefix =
          answers.mode === 'buildah'
            ? `${answers.quayRegistry || 'quay.io'}/`
            : answers.imageRegistry && !answers.dependencyProxy
              ? `${answers.imageRegistry}/`
              : '';
        expect(image!.startsWith(prefix)).toBe(true);
        const version = answers.builderVersion || answers.dockerVersion;
        expect([`:${version}`, `:${version}-cli`, `:${version}-rootless`].some((end) => image!.endsWith(end))).toBe(true);
      }
      if (answers.mtu) expect(JSON.stringify(ci)).toContain(JSON.stringify(`--mtu=${answers.mtu}`));
      if (answers.registryMirror) expect(JSON.stringify(ci)).toContain(JSON.stringify(answers.registryMirror));
      if (answers.mode === 'kubernetes') {
        const k = r.kubernetes;
        expect(k.namespace).toBe(answers.namespace);
        expect(Object.fromEntries(Object.entries(k).filter(([key]) => /_(request|limit)$/.test(key)))).toEqual(resourceKeys(answers));
        // values.yaml: the chart's settings, and its runners.config the very runner of config.toml, less url and token.
        const values = YAML.parse(text.values, { uniqueKeys: true });
        expect([values.gitlabUrl, values.concurrent]).toEqual([answers.gitlabUrl, answers.concurrent]);
        const { url: _url, token: _token, ...section } = r;
        expect(JSON.parse(JSON.stringify(TOML.parse(values.runners.config)))).toEqual({ runners: [section] });
      } else expect(text.values).toBeUndefined();
    }),
    { numRuns: RUNS, ...FC_PARAMS },
  );
});

const oneLine = (stderr: string) => stderr.replace(/\n$/, '').split('\n');

test('every validated answer refuses what it must: exit 2, one line naming its flag, nothing written', async () => {
  await fc.assert(
    fc.asyncProperty(invalidAnswer, async ({ field, value, context }) => {
      const dir = tempDir();
      const run = await runMain(['init', '--yes', ...argvOf({ ...context, [field]: value })], dir);
      expect(run.code).toBe(2);
      expect(oneLine(run.stderr)).toHaveLength(1);
      expect(run.stderr.startsWith(`gitlab-dind: --${FLAG_OF[field]}: `)).toBe(true);
      expect(run.stdout).toBe('');
      expect(fs.readdirSync(dir)).toEqual([]);
      fs.rmSync(dir, { recursive: true });
    }),
    { numRuns: RUNS, ...FC_PARAMS },
  );
});

test('the binary refuses too: each of these flags with a value it must refuse (exit 2, one line, nothing written)', () => {
  const flags = ['dockerVersion', 'concurrent', 'gitlabUrl', 'imageRegistry', 'runnerName', 'runnerConfig', 'helperResources', 'testCommand'] as const;
  for (const [i, field] of flags.entries()) {
    // argv cannot carry NUL: any other refused value of the field's
    const [value] = fc.sample(
      INVALID[field]!.filter((s) => !s.includes('\u0000')),
      { numRuns: 1, seed: 42 + i },
    );
    const context = {
      ...(
        { helperResources: { mode: 'kubernetes' }, testCommand: { mode: 'dind', testcontainers: true, testImage: 'eclipse-temurin:21' } } as Record<
          string,
          RawAnswers
        >
      )[field],
    };
    const dir = tempDir();
    const r = runCli(['init', '--yes', ...argvOf({ ...context, [field]: value })], dir);
    expect({
      field,
      value,
      code: r.code,
      lines: oneLine(r.stderr).length,
      flag: r.stderr.startsWith(`gitlab-dind: --${FLAG_OF[field]}: `),
      written: fs.readdirSync(dir),
    }).toEqual({
      field,
      value,
      code: 2,
      lines: 1,
      flag: true,
      written: [],
    });
  }
});

/** What the answers file records for a raw answer given as a flag. */
function recorded(field: keyof RawAnswers, value: RawAnswers[keyof RawAnswers]): unknown {
  if (field === 'tags')
    return value === ''
      ? []
      : String(value)
          .split(',')
          .map((t) => t.trim());
  if (field === 'concurrent' || field === 'mtu') return Number(value);
  if (field === 'pullPolicy') return String(value).split(',');
  return value;
}

const OVERRIDE_MARK = '# A team override of register.sh, read from the --templates folder.';

test('every accepted answer given as a flag comes back exactly: in the answers file, at the paths it names', async () => {
  const builtinRegister = fs.readFileSync(path.join(ROOT, 'templates/runner/register.sh.hbs'), 'utf8');
  await fc.assert(
    fc.asyncProperty(rawAnswers, async (raw) => {
      // The templates folder and the runner config at the same place, or one inside the other: no setup a user has.
      const inside = (a: string, b: string) => a === b || a.startsWith(`${b}/`);
      const [t, c] = [String(raw.templates), String(raw.runnerConfig ?? DEFAULT_RUNNER_CONFIG)];
      fc.pre(raw.templates === undefined || (!inside(t, c) && !inside(c, t)));
      const dir = tempDir();
      if (raw.templates !== undefined) {
        const templates = path.join(dir, String(raw.templates));
        fs.mkdirSync(path.join(templates, 'runner'), { recursive: true });
        fs.writeFileSync(path.join(templates, 'runner/register.sh.hbs'), builtinRegister.replace('\nset -eu\n', `\n${OVERRIDE_MARK}\nset -eu\n`));
      }
      const run = await runMain(['init', '--yes', ...argvOf(raw)], dir);
      expect(run).toMatchObject({ code: 0 });
      const answers = YAML.parse(fs.readFileSync(path.join(dir, '.gitlab-dind.yml'), 'utf8')).answers as Record<string, unknown>;
      // An answer the mode does not use (dependency-proxy: false for shell) is not recorded: it means nothing there.
      const resolved = resolveAnswers(raw);
      for (const field of Object.keys(raw) as (keyof RawAnswers)[]) {
        expect([field, answers[FLAG_OF[field]]]).toEqual([field, answerApplies(field, resolved) ? recorded(field, raw[field]) : undefined]);
      }
      const config = TOML.parse(fs.readFileSync(path.resolve(dir, String(raw.runnerConfig ?? DEFAULT_RUNNER_CONFIG)), 'utf8')) as {
        runners: { name: string }[];
      };
      expect(config.runners[0].name).toBe(resolveAnswers(raw).runnerName);
      const register = fs.readFileSync(path.join(dir, 'gitlab-runner/register.sh'), 'utf8');
      expect(register.includes(`\n${OVERRIDE_MARK}\n`)).toBe(raw.templates !== undefined);
      expect(Object.keys(tree(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      fs.rmSync(dir, { recursive: true });
    }),
    { numRuns: Math.max(10, Math.floor(RUNS / 10)), ...FC_PARAMS },
  );
});

test('a sample of generated pipelines passes gitlab-ci-local', () => {
  for (const raw of fc.sample(rawAnswers, { numRuns: 4, seed: 7 })) {
    const gcl = gitlabCiLocalList(renderRaw(raw).text.ci);
    expect(gcl.stderr).not.toMatch(/Invalid .gitlab-ci.yml/);
    expect(gcl.code).toBe(0);
  }
});

fixturesUntouched();
