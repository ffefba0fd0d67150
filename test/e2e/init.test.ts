/** In-process (test/support/main-in-process.ts); the spawned bin's own cases are in test/smoke. */
import fs from 'node:fs';
import path from 'node:path';
import TOML from '@iarna/toml';
import YAML from 'yaml';
import { INIT_OPTIONS } from '../../src/cli/commands/init-flags';
import { gitlabCiLocalList, Run, runCli, tempDir, tree } from '../support/main-in-process';
import { schemaErrors, validateRunner } from '../support/schemas';

const MODES: [string, string[]][] = [
  ['dind', ['--mode', 'dind']],
  ['dind --no-tls', ['--mode', 'dind', '--no-tls']],
  ['socket', ['--mode', 'socket']],
  ['shell', ['--mode', 'shell']],
  ['kubernetes', ['--mode', 'kubernetes']],
  ['buildah', ['--mode', 'buildah']],
  ['buildkit', ['--mode', 'buildkit']],
  ['dind --testcontainers', ['--mode', 'dind', '--testcontainers', '--test-image', 'maven:3.9-eclipse-temurin-21', '--dependency-proxy', '--mtu', '1360']],
  ['socket --testcontainers', ['--mode', 'socket', '--testcontainers', '--test-image', 'node:22-alpine']],
];

describe.each(MODES)('init --yes %s', (_name, flags) => {
  const dir = tempDir();
  let run: Run;
  beforeAll(async () => {
    run = await runCli(['init', '--yes', ...flags], dir);
  });

  test('exits 0 and writes its files', () => {
    expect(run.stderr).not.toMatch(/gitlab-dind:/);
    expect(run.code).toBe(0);
    const values = flags.includes('kubernetes') ? ['gitlab-runner/values.yaml'] : [];
    expect(Object.keys(tree(dir)).sort()).toEqual(['.gitlab-ci.yml', '.gitlab-dind.yml', 'gitlab-runner/config.toml', 'gitlab-runner/register.sh', ...values]);
  });

  test("the pipeline passes gitlab-ci-local (GitLab's schema)", () => {
    const gcl = gitlabCiLocalList(fs.readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8'));
    expect(gcl.stderr).not.toMatch(/Invalid .gitlab-ci.yml/);
    expect(gcl.code).toBe(0);
    expect(gcl.stdout).toMatch(/docker-build\s+build/);
    expect(gcl.stdout).toMatch(/docker-release\s+deploy/);
    if (flags.includes('--testcontainers')) expect(gcl.stdout).toMatch(/testcontainers-test\s+test/);
  });

  test('config.toml is 0600 and validates; register.sh is executable', () => {
    const toml = path.join(dir, 'gitlab-runner/config.toml');
    expect(fs.statSync(toml).mode & 0o777).toBe(0o600);
    expect(schemaErrors(validateRunner, JSON.parse(JSON.stringify(TOML.parse(fs.readFileSync(toml, 'utf8')))))).toEqual([]);
    expect(fs.statSync(path.join(dir, 'gitlab-runner/register.sh')).mode & 0o111).not.toBe(0);
  });

  test('prints the next steps', () => {
    expect(run.stdout).toContain('RUNNER_TOKEN=glrt-... sh gitlab-runner/register.sh');
    if (flags.includes('kubernetes'))
      expect(run.stdout).toContain('helm install gitlab-runner gitlab/gitlab-runner --namespace gitlab-runner -f gitlab-runner/values.yaml');
    if (flags.includes('shell')) expect(run.stdout).toContain('sudo usermod -aG docker gitlab-runner');
    if (flags.includes('socket')) expect(run.stderr).toMatch(/warning: every job controls the host's Docker daemon/);
  });

  test('a second run with the same answers changes nothing', async () => {
    const before = tree(dir);
    const again = await runCli(['init', '--yes', ...flags], dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/unchanged \.gitlab-ci\.yml/);
    expect(tree(dir)).toEqual(before);
  });
});

describe('bad input: one line, exit 2, nothing written', () => {
  test.each([
    [['--mode', 'kaniko'], '--mode: "kaniko" is not valid; expected one of dind, socket, shell'],
    [['--docker-version', 'latest'], '--docker-version: "latest" is not valid'],
    [['--concurrent', '1001'], '--concurrent: "1001" is not valid; expected a whole number from 1 to 1000'],
    [['--gitlab-url', 'gitlab.example.com'], '--gitlab-url: "gitlab.example.com" is not valid'],
    [['--image-registry', 'https://harbor.example.com'], '--image-registry: "https://harbor.example.com" is not valid'],
    [['--image', 'registry.example.com/App'], '--image: "registry.example.com/App" is not valid'],
    [['--registry', 'registry.example.com'], '--image: required with --registry "registry.example.com"'],
    [['--tags', 'a,,b'], '--tags: "a,,b" is not valid: tag 2 of 3 is empty; expected runner tags separated by commas'],
    [['--runner-name', 'two\nlines'], '--runner-name: "two\\nlines" is not valid'],
    [['--mode', 'socket', '--no-tls'], '--no-tls: applies to --mode dind or kubernetes only'],
    [['--mode', 'shell', '--namespace', 'ci'], '--namespace: applies to --mode kubernetes only'],
    [
      ['--mode', 'shell', '--image-registry', 'harbor.example.com/devops'],
      '--image-registry: applies to --mode dind, socket, kubernetes, buildah or buildkit only, not "shell"',
    ],
    [['--mode', 'kubernetes', '--helper-resources', 'cpu=1,gpu=1'], '--helper-resources: "cpu=1,gpu=1" is not valid'],
    [['--mode', 'dind', '--mode', 'shell'], '--mode: given 2 times'],
    [['--colour', 'blue'], '--colour: unknown'],
    [['-x'], '-x: unknown'],
    [['--runner-name', 'x', '-x'], '-x: unknown'],
    [['extra'], 'extra: unexpected word; expected flags only after the command'],
    [['--templates', 'no-such-folder'], '--templates: "'],
  ])('%j', async (args, message) => {
    const dir = tempDir();
    const run = await runCli(['init', '--yes', ...args], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test.each([
    [['--job-file', 'x'], '--job-file: unknown'],
    [['--job-file=x', '--jobFile', 'y'], '--job-file, --jobFile: unknown'],
    [['--no-such-flag'], '--no-such-flag: unknown'],
    [['-xz'], '-x, -z: unknown'],
  ])('unknown flags are named once each, as typed: %j', async (args, names) => {
    const dir = tempDir();
    const run = await runCli(['init', '--yes', ...args], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`gitlab-dind: ${names}; see gitlab-dind --help\n`);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('an unknown command is named as a command', async () => {
    const dir = tempDir();
    const run = await runCli(['frobnicate'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'gitlab-dind: frobnicate: unknown command; expected one of init, generate, upgrade, component, modes, lint, register; see gitlab-dind --help\n',
    );
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('files the tool did not write', () => {
  test('are never replaced without --force; --force keeps a .bak', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, '.gitlab-ci.yml'), 'my-job:\n  script: [echo mine]\n');
    const refused = await runCli(['init', '--yes'], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^gitlab-dind: \.gitlab-ci\.yml: not written by gitlab-dind.*--force/);
    expect(fs.readdirSync(dir)).toEqual(['.gitlab-ci.yml']);
    const forced = await runCli(['init', '--yes', '--force'], dir);
    expect(forced.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, '.gitlab-ci.yml.bak'), 'utf8')).toBe('my-job:\n  script: [echo mine]\n');
    expect(YAML.parse(fs.readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8'))['docker-build']).toBeDefined();
  });

  test("a file the tool wrote and the user then edited counts as the user's", async () => {
    const dir = tempDir();
    expect((await runCli(['init', '--yes'], dir)).code).toBe(0);
    fs.appendFileSync(path.join(dir, '.gitlab-ci.yml'), '\nmy-job:\n  script: [echo mine]\n');
    const edited = fs.readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8');
    const run = await runCli(['init', '--yes', '--mode', 'socket'], dir);
    expect(run.code).toBe(1);
    expect(fs.readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8')).toBe(edited);
  });
});

test('--dry-run prints every file and writes nothing', async () => {
  const dir = tempDir();
  const run = await runCli(['init', '--yes', '--dry-run', '--mode', 'socket'], dir);
  expect(run.code).toBe(0);
  for (const name of ['.gitlab-ci.yml', 'gitlab-runner/config.toml', 'gitlab-runner/register.sh', '.gitlab-dind.yml'])
    expect(run.stdout).toContain(`# ==> ${name} <==`);
  expect(run.stdout).toContain('/var/run/docker.sock:/var/run/docker.sock');
  expect(fs.readdirSync(dir)).toEqual([]);
});

test('--dry-run over a file the tool did not write says what the real run would stop at, with its exit code', async () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, '.gitlab-ci.yml'), 'mine:\n  script: [echo]\n');
  const run = await runCli(['init', '--yes', '--dry-run'], dir);
  expect(run.code).toBe(1);
  expect(run.stdout).toContain('# ==> .gitlab-ci.yml <==');
  expect(run.stderr).toMatch(/^gitlab-dind: without --dry-run: \.gitlab-ci\.yml: not written by gitlab-dind/);
  expect((await runCli(['init', '--yes', '--dry-run', '--force'], dir)).code).toBe(0);
  expect(fs.readdirSync(dir)).toEqual(['.gitlab-ci.yml']);
});

test('--out and --runner-config place the files', async () => {
  const dir = tempDir();
  const run = await runCli(['--yes', '--out', 'repo', '--runner-config', '../runner-host/config.toml'], dir);
  expect(run.code).toBe(0);
  expect(Object.keys(tree(dir)).sort()).toEqual(['repo/.gitlab-ci.yml', 'repo/.gitlab-dind.yml', 'repo/gitlab-runner/register.sh', 'runner-host/config.toml']);
  expect(fs.readFileSync(path.join(dir, 'repo/.gitlab-dind.yml'), 'utf8')).toContain('runner-config: ../runner-host/config.toml');
});

test('--templates overrides a built-in template by name and is recorded', async () => {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, 'tpl/ci/partials'), { recursive: true });
  const builtin = fs.readFileSync(path.resolve(__dirname, '../../templates/ci/partials/jobs.yml.hbs'), 'utf8');
  fs.writeFileSync(path.join(dir, 'tpl/ci/partials/jobs.yml.hbs'), `# Team jobs\n${builtin}`);
  const run = await runCli(['--yes', '--templates', 'tpl'], dir);
  expect(run.code).toBe(0);
  expect(fs.readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8')).toContain('# Team jobs');
  expect(fs.readFileSync(path.join(dir, '.gitlab-dind.yml'), 'utf8')).toContain('templates: tpl');
});

test('an override that leaves a value unquoted is refused before anything is written', async () => {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, 'tpl/ci'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'tpl/ci/dind.yml.hbs'), 'job:\n  script: [echo {{answers.runnerName}}]\n');
  const run = await runCli(['--yes', '--templates', 'tpl'], dir);
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/template ci\/dind.yml: line 2: values must go through a quoting helper/);
  expect(fs.readdirSync(dir)).toEqual(['tpl']);
});

test('modes lists every mode with its trade-offs', async () => {
  const run = await runCli(['modes'], tempDir());
  expect(run.code).toBe(0);
  for (const mode of ['dind:', 'socket:', 'shell:', 'kubernetes:', 'buildah:', 'buildkit:']) expect(run.stdout).toContain(mode);
  expect(run.stdout).toMatch(/cannot:\s+docker run the built image/);
  expect(run.stdout).toMatch(/isolation:/);
  expect(run.stdout).toMatch(/concurrency:/);
});

test('--help and --version', async () => {
  const help = await runCli(['--help'], tempDir());
  expect(help.code).toBe(0);
  expect(help.stdout).toContain('--docker-version');
  // Help is wrapped between words: every word of every flag's description is whole in it.
  const words = new Set(help.stdout.split(/\s+/));
  const described = Object.values(INIT_OPTIONS)
    .flatMap((o) => String(o.describe ?? '').split(/\s+/))
    .filter(Boolean);
  expect(described.filter((w) => !words.has(w))).toEqual([]);
  expect(Math.max(...help.stdout.split('\n').map((l) => l.length))).toBeLessThanOrEqual(100);
  // -h is --help, as in most CLIs, for the commands too
  expect((await runCli(['-h'], tempDir())).stdout).toBe(help.stdout);
  expect((await runCli(['lint', '-h'], tempDir())).stdout).toMatch(/--format/);
  const version = await runCli(['--version'], tempDir());
  expect(version.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')).version);
});
