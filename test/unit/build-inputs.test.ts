/**
 * --dockerfile, --context, --target, --build-arg, --test-command and --no-test through every mode: the
 * build line uses exactly those (read back as the job's shell reads it), both schemas pass, no value of a
 * build arg is ever written, and the Dockerfile reader finds stages and args.
 */
import { RawAnswers, resolveAnswers } from '../../src/core/answers';
import { readDockerfile } from '../../src/core/dockerfile';
import { effectiveJob, effectiveJobs } from '../../src/core/effective-jobs';
import { splitShellWords } from '../../src/core/shell-words';
import * as v from '../../src/core/validators';
import { MODE_CASES, render } from '../support/render';
import { schemaErrors, validateCi, validateRunner } from '../support/schemas';

const MUST_HOLD: RawAnswers = { dockerfile: 'docker/app.Dockerfile', context: 'docker', target: 'prod', buildArgs: ['NPM_TOKEN'] };

/** The build command's words, as the job's shell reads its script line. */
function buildWords(ci: Record<string, unknown>): string[] {
  const script = effectiveJob(ci, 'docker-build').raw.script as string[];
  const line = script.find((s) => /^(docker build|buildah build|buildctl-daemonless\.sh build) /.test(s.trim()));
  expect(line).toBeDefined();
  return splitShellWords(line!.trim());
}

const valuesOf = (words: string[], flag: string) => words.flatMap((w, i) => (w === flag ? [words[i + 1]] : []));

describe.each(MODE_CASES)('$name', ({ raw: modeRaw }) => {
  const mode = modeRaw.mode as string;

  test('init --dockerfile docker/app.Dockerfile --context docker --target prod --build-arg NPM_TOKEN builds exactly that', () => {
    const { ci, runner } = render({ ...modeRaw, ...MUST_HOLD });
    const words = buildWords(ci);
    if (mode === 'buildkit') {
      expect(valuesOf(words, '--local')).toEqual(['context=docker', 'dockerfile=docker']);
      expect(valuesOf(words, '--opt')).toEqual(['filename=app.Dockerfile', 'target=prod', 'build-arg:NPM_TOKEN=$NPM_TOKEN']);
    } else {
      expect(valuesOf(words, '--file')).toEqual(['docker/app.Dockerfile']);
      expect(valuesOf(words, '--target')).toEqual(['prod']);
      expect(valuesOf(words, '--build-arg')).toEqual(mode === 'buildah' ? ['NPM_TOKEN'] : ['BUILDKIT_INLINE_CACHE=1', 'NPM_TOKEN']);
      expect(words[words.length - 1]).toBe('docker');
    }
    expect(schemaErrors(validateCi, ci)).toEqual([]);
    expect(schemaErrors(validateRunner, runner)).toEqual([]);
  });

  test.each<[string, RawAnswers]>([
    ['--dockerfile', { dockerfile: 'app/Dockerfile.prod' }],
    ['--context', { context: 'services/api' }],
    ['--target', { target: 'runtime' }],
    ['--build-arg (twice)', { buildArgs: ['NPM_TOKEN', 'GO_PROXY'] }],
    ['--test-command', { testCommand: 'curl -fsS localhost:8080/health' }],
    ['--no-test', { test: false }],
    ['a path a shell and YAML must quote', { dockerfile: "odd dir/it's #1: a.Dockerfile", context: 'odd dir' }],
  ])('%s alone: both schemas pass', (_flag, extra) => {
    const { ci, runner } = render({ ...modeRaw, ...extra });
    expect(schemaErrors(validateCi, ci)).toEqual([]);
    expect(schemaErrors(validateRunner, runner)).toEqual([]);
    if (extra.dockerfile)
      expect(mode === 'buildkit' ? valuesOf(buildWords(ci), '--opt') : valuesOf(buildWords(ci), '--file')).toEqual([
        mode === 'buildkit' ? `filename=${String(extra.dockerfile).split('/').pop()}` : extra.dockerfile,
      ]);
  });

  test('defaults: the root Dockerfile, named (one build line for every Dockerfile), in the context ., no --target or build arg', () => {
    const words = buildWords(render(modeRaw).ci);
    if (mode === 'buildkit') {
      expect(valuesOf(words, '--local')).toEqual(['context=.', 'dockerfile=.']);
      expect(valuesOf(words, '--opt')).toEqual(['filename=Dockerfile']);
    } else {
      expect(valuesOf(words, '--file')).toEqual(['Dockerfile']);
      expect(valuesOf(words, '--target')).toEqual([]);
      expect(words[words.length - 1]).toBe('.');
    }
  });

  test('the test job: smoke check by default (daemon modes), the command given, or none', () => {
    const builder = mode === 'buildah' || mode === 'buildkit';
    const names = (raw: RawAnswers) => effectiveJobs(render({ ...modeRaw, ...raw }).ci).map((j) => j.name);
    expect(names({}).includes('docker-test')).toBe(!builder);
    expect(names({ test: false })).not.toContain('docker-test');
    const { ci } = render({ ...modeRaw, testCommand: "curl -fsS 'localhost:8080/health'" });
    const job = effectiveJob(ci, 'docker-test');
    const script = job.raw.script as string[];
    if (builder) {
      // No daemon: the job's own image is the built image, and the command is its script.
      expect(job.image).toBe('$CI_REGISTRY_IMAGE:$CI_COMMIT_SHORT_SHA');
      expect(job.raw.before_script).toEqual([]);
      expect(splitShellWords(script[0].trim())).toEqual(['curl', '-fsS', 'localhost:8080/health']);
    } else {
      const run = script.find((s) => s.startsWith('docker run'))!;
      expect(splitShellWords(run.trim())).toEqual(['docker', 'run', '--rm', '$IMAGE_NAME:$CI_COMMIT_SHORT_SHA', 'curl', '-fsS', 'localhost:8080/health']);
    }
  });
});

test('the smoke check never waits on the image: detached, about 5 s at most, then removed; passes if running or exited 0', () => {
  const script = (effectiveJob(render({}).ci, 'docker-test').raw.script as string[]).join('\n');
  expect(script).toContain('docker run --detach "$IMAGE_NAME:$CI_COMMIT_SHORT_SHA"');
  // 26 looks 0.2 s apart, the last after 5 s: a server passes then, a one-shot ends the wait as soon as it exits.
  expect(script).toContain('for i in $(seq 1 26); do');
  expect(script).toContain('sleep 0.2 2>/dev/null || sleep 1; done');
  // A failed look still reaches the `docker rm` below (set -e would end the script there).
  expect(script).toContain('|| state="gone unknown";');
  // Status and exit code in one call; the Go template reaches the file unescaped (Handlebars would eat it).
  expect(script).toContain(`docker inspect --format '{{.State.Status}} {{.State.ExitCode}}' "$container"`);
  expect(script).toContain('docker rm --force "$container"');
  expect(script).not.toMatch(/docker run --rm "\$IMAGE_NAME:\$CI_COMMIT_SHORT_SHA"\s*$/m); // the old, unending default
});

test("with Testcontainers the command is that job's, and docker-test keeps the smoke check (old answers files render as before)", () => {
  const { ci } = render({ testcontainers: true, testImage: 'node:22', testCommand: 'npm ci && npm test' });
  expect(effectiveJob(ci, 'testcontainers-test').raw.script).toEqual(['npm ci && npm test']);
  expect((effectiveJob(ci, 'docker-test').raw.script as string[]).join('\n')).toContain('docker run --detach');
  // The image's derived command is that job's only.
  expect(resolveAnswers({ testcontainers: true, testImage: 'maven:3.9-eclipse-temurin-21' }).testCommand).toBe('mvn --batch-mode test');
});

test.each<[RawAnswers, RegExp]>([
  [{ dockerfile: '../Dockerfile' }, /^--dockerfile: "\.\.\/Dockerfile" is not valid; expected a path inside the repository/],
  [{ dockerfile: '/etc/Dockerfile' }, /^--dockerfile: .* expected a path inside the repository/],
  [{ dockerfile: 'a/../../b' }, /^--dockerfile:/],
  [{ context: '..' }, /^--context: "\.\." is not valid/],
  [{ context: '/srv' }, /^--context:/],
  [{ context: '-x' }, /^--context:/],
  [{ context: 'C:\\src' }, /^--context:/],
  [{ target: 'prod stage' }, /^--target: "prod stage" is not valid; expected a build stage name/],
  [{ buildArgs: ['NPM-TOKEN'] }, /^--build-arg: "NPM-TOKEN" is not valid; expected a CI\/CD variable name/],
  [{ buildArgs: ['A', 'A'] }, /^--build-arg: "A" is not valid; expected each build arg once/],
  [{ buildArgs: ['NPM_TOKEN=hunter2'] }, /^--build-arg: "NPM_TOKEN" given a value; expected the name only/],
  [{ testCommand: 'npm test && echo ok' }, /^--test-command: .* use sh -c/],
  [{ testCommand: 'echo $(id)' }, /^--test-command:/],
  [{ testCommand: 'echo "unclosed' }, /^--test-command:/],
  [{ test: false, testCommand: 'true' }, /^--test-command: conflicts with --no-test/],
])('refuses %j on one line', (raw, message) => {
  expect(() => resolveAnswers(raw)).toThrow(message);
  try {
    resolveAnswers(raw);
  } catch (err) {
    expect((err as Error).message).not.toContain('\n');
    expect((err as Error).message).not.toContain('hunter2');
  }
});

test('a build arg given with a value is refused without saying the value back', () => {
  expect(() => resolveAnswers({ buildArgs: ['NPM_TOKEN=hunter2'] })).toThrow(/^(?!.*hunter2)/);
});

test('build args: repeated flags and comma-separated answers give the same list', () => {
  expect(resolveAnswers({ buildArgs: ['A', 'B'] }).buildArgs).toEqual(['A', 'B']);
  expect(resolveAnswers({ buildArgs: 'A, B' }).buildArgs).toEqual(['A', 'B']);
  expect(resolveAnswers({ buildArgs: '' }).buildArgs).toEqual([]);
});

test('the image test command is one simple command: words and quotes as typed, no operators', () => {
  for (const good of [
    'curl -fsS localhost:8080/health',
    "sh -c 'npm ci && npm test'",
    'node -e "console.log(1)"',
    'app --url "$HEALTH_URL"',
    'echo a\\;b',
    'echo {a,b} !x',
  ]) {
    expect(v.checkImageCommand(good)).toBeUndefined();
  }
  for (const bad of ['a; b', 'a | b', 'a > f', 'a &', 'echo `id`', 'echo "$(id)"', 'echo #x', 'a (b)', "echo 'x", 'echo x\\', '', 'a\nb', '\\ ', 'run \\\t']) {
    expect(v.checkImageCommand(bad)).toMatch(/\S/);
  }
});

describe('reading a Dockerfile', () => {
  test('named stages and declared args, in order; automatic args left out', () => {
    const facts = readDockerfile(
      [
        '# syntax=docker/dockerfile:1',
        'ARG NODE_VERSION=22',
        'FROM --platform=$BUILDPLATFORM node:${NODE_VERSION} AS deps',
        'ARG NPM_TOKEN TARGETARCH',
        'RUN echo \\',
        '  FROM fake AS notastage',
        'from node:22-slim as Build',
        'ARG NPM_TOKEN',
        'ARG BUILDKIT_INLINE_CACHE=1',
        'FROM nginx:1.27',
        '',
      ].join('\n'),
    );
    expect(facts).toEqual({ stages: ['deps', 'Build'], stageCount: 3, args: ['NODE_VERSION', 'NPM_TOKEN'] });
  });
  test('the escape directive: backtick continuations', () => {
    const facts = readDockerfile(['# escape=`', 'FROM mcr.microsoft.com/windows AS base', 'RUN dir `', '  FROM x AS no', 'FROM base AS final'].join('\r\n'));
    expect(facts.stages).toEqual(['base', 'final']);
  });
});
