/**
 * Each flag's help says what the flag does: the help text is read from `--help` as a user sees it, and
 * where it makes a claim about behaviour, the behaviour is run next to it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { RawAnswers, resolveAnswers } from '../../src/core/answers';
import { MODE_IDS } from '../../src/core/modes';
import { runCli, tempDir } from '../support/main-in-process';

/** `--flag` → its description, lines joined, from `gitlab-dind <command> --help`. */
async function helpOf(command: string): Promise<Record<string, string>> {
  const run = await runCli([command, '--help'], tempDir());
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

const help: Record<string, Record<string, string>> = {};
beforeAll(async () => {
  for (const command of ['init', 'generate', 'upgrade']) help[command] = await helpOf(command);
});

async function project(...flags: string[]): Promise<string> {
  const dir = tempDir();
  expect((await runCli(['init', '--yes', ...flags], dir)).code).toBe(0);
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
    expect(help.init[flag]).toContain(words);
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
      const named = /^([a-z/]+): /.exec(help.init[flag])![1].split('/');
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
  test.each(['generate', 'upgrade'])('%s: the shared flags say what they do', (command) => {
    const flags = help[command];
    expect(flags['--check']).toBe(
      'write nothing; exit 1 when a file would change or a managed part differs from what .gitlab-dind.yml renders (each part is named)',
    );
    expect(flags['--dry-run']).toBe('print each file that would change, whole; write nothing');
    expect(flags['--force']).toBe('take the new render where you and it changed the same part (keeps a .bak copy); parts only you changed stay yours');
  });

  test('--check: a part changed by hand is named and fails (drift), until it is accepted', async () => {
    const dir = await project();
    editBuildScript(dir);
    const run = await runCli(['generate', '--check'], dir);
    expect(run.code).toBe(1);
    expect((await runCli(['generate', '--accept', 'docker-build'], dir)).code).toBe(0);
    expect((await runCli(['generate', '--check'], dir)).code).toBe(0);
    expect(run.stderr).toContain('changed by hand: .gitlab-ci.yml docker-build');
  });

  test('--dry-run prints only what would change', async () => {
    const dir = await project();
    expect(await runCli(['generate', '--dry-run'], dir)).toMatchObject({ code: 0, stdout: '' });
    fs.writeFileSync(path.join(dir, '.gitlab-dind.yml'), fs.readFileSync(path.join(dir, '.gitlab-dind.yml'), 'utf8').replace('concurrent: 4', 'concurrent: 5'));
    const run = await runCli(['generate', '--dry-run'], dir);
    expect(run.stdout).toContain('# ==> gitlab-runner/config.toml <==');
    expect(run.stdout).not.toContain('# ==> .gitlab-ci.yml <==');
  });

  test('--force leaves a part changed by hand that the render did not change (it settles conflicts only)', async () => {
    const dir = await project();
    editBuildScript(dir);
    const run = await runCli(['generate', '--force'], dir);
    expect(run.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8')).toContain('timeout: 2h');
  });
});
