/**
 * The build a project really has, through the CLI's main (in-process): Dockerfile, context, target, build
 * args, the image test; every pipeline through GitLab's CI schema and every mode's through gitlab-ci-local,
 * every runner config through its schema; no build arg value in any file; bad paths refused; a missing
 * Dockerfile said on one line.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import TOML from '@iarna/toml';
import YAML from 'yaml';
import { effectiveJob } from '../../src/core/effective-jobs';
import { splitShellWords } from '../../src/core/shell-words';
import { GITLAB_CI_LOCAL } from '../support/cli';
import { Run, runCli, snapshot, tempDir, tree } from '../support/main-in-process';
import { schemaErrors, validateCi, validateRunner } from '../support/schemas';

const MODES: [string, string[]][] = [
  ['dind', ['--mode', 'dind']],
  ['dind-no-tls', ['--mode', 'dind', '--no-tls']],
  ['socket', ['--mode', 'socket']],
  ['shell', ['--mode', 'shell']],
  ['kubernetes', ['--mode', 'kubernetes']],
  ['kubernetes-no-tls', ['--mode', 'kubernetes', '--no-tls']],
  ['buildah', ['--mode', 'buildah']],
  ['buildkit', ['--mode', 'buildkit']],
];
const MUST_HOLD = ['--dockerfile', 'docker/app.Dockerfile', '--context', 'docker', '--target', 'prod', '--build-arg', 'NPM_TOKEN'];
/** Set in the environment the CLI runs in: it must never reach a file. */
const SECRET = 'npm_s3cr3t_value_0123456789';

/** A repository with the Dockerfile the flags name. */
function repository(): string {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, 'docker'));
  fs.writeFileSync(path.join(dir, 'docker', 'app.Dockerfile'), 'FROM node:22 AS build\nARG NPM_TOKEN\nRUN npm ci\nFROM nginx:1.27 AS prod\n');
  return dir;
}

async function initIn(dir: string, flags: string[]) {
  process.env.NPM_TOKEN = SECRET;
  try {
    return await runCli(['init', '--yes', ...flags], dir);
  } finally {
    delete process.env.NPM_TOKEN;
  }
}

/** gitlab-ci-local --list, spawned without blocking so that several pipelines are checked at once. */
function gitlabCiLocal(pipeline: string): Promise<{ code: number | null; stderr: string }> {
  const dir = tempDir('gcl-');
  fs.writeFileSync(path.join(dir, '.gitlab-ci.yml'), pipeline);
  return new Promise((resolve) => {
    const [node, ...gcl] = GITLAB_CI_LOCAL;
    const child = spawn(node, [...gcl, '--list'], { cwd: dir, env: { ...process.env, FORCE_COLOR: '0' } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.resume();
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

/** At most `width` at once: gitlab-ci-local mostly waits on start-up, so a few in parallel save time, not CPU. */
function pool<T>(width: number): (task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const queue: (() => void)[] = [];
  return async (task) => {
    if (running >= width) await new Promise<void>((resolve) => queue.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      queue.shift()?.();
    }
  };
}

const TEST_FLAGS: [string, string[]][] = [
  ['with a test command', ['--test-command', 'curl -fsS localhost:8080/health']],
  ['with --no-test', ['--no-test']],
];
const CASES = MODES.flatMap(([mode, modeFlags]) => TEST_FLAGS.map(([what, testFlags]) => ({ mode, modeFlags, what, testFlags })));

describe('every build flag through every mode', () => {
  const runs = new Map<string, { dir: string; run: Run; gcl?: Promise<{ code: number | null; stderr: string }> }>();
  beforeAll(async () => {
    const limit = pool<{ code: number | null; stderr: string }>(4);
    for (const c of CASES) {
      const dir = repository();
      const run = await initIn(dir, [...c.modeFlags, ...MUST_HOLD, ...c.testFlags]);
      const ci = path.join(dir, '.gitlab-ci.yml');
      // gitlab-ci-local once per mode (about 2 s of CPU each), on the variant with the docker-test job; GitLab's
      // CI schema (validateCi) checks every variant in-process.
      const listed = c.testFlags[0] === '--test-command';
      const gcl = !listed
        ? undefined
        : fs.existsSync(ci)
          ? limit(() => gitlabCiLocal(fs.readFileSync(ci, 'utf8')))
          : Promise.resolve({ code: null, stderr: 'no pipeline written' });
      runs.set(`${c.mode} ${c.what}`, { dir, run, gcl });
    }
  }, 600_000);

  test.each(CASES)(
    '$mode, $what: exactly those, no value in any file, both schemas pass (gitlab-ci-local too, with a test command)',
    async ({ mode, what, testFlags }) => {
      const { dir, run, gcl } = runs.get(`${mode} ${what}`)!;
      expect(run.stderr).not.toMatch(/gitlab-dind:|no Dockerfile/);
      expect(run.code).toBe(0);
      for (const [file, text] of Object.entries(tree(dir))) expect([file, text.includes(SECRET)]).toEqual([file, false]);

      const text = fs.readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8');
      const ci = YAML.parse(text) as Record<string, unknown>;
      const script = (effectiveJob(ci, 'docker-build').raw.script as string[]).find((s) => /build --/.test(s))!;
      const words = splitShellWords(script.trim());
      if (mode === 'buildkit')
        expect(words.filter((_, i) => ['--local', '--opt'].includes(words[i - 1]))).toEqual([
          'context=docker',
          'dockerfile=docker',
          'filename=app.Dockerfile',
          'target=prod',
          'build-arg:NPM_TOKEN=$NPM_TOKEN',
        ]);
      else
        expect(words.filter((_, i) => ['--file', '--target', '--build-arg'].includes(words[i - 1])).filter((w) => !w.startsWith('BUILDKIT_'))).toEqual([
          'docker/app.Dockerfile',
          'prod',
          'NPM_TOKEN',
        ]);
      expect(Object.keys(ci).includes('docker-test')).toBe(testFlags[0] === '--test-command');

      const answers = YAML.parse(fs.readFileSync(path.join(dir, '.gitlab-dind.yml'), 'utf8')).answers;
      expect(answers).toMatchObject({
        dockerfile: 'docker/app.Dockerfile',
        context: 'docker',
        target: 'prod',
        'build-arg': ['NPM_TOKEN'],
        test: testFlags[0] !== '--no-test',
      });
      expect(schemaErrors(validateCi, ci)).toEqual([]);
      const runner = JSON.parse(JSON.stringify(TOML.parse(fs.readFileSync(path.join(dir, 'gitlab-runner', 'config.toml'), 'utf8'))));
      expect(schemaErrors(validateRunner, runner)).toEqual([]);
      if (gcl) {
        const checked = await gcl;
        expect(checked.stderr).not.toMatch(/Invalid .gitlab-ci.yml/);
        expect(checked.code).toBe(0);
      }
      // What generate renders from the recorded answers is what init wrote.
      expect((await runCli(['generate', '--check'], dir)).code).toBe(0);
    },
  );
});

describe('a missing Dockerfile', () => {
  test('init --yes warns on one line, naming what it found, exits 0 and writes the files', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'services', 'api'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'services', 'api', 'Dockerfile'), 'FROM alpine:3.20\n');
    const run = await runCli(['init', '--yes'], dir);
    expect(run.code).toBe(0);
    const warnings = run.stderr.split('\n').filter((l) => /Dockerfile/.test(l));
    expect(warnings).toEqual([
      'warning: no Dockerfile at Dockerfile: the docker-build job fails without it (found services/api/Dockerfile: give --dockerfile PATH and --context DIR)',
    ]);
    expect(fs.existsSync(path.join(dir, '.gitlab-ci.yml'))).toBe(true);
  });
  test('nothing found anywhere: said so too; a Dockerfile where the flags say: no warning', async () => {
    const empty = await runCli(['init', '--yes', '--mode', 'socket'], tempDir());
    expect(empty.stderr).toContain(
      'warning: no Dockerfile at Dockerfile: the docker-build job fails without it (add it, or give --dockerfile PATH and --context DIR)\n',
    );
    expect(empty.code).toBe(0);
    const dir = repository();
    const run = await runCli(['init', '--yes', '--dockerfile', 'docker/app.Dockerfile', '--context', 'docker'], dir);
    expect(run.stderr).not.toContain('no Dockerfile');
    const noContext = await runCli(['init', '--yes', '--dockerfile', 'docker/app.Dockerfile', '--context', 'app'], repository());
    expect(noContext.stderr).toContain('warning: no build context folder app: the docker-build job fails without it');
  });
});

test.each([
  [['--dockerfile', '../Dockerfile'], '--dockerfile: "../Dockerfile" is not valid; expected a path inside the repository'],
  [['--context', '/srv/app'], '--context: "/srv/app" is not valid; expected a path inside the repository'],
  [['--build-arg', 'NPM_TOKEN=hunter2'], '--build-arg: "NPM_TOKEN" given a value; expected the name only'],
  [['--build-arg', 'A', '--build-arg', 'A'], '--build-arg: "A" is not valid; expected each build arg once'],
  [['--target', 'a b'], '--target: "a b" is not valid; expected a build stage name'],
  [['--test-command', 'npm test | tee log'], '--test-command: "npm test | tee log" is not valid; expected a command and its arguments'],
  [['--no-test', '--test-command', 'true'], '--test-command: conflicts with --no-test'],
])('init --yes %j: exit 2, one line, nothing written', async (flags, message) => {
  const dir = tempDir();
  const before = snapshot(dir);
  const run = await runCli(['init', '--yes', ...flags], dir);
  expect(run.code).toBe(2);
  expect(run.stderr).toBe(`gitlab-dind: ${run.stderr.slice('gitlab-dind: '.length).split('\n')[0]}\n`);
  expect(run.stderr).toContain(message);
  expect(run.stderr).not.toContain('hunter2');
  expect(snapshot(dir)).toEqual(before);
});

test("a project written before these answers (the testcontainers example, as the tool wrote it then) regenerates: defaults for them, the Testcontainers command kept as that job's", async () => {
  const dir = tempDir();
  fs.cpSync(path.join(__dirname, '..', 'fixtures', 'answers-before-build-inputs'), dir, { recursive: true });
  const before = fs.readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8');
  expect(before).toContain('- docker run --rm "$IMAGE_NAME:$CI_COMMIT_SHORT_SHA"\n'); // the old default, which never ends for a server
  const run = await runCli(['generate'], dir);
  expect(run.stderr).not.toMatch(/gitlab-dind:/);
  expect(run.code).toBe(0);
  const ci = YAML.parse(fs.readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8'));
  expect(ci['testcontainers-test']).toEqual(YAML.parse(before)['testcontainers-test']);
  expect(ci['testcontainers-test'].script).toEqual(['mvn --batch-mode test']);
  expect(ci['docker-test'].script.join('\n')).toContain('docker run --detach');
  const answers = YAML.parse(fs.readFileSync(path.join(dir, '.gitlab-dind.yml'), 'utf8')).answers;
  expect(answers).toMatchObject({
    dockerfile: 'Dockerfile',
    context: '.',
    target: '',
    'build-arg': [],
    test: true,
    testcontainers: true,
    'test-command': 'mvn --batch-mode test',
  });
  expect((await runCli(['generate', '--check'], dir)).code).toBe(0);
});

test('an answer changed in .gitlab-dind.yml is what generate builds with; a path out of the repository there is refused', async () => {
  const dir = repository();
  expect((await runCli(['init', '--yes'], dir)).code).toBe(0);
  const file = path.join(dir, '.gitlab-dind.yml');
  const text = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, text.replace('dockerfile: Dockerfile', 'dockerfile: docker/app.Dockerfile').replace('target: ""', 'target: prod'));
  expect((await runCli(['generate'], dir)).code).toBe(0);
  expect(fs.readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8')).toContain('--file docker/app.Dockerfile --target prod --tag');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('context: .', 'context: ../other'));
  const refused = await runCli(['generate'], dir);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain('.gitlab-dind.yml: answers.context: "../other" is not valid; expected a path inside the repository');
});
