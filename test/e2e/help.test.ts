/**
 * Each flag's help says what the flag does: the help text is read from `--help` as a user sees it, and
 * where it makes a claim about behaviour, the behaviour is run next to it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { RawAnswers, resolveAnswers } from '../../src/core/answers';
import { MODE_IDS } from '../../src/core/modes';
import { runCli, tempDir } from '../support/cli';

/** `--flag` → its description, lines joined, from `gitlab-dind <command> --help`. */
function helpOf(command: string): Record<string, string> {
  const run = runCli([command, '--help'], tempDir());
  expect(run.code).toBe(0);
  const flags: Record<string, string> = {};
  let current: string | undefined;
  for (const line of run.stdout.split('\n')) {
    const m = /^\s+(?:-\w, )?(--[\w-]+)\s+(.*)$/.exec(line);
    if (m) flags[(current = m[1])] = m[2];
    else if (current && /^\s{10,}\S/.test(line)) flags[current] += ` ${line.trim()}`;
    else current = undefined;
  }
  for (const flag of Object.keys(flags)) flags[flag] = flags[flag].replace(/\s*\[(string|boolean)\]( \[default: [^\]]*\])?$/, '').replace(/\s+/g, ' ');
  return flags;
}

const init = helpOf('init');
const generate = helpOf('generate');
const upgrade = helpOf('upgrade');

function project(...flags: string[]): string {
  const dir = tempDir();
  expect(runCli(['init', '--yes', ...flags], dir).code).toBe(0);
  return dir;
}
const editBuildScript = (dir: string) => {
  const file = path.join(dir, '.gitlab-ci.yml');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^(docker-build:\n)/m, '$1  timeout: 2h\n'));
};

describe('init', () => {
  test.each([
    ['--docker-version', 'dind/socket/kubernetes'],
    ['--tls', 'dind/kubernetes'],
    ['--image-registry', 'not shell'],
    ['--registry', 'needs --image on that host'],
    ['--concurrent', 'an existing config.toml keeps its own'],
    ['--testcontainers', 'dind/socket/shell/kubernetes'],
    ['--test-image', 'not shell'],
    ['--test-command', 'required on shell'],
    ['--registry-mirror', 'dind/kubernetes/buildah/buildkit'],
    ['--dependency-proxy', 'dind/socket/kubernetes/buildkit'],
  ])('%s says %j', (flag, words) => {
    expect(init[flag]).toContain(words);
  });

  test('the modes each flag names are the ones it is taken in', () => {
    const cases: [string, RawAnswers][] = [
      ['--tls', { tls: false }],
      ['--registry-mirror', { registryMirror: 'https://mirror.example.com' }],
      ['--dependency-proxy', { dependencyProxy: true }],
      ['--mtu', { mtu: '1360' }],
      ['--testcontainers', { testcontainers: true, testCommand: 'make test' }],
      ['--builder-version', { builderVersion: 'v1.0.0' }],
    ];
    for (const [flag, raw] of cases) {
      const named = /^([a-z/]+): /.exec(init[flag])![1].split('/');
      const taken = MODE_IDS.filter((mode) => {
        const image = mode !== 'shell' && raw.testcontainers ? { testImage: 'maven:3.9-eclipse-temurin-21' } : {};
        try {
          resolveAnswers({ mode, ...raw, ...image });
          return true;
        } catch {
          return false;
        }
      });
      expect({ flag, modes: taken }).toEqual({ flag, modes: named });
    }
  });
});

describe('generate and upgrade', () => {
  test.each([generate, upgrade])('the shared flags say what they do', (help) => {
    expect(help['--check']).toBe('write nothing; exit 1 when a file would change or a managed part differs from what .gitlab-dind.yml renders (each part is named)');
    expect(help['--dry-run']).toBe('print each file that would change, whole; write nothing');
    expect(help['--force']).toBe('take the new render where you and it changed the same part (keeps a .bak copy); parts only you changed stay yours');
  });

  test('--check: a part changed by hand is named and fails (drift), until it is accepted', () => {
    const dir = project();
    editBuildScript(dir);
    const run = runCli(['generate', '--check'], dir);
    expect(run.code).toBe(1);
    expect(runCli(['generate', '--accept', 'docker-build'], dir).code).toBe(0);
    expect(runCli(['generate', '--check'], dir).code).toBe(0);
    expect(run.stderr).toContain('changed by hand: .gitlab-ci.yml docker-build');
  });

  test('--dry-run prints only what would change', () => {
    const dir = project();
    expect(runCli(['generate', '--dry-run'], dir)).toMatchObject({ code: 0, stdout: '' });
    fs.writeFileSync(path.join(dir, '.gitlab-dind.yml'), fs.readFileSync(path.join(dir, '.gitlab-dind.yml'), 'utf8').replace('concurrent: 4', 'concurrent: 5'));
    const run = runCli(['generate', '--dry-run'], dir);
    expect(run.stdout).toContain('# ==> gitlab-runner/config.toml <==');
    expect(run.stdout).not.toContain('# ==> .gitlab-ci.yml <==');
  });

  test('--force leaves a part changed by hand that the render did not change (it settles conflicts only)', () => {
    const dir = project();
    editBuildScript(dir);
    const run = runCli(['generate', '--force'], dir);
    expect(run.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8')).toContain('timeout: 2h');
  });
});
