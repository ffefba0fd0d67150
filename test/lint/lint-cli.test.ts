/** `gitlab-dind lint` as a user runs it, through the CLI's main (in-process), in a temp folder. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MODE_IDS } from '../../src/core/modes';
import { runCli } from '../support/main-in-process';

const cli = (cwd: string, ...args: string[]) => runCli(args, cwd);

function tempDir(files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitlab-dind-lint-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const BROKEN_CI = [
  'build:',
  '  image: docker:29.10.1-cli',
  '  services: [docker:29.10.1-dind]',
  '  variables:',
  '    DOCKER_HOST: tcp://docker:2375',
  '  script: [docker info]',
  '',
].join('\n');
const RUNNER = ['[[runners]]', '  executor = "docker"', '  [runners.docker]', '    privileged = true', '    volumes = ["/certs/client"]', ''].join('\n');

describe("this tool's own output lints clean", () => {
  const variants: string[][] = [
    ...MODE_IDS.map((m) => ['--mode', m]),
    ['--mode', 'dind', '--no-tls'],
    ...MODE_IDS.filter((m) => m !== 'shell').map((m) => ['--mode', m, '--image-registry', 'harbor.example.com/devops']), // shell pulls no images: refused there
    ['--mode', 'dind', '--docker-version', '20.10.16', '--tags', 'docker,linux'],
  ];
  it.each(variants.map((v) => [v.join(' '), v]))('init %s', async (_name, flags) => {
    const dir = tempDir();
    // A project with the Dockerfile its pipeline builds (lint checks the build's paths in the repository).
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM alpine:3.22\n');
    const init = await cli(dir, 'init', '--yes', ...flags, '--out', '.');
    expect(init.stderr).not.toMatch(/error/);
    expect(init.code).toBe(0);
    const r = await cli(dir, 'lint');
    expect(r.code).toBe(0);
    if (flags.includes('20.10.16')) {
      // A version the user pinned past its end of life: that warning, and nothing else.
      const rules = JSON.parse((await cli(dir, 'lint', '--format', 'json')).stdout).map((f: { rule: string }) => f.rule);
      expect(new Set(rules)).toEqual(new Set(['docker-version-eol']));
      return;
    }
    // Kubernetes mode writes the runner config twice: config.toml, and inside the Helm values.
    expect(r.stdout).toMatch(/^no problems found in \.gitlab-ci\.yml(, | and )gitlab-runner\/config\.toml( and gitlab-runner\/values\.yaml)?\n$/);
  });
});

describe('output and exit codes', () => {
  it('text: file:line severity rule message, then the fix; exit 1 on an error', async () => {
    const dir = tempDir({ '.gitlab-ci.yml': BROKEN_CI, 'gitlab-runner/config.toml': RUNNER });
    const r = await cli(dir, 'lint');
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^\.gitlab-ci\.yml:5 error dind-tls-port-mismatch DOCKER_HOST uses port 2375/);
    expect(lines[1]).toMatch(/^ {2}fix: either DOCKER_HOST: tcp:\/\/docker:2376/);
    expect(r.stdout).toMatch(/\n1 error\(s\), 0 warning\(s\) in \.gitlab-ci\.yml and gitlab-runner\/config\.toml\n$/);
  });

  it("json: one array of findings with SPEC's keys; files are read, never changed", async () => {
    const dir = tempDir({ '.gitlab-ci.yml': BROKEN_CI, 'gitlab-runner/config.toml': RUNNER.replace('privileged = true', 'privileged = false') });
    const before = fs.readFileSync(path.join(dir, 'gitlab-runner/config.toml'), 'utf8');
    const r = await cli(dir, 'lint', '--format', 'json');
    expect(r.code).toBe(1);
    const findings = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(findings.map((f) => [f.rule, f.severity, f.file, f.line])).toEqual([
      ['dind-tls-port-mismatch', 'error', '.gitlab-ci.yml', 5],
      ['dind-needs-privileged', 'error', 'gitlab-runner/config.toml', 4],
    ]);
    expect(Object.keys(findings[0])).toEqual(['rule', 'severity', 'file', 'line', 'message', 'fix']);
    expect(fs.readFileSync(path.join(dir, 'gitlab-runner/config.toml'), 'utf8')).toBe(before);
    expect(fs.readdirSync(dir).sort()).toEqual(['.gitlab-ci.yml', 'gitlab-runner']);
  });

  it('warnings only: exit 0; --ci alone lints just the pipeline; json of nothing is []', async () => {
    const dir = tempDir({ 'ci/pipeline.yml': 'build:\n  image: docker:latest\n  script: [docker info]\n', 'clean.yml': 'build:\n  script: [make]\n' });
    const r = await cli(dir, 'lint', '--ci', 'ci/pipeline.yml');
    expect(r.stdout).toMatch(/^ci\/pipeline\.yml:2 warning docker-image-unpinned /);
    expect(r.code).toBe(0);
    const clean = await cli(dir, 'lint', '--ci', 'clean.yml', '--format', 'json');
    expect([clean.code, clean.stdout]).toEqual([0, '[]\n']);
  });

  it('--runner takes a Helm values file', async () => {
    const dir = tempDir({
      'values.yaml': 'runners:\n  config: |\n    [[runners]]\n      [runners.kubernetes]\n        privileged = false\n',
      '.gitlab-ci.yml': BROKEN_CI.replace('2375', '2376'),
    });
    const r = await cli(dir, 'lint', '--ci', '.gitlab-ci.yml', '--runner', 'values.yaml', '--format', 'json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).map((f: { rule: string; line: number }) => `${f.rule}@${f.line}`)).toContain('dind-needs-privileged@5');
  });

  it('a file that does not parse: one line with its line number, exit 2', async () => {
    const dir = tempDir({ '.gitlab-ci.yml': BROKEN_CI, 'gitlab-runner/config.toml': '[[runners]]\n  url = "https://gitlab.com/"\n  token = TOKEN\n' });
    const r = await cli(dir, 'lint');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^gitlab-dind: gitlab-runner\/config\.toml:3: does not parse as TOML: .+\n$/);
    const yaml = await cli(tempDir({ '.gitlab-ci.yml': 'build:\n  script: [a\n' }), 'lint');
    expect(yaml.code).toBe(2);
    expect(yaml.stderr).toMatch(/^gitlab-dind: \.gitlab-ci\.yml:\d+: does not parse as YAML: .+\n$/);
  });

  it('bad usage: nothing to lint, a missing file, an unknown format: exit 2 with one line', async () => {
    const empty = await cli(tempDir(), 'lint');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(
      /^gitlab-dind: nothing to lint: no \.gitlab-ci\.yml or gitlab-runner\/config\.toml in .+; name the files with --ci FILE and\/or --runner FILE\n$/,
    );
    const missing = await cli(tempDir(), 'lint', '--ci', 'nope.yml');
    expect([missing.code, missing.stderr]).toEqual([2, 'gitlab-dind: --ci nope.yml: no such file\n']);
    const format = await cli(tempDir({ '.gitlab-ci.yml': BROKEN_CI }), 'lint', '--format', 'xml');
    expect([format.code, format.stderr]).toEqual([2, 'gitlab-dind: --format: "xml" is not valid; expected text, json, codequality or sarif\n']);
  });
});
