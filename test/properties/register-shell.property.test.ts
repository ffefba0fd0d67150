/**
 * register.sh run by real shells (sh, which is dash on Debian, and bash) against a fake `gitlab-runner` first
 * on PATH that records the arguments it was given: for hostile values of every answer the script carries
 * (quotes, $, backticks, spaces, globs, leading dashes; a token with a line break), they arrive exactly.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import TOML from '@iarna/toml';
import fc from 'fast-check';
import { RawAnswers, resolveAnswers } from '../../src/core/answers';
import { renderAnswers } from '../../src/core/render';
import * as v from '../../src/core/validators';
import { loadTemplates } from '../../src/io/templates';
import { FC_PARAMS, freeText, hostilePath, hostPort, rawAnswers, RUNS } from '../support/arbitraries';
import { tempDir } from '../support/cli';
import { fixturesUntouched } from '../support/untouched';

type Table = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SOURCES = loadTemplates(undefined);
const SHELLS = ['/bin/sh', 'bash'];

/** Records its argv NUL-separated and the folder it ran in; exits 0 as a registration would. */
const FAKE_RUNNER = `#!/bin/bash
printf '%s\\0' "$@" > "$FAKE_RUNNER_ARGV"
printf '%s' "$PWD" > "$FAKE_RUNNER_CWD"
`;

const SHELL_TRAPS = [
  '--help',
  '-n',
  '-',
  '$(touch pwned)',
  '`touch pwned`',
  "it's",
  '"quoted"',
  '$HOME',
  '${RUNNER_TOKEN}',
  '*',
  '?',
  '[a-z]*',
  'a  b',
  ' lead',
  'trail ',
  '\\',
  '\\n',
  '!',
  '~',
  ';rm -rf x',
  'a|b',
  'a&b',
  '#not a comment',
  "'\"'\"'",
];
const trap = fc.oneof(fc.constantFrom(...SHELL_TRAPS), freeText(20));
const runnerName = fc
  .oneof(
    trap,
    fc.tuple(trap, trap).map(([a, b]) => `${a}${b}`),
  )
  .filter((s) => v.checkRunnerName(s) === undefined);
const gitlabUrl = fc
  .tuple(fc.constantFrom('https', 'http'), hostPort, fc.array(trap, { maxLength: 3 }))
  .map(([s, h, parts]) => `${s}://${h}/${parts.join('/')}`)
  .filter((u) => v.checkGitlabUrl(u) === undefined);
const runnerConfig = fc.oneof(
  hostilePath,
  hostilePath.map((p) => `/tmp/${p}`),
);
// The token comes from the environment: anything but NUL, a line break too.
const token = fc.oneof(
  fc.constantFrom('glrt-abc123', '$RUNNER_TOKEN', '--help', ' spaced  token ', 'glrt-\nsecond line\n'),
  fc.tuple(trap, fc.constantFrom('', '\n', '\t'), trap).map((p) => p.join('')),
);

const hostile = fc.record({ runnerName, gitlabUrl, runnerConfig, token, folder: hostilePath });

function setUp(raw: RawAnswers, folder: string) {
  const root = tempDir('register-');
  const out = path.join(root, folder);
  const answers = resolveAnswers(raw);
  const files = renderAnswers(answers, SOURCES).files;
  const script = path.join(out, 'gitlab-runner', 'register.sh');
  fs.mkdirSync(path.dirname(script), { recursive: true });
  fs.writeFileSync(script, files.find((f) => f.role === 'register')!.contents);
  const bin = path.join(root, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'gitlab-runner'), FAKE_RUNNER, { mode: 0o755 });
  const runner = (TOML.parse(files.find((f) => f.role === 'runner')!.contents) as { runners: Table[] }).runners[0];
  return { root, out, answers, script, bin, runner };
}

/** The arguments the answers and config.toml's runner promise, the template config's path as the script gives it. */
function expectedArgv(tokenValue: string, a: ReturnType<typeof resolveAnswers>, runner: Table, templateConfig: string | undefined): string[] {
  const argv = [
    'register',
    '--token',
    tokenValue,
    '--config',
    '/etc/gitlab-runner/config.toml',
    '--non-interactive',
    '--url',
    a.gitlabUrl,
    '--executor',
    runner.executor,
    '--name',
    a.runnerName,
  ];
  if (runner.executor === 'kubernetes') argv.push('--template-config', templateConfig ?? '(missing)');
  if (runner.executor === 'docker') {
    const d = runner.docker;
    argv.push('--docker-image', d.image);
    if (d.privileged) argv.push('--docker-privileged');
    if (d.services_privileged) argv.push('--docker-services_privileged');
    for (const pattern of d.allowed_privileged_services ?? []) argv.push('--docker-allowed-privileged-services', pattern);
    if (d.pull_policy) argv.push('--docker-pull-policy', d.pull_policy.join(','));
    if (d.helper_image) argv.push('--docker-helper-image', d.helper_image);
    for (const [flag, list] of [
      ['--docker-volumes', d.volumes],
      ['--docker-security-opt', d.security_opt],
      ['--docker-extra-hosts', d.extra_hosts],
    ] as const)
      for (const item of list ?? []) argv.push(flag, item);
  }
  // [runners.cache] as register flags (kubernetes: in the template config); never a credential.
  const c = runner.cache;
  if (c && runner.executor !== 'kubernetes') {
    argv.push('--cache-type', c.Type, '--cache-shared');
    if (c.Path) argv.push('--cache-path', c.Path);
    if (c.s3) argv.push('--cache-s3-bucket-name', c.s3.BucketName, '--cache-s3-authentication_type', c.s3.AuthenticationType);
    if (c.gcs) argv.push('--cache-gcs-bucket-name', c.gcs.BucketName);
    if (c.azure) argv.push('--cache-azure-account-name', c.azure.AccountName, '--cache-azure-container-name', c.azure.ContainerName);
  }
  return argv;
}

test('register.sh hands every answer to gitlab-runner exactly, under sh and bash', () => {
  fc.assert(
    fc.property(rawAnswers, hostile, (base, h) => {
      const raw: RawAnswers = { ...base, runnerName: h.runnerName, gitlabUrl: h.gitlabUrl, runnerConfig: h.runnerConfig };
      const { root, out, answers, script, bin, runner } = setUp(raw, h.folder);
      for (const shell of SHELLS) {
        const argvFile = path.join(root, 'argv');
        const cwdFile = path.join(root, 'cwd');
        fs.rmSync(argvFile, { force: true });
        const env = { PATH: `${bin}:${process.env.PATH}`, HOME: root, RUNNER_TOKEN: h.token, FAKE_RUNNER_ARGV: argvFile, FAKE_RUNNER_CWD: cwdFile };
        // Run from elsewhere, as a user would: sh path/to/register.sh
        const r = spawnSync(shell, [script], { cwd: root, env, encoding: 'utf8' });
        expect({ shell, code: r.status, stderr: r.stderr }).toEqual({ shell, code: 0, stderr: '' });
        const argv = fs.readFileSync(argvFile, 'utf8').split('\0').slice(0, -1);
        const at = argv.indexOf('--template-config');
        const templateConfig = at < 0 ? undefined : argv[at + 1];
        expect({ shell, argv }).toEqual({ shell, argv: expectedArgv(h.token, answers, runner, templateConfig) });
        if (templateConfig !== undefined) {
          // Kubernetes: the runner config, found from wherever the script ran.
          expect(path.resolve(fs.readFileSync(cwdFile, 'utf8'), templateConfig)).toBe(path.resolve(out, answers.runnerConfig));
        }
        // Nothing else ran: no file a $(...) or `...` in a value would have made.
        expect(fs.readdirSync(root).sort()).toEqual(['argv', 'bin', 'cwd', h.folder.split('/')[0]].sort());
      }
      fs.rmSync(root, { recursive: true });
    }),
    { numRuns: Math.max(20, Math.floor(RUNS / 6)), ...FC_PARAMS },
  );
});

test('register.sh without RUNNER_TOKEN stops before registering, saying what to set', () => {
  const { root, script, bin } = setUp({ mode: 'dind' }, 'out');
  for (const shell of SHELLS) {
    const r = spawnSync(shell, [script], {
      cwd: root,
      env: { PATH: `${bin}:${process.env.PATH}`, FAKE_RUNNER_ARGV: path.join(root, 'argv'), FAKE_RUNNER_CWD: path.join(root, 'cwd') },
      encoding: 'utf8',
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('set RUNNER_TOKEN');
    expect(fs.existsSync(path.join(root, 'argv'))).toBe(false);
  }
});

fixturesUntouched();
