/**
 * `gitlab-dind lint [DIR]` on a whole repository: the pipeline, the `include: local:` files it
 * pulls in (GitLab's semantics), a runner config found where people keep it; every output format.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { lint } from '../../src/core/lint';
import { includePattern } from '../../src/io/lint-repository';
import { runCli, tempDir } from '../support/main-in-process';

/** A project folder with these files (and the Dockerfile its builds use, unless told otherwise). */
function repo(files: Record<string, string>): string {
  const dir = tempDir('gitlab-dind-repo-');
  for (const [name, text] of Object.entries({ Dockerfile: 'FROM alpine:3.22\n', ...files })) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** Lines: 1 include:, 2 - local, 3 variables:, 4 DOCKER_TLS_CERTDIR, 5 test:, 6 script. */
const MAIN = ['include:', '  - local: ci/build.yml', 'variables:', '  DOCKER_TLS_CERTDIR: "/certs"', 'test:', '  script: [make test]', ''].join('\n');
/** Lines: 1 build:, 2 image, 3 services, 4 variables:, 5 DOCKER_HOST, 6 script. */
const BUILD = [
  'build:',
  '  image: docker:29.10.1-cli',
  '  services: [docker:29.10.1-dind]',
  '  variables:',
  '    DOCKER_HOST: tcp://docker:2375',
  '  script: [docker build -t app .]',
  '',
].join('\n');
/** Lines: 4 privileged, 5 volumes. */
const RUNNER = ['[[runners]]', '  executor = "docker"', '  [runners.docker]', '    privileged = false', '    volumes = ["/cache"]', ''].join('\n');

const at = (found: { rule: string; file: string; line: number }[]) => found.map((f) => `${f.file}:${f.line} ${f.rule}`);

describe('a repository is linted as one', () => {
  const files = { '.gitlab-ci.yml': MAIN, 'ci/build.yml': BUILD, 'gitlab-runner/config.toml': RUNNER };
  const expected = [
    'ci/build.yml:5 dind-tls-port-mismatch',
    'gitlab-runner/config.toml:4 dind-needs-privileged',
    'gitlab-runner/config.toml:5 dind-tls-certs-not-shared',
  ];

  it('json: findings in the included file at its own line, and in the runner config found', async () => {
    const r = await runCli(['lint', '--format', 'json'], repo(files));
    expect(r.code).toBe(1);
    expect(at(JSON.parse(r.stdout))).toEqual(expected);
    expect(r.stderr).toBe('');
  });

  it('text: the same findings, and the files read', async () => {
    const r = await runCli(['lint'], repo(files));
    expect(r.code).toBe(1);
    expect(
      r.stdout
        .split('\n')
        .filter((l) => /^\S+:\d+ /.test(l))
        .map((l) => l.split(' ').slice(0, 3).join(' ')),
    ).toEqual([
      'ci/build.yml:5 error dind-tls-port-mismatch',
      'gitlab-runner/config.toml:4 error dind-needs-privileged',
      'gitlab-runner/config.toml:5 error dind-tls-certs-not-shared',
    ]);
    expect(r.stdout).toMatch(/\n3 error\(s\), 0 warning\(s\) in \.gitlab-ci\.yml, ci\/build\.yml and gitlab-runner\/config\.toml\n$/);
  });

  it("codequality: a JSON array in GitLab's Code Quality format, paths from the repository root", async () => {
    const r = await runCli(['lint', '--format', 'codequality'], repo(files));
    expect(r.code).toBe(1);
    const issues = JSON.parse(r.stdout) as { check_name: string; location: { path: string; lines: { begin: number } }; fingerprint: string }[];
    expect(validateCodeQuality(issues)).toBe(true);
    expect(issues.map((i) => `${i.location.path}:${i.location.lines.begin} ${i.check_name}`)).toEqual(expected);
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
  });

  it('codequality: a finding keeps its fingerprint when lines are added above it', async () => {
    const before = JSON.parse((await runCli(['lint', '--format', 'codequality'], repo(files))).stdout) as {
      fingerprint: string;
      location: { lines: { begin: number } };
    }[];
    const moved = JSON.parse(
      (await runCli(['lint', '--format', 'codequality'], repo({ ...files, 'ci/build.yml': `# a comment\n\n${BUILD}` }))).stdout,
    ) as typeof before;
    expect(moved[0].location.lines.begin).toBe(before[0].location.lines.begin + 2);
    expect(moved.map((i) => i.fingerprint)).toEqual(before.map((i) => i.fingerprint));
  });

  it('sarif: a SARIF 2.1.0 log with one result per finding at its file and line', async () => {
    const r = await runCli(['lint', '--format', 'sarif'], repo(files));
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe('gitlab-dind');
    const results = run.results as {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
    }[];
    expect(
      results.map((x) => `${x.locations[0].physicalLocation.artifactLocation.uri}:${x.locations[0].physicalLocation.region.startLine} ${x.ruleId}`),
    ).toEqual(expected);
    for (const x of results) {
      expect(run.tool.driver.rules[x.ruleIndex].id).toBe(x.ruleId);
      expect(['error', 'warning']).toContain(x.level);
      expect(x.message.text).toMatch(/Fix: /);
    }
  });

  it('DIR names the repository; names are relative to it', async () => {
    const parent = repo(Object.fromEntries(Object.entries({ ...files, Dockerfile: 'FROM alpine:3.22\n' }).map(([k, v]) => [`app/${k}`, v])));
    const r = await runCli(['lint', 'app', '--format', 'json'], parent);
    expect(at(JSON.parse(r.stdout))).toEqual(expected);
    const notDir = await runCli(['lint', 'app/.gitlab-ci.yml'], parent);
    expect([notDir.code, notDir.stdout]).toEqual([2, '']);
    expect(notDir.stderr).toMatch(/^gitlab-dind: lint app\/\.gitlab-ci\.yml: not a folder; .+\n$/);
    const missing = await runCli(['lint', 'nope'], parent);
    expect([missing.code, missing.stderr]).toEqual([2, 'gitlab-dind: lint nope: no such folder\n']);
  });

  it('a mistyped --format value is named with the nearest format', async () => {
    const r = await runCli(['lint', '--format', 'codequalty'], repo(files));
    expect([r.code, r.stdout, r.stderr]).toEqual([
      2,
      '',
      'gitlab-dind: --format: "codequalty" is not valid; expected text, json, codequality or sarif (did you mean codequality?)\n',
    ]);
  });

  it("--runner names the runner config; the pipeline is still the repository's", async () => {
    const dir = repo({ '.gitlab-ci.yml': MAIN, 'ci/build.yml': BUILD, 'elsewhere/runner.toml': RUNNER.replace('privileged = false', 'privileged = true') });
    const r = await runCli(['lint', '--runner', 'elsewhere/runner.toml', '--format', 'json'], dir);
    expect(at(JSON.parse(r.stdout))).toEqual(['ci/build.yml:5 dind-tls-port-mismatch', 'elsewhere/runner.toml:5 dind-tls-certs-not-shared']);
  });
});

describe('runner-side checks skipped (no runner config): said, with how to give one', () => {
  const dir = () => repo({ '.gitlab-ci.yml': 'build:\n  image: docker:29.10.1-cli\n  script: [docker info]\n' });
  it('text: a note after "no problems found"', async () => {
    const r = await runCli(['lint'], dir());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^no problems found in \.gitlab-ci\.yml\nnote: runner-side checks skipped \(privileged mode, volumes, the executor, .+\): no runner config found .+; give it with --runner FILE, e\.g\. --runner \/etc\/gitlab-runner\/config\.toml.*\n$/,
    );
  });
  it('json and codequality: stdout stays the report alone, the note goes to stderr', async () => {
    for (const format of ['json', 'codequality']) {
      const r = await runCli(['lint', '--format', format], dir());
      expect(JSON.parse(r.stdout)).toEqual([]);
      expect(r.stderr).toMatch(/^gitlab-dind: note: runner-side checks skipped \(.+\): no runner config found .+--runner FILE.+\n$/);
    }
  });
  it('sarif: the note is also a tool notification in the log', async () => {
    const r = await runCli(['lint', '--format', 'sarif'], dir());
    const notes = JSON.parse(r.stdout).runs[0].invocations[0].toolExecutionNotifications as { message: { text: string } }[];
    expect(notes.map((n) => n.message.text)).toEqual([expect.stringMatching(/^runner-side checks skipped/)]);
  });
  it('no note when a runner config was read', async () => {
    const r = await runCli(['lint'], repo({ '.gitlab-ci.yml': 'build:\n  script: [make]\n', 'gitlab-runner/config.toml': RUNNER }));
    expect(r.stdout).not.toMatch(/skipped/);
  });
});

describe('include: as GitLab reads it', () => {
  /** A job with a finding (unpinned image, a warning) at line 2 of its file. */
  const job = (name: string) => `${name}:\n  image: docker:latest\n  script: [docker info]\n`;
  const files = async (r: string) => (JSON.parse((await runCli(['lint', '--format', 'json'], r)).stdout) as { file: string }[]).map((f) => f.file).sort();

  it('one string, a list of strings, local: mappings, a leading slash: all from the repository root', async () => {
    expect(await files(repo({ '.gitlab-ci.yml': 'include: ci/a.yml\n', 'ci/a.yml': job('a') }))).toEqual(['ci/a.yml']);
    expect(await files(repo({ '.gitlab-ci.yml': 'include: [ci/a.yml, /ci/b.yml]\n', 'ci/a.yml': job('a'), 'ci/b.yml': job('b') }))).toEqual([
      'ci/a.yml',
      'ci/b.yml',
    ]);
    // A nested include's path is from the root too, not from the including file's folder.
    expect(
      await files(
        repo({ '.gitlab-ci.yml': 'include:\n  - local: ci/a.yml\n', 'ci/a.yml': `include: {local: shared/b.yml}\n${job('a')}`, 'shared/b.yml': job('b') }),
      ),
    ).toEqual(['ci/a.yml', 'shared/b.yml']);
  });

  it('wildcards: * stays in its folder, ** crosses folders', async () => {
    const tree = { 'ci/a.yml': job('a'), 'ci/sub/b.yml': job('b'), 'ci/c.txt': 'x' };
    expect(await files(repo({ '.gitlab-ci.yml': 'include: ci/*.yml\n', ...tree }))).toEqual(['ci/a.yml']);
    expect(await files(repo({ '.gitlab-ci.yml': 'include: ci/**.yml\n', ...tree }))).toEqual(['ci/a.yml', 'ci/sub/b.yml']);
    expect(await files(repo({ '.gitlab-ci.yml': 'include: ci/**/*.yml\n', ...tree }))).toEqual(['ci/sub/b.yml']);
  });

  it('a cycle is read once; a path out of the repository or a missing file is named, not followed', async () => {
    const cycle = repo({
      '.gitlab-ci.yml': 'include: a.yml\n',
      'a.yml': `include: b.yml\n${job('a')}`,
      'b.yml': `include: [a.yml, .gitlab-ci.yml]\n${job('b')}`,
    });
    expect(await files(cycle)).toEqual(['a.yml', 'b.yml']);
    const parent = repo({ 'secret.yml': job('s'), 'r/.gitlab-ci.yml': 'include: [../secret.yml, missing.yml]\n' });
    const r = await runCli(['lint', 'r'], parent);
    expect(r.stdout).toMatch(/^no problems found in \.gitlab-ci\.yml\n/);
    expect(r.stdout).toMatch(/note: include \.\.\/secret\.yml in \.gitlab-ci\.yml is outside the repository: not followed\n/);
    expect(r.stdout).toMatch(/note: include missing\.yml in \.gitlab-ci\.yml: no such file in the repository, not followed\n/);
  });

  it('a symlink pointing out of the repository is not followed', async () => {
    const parent = repo({ 'outside.yml': job('o'), 'r/.gitlab-ci.yml': 'include: link.yml\n' });
    fs.symlinkSync(path.join(parent, 'outside.yml'), path.join(parent, 'r', 'link.yml'));
    expect((await runCli(['lint', 'r', '--format', 'json'], parent)).stdout).toBe('[]\n');
  });

  it('the main file wins over an included one, and a template from an included file is resolved', async () => {
    const r = repo({
      '.gitlab-ci.yml': 'include: ci/base.yml\nbuild:\n  extends: .docker\n  image: docker:29.10.1-cli\n',
      'ci/base.yml':
        '.docker:\n  image: docker:latest\n  services: [docker:29.10.1-dind]\n  variables:\n    DOCKER_HOST: tcp://docker:2375\n  script: [docker info]\n',
    });
    const found = JSON.parse((await runCli(['lint', '--format', 'json'], r)).stdout) as { rule: string; file: string; line: number }[];
    expect(at(found)).toEqual(['ci/base.yml:5 dind-tls-port-mismatch']);
  });

  it('wildcard patterns match as GitLab documents', () => {
    expect(includePattern('configs/*.yml').test('configs/a.yml')).toBe(true);
    expect(includePattern('configs/*.yml').test('configs/x/a.yml')).toBe(false);
    expect(includePattern('configs/**.yml').test('configs/x/y/a.yml')).toBe(true);
    expect(includePattern('configs/**/*.yml').test('configs/a.yml')).toBe(false);
    expect(includePattern('a.b.yml').test('aXb.yml')).toBe(false);
  });
});

describe('runner configs where people keep them', () => {
  const CI = 'build:\n  image: docker:29.10.1-cli\n  services: [docker:29.10.1-dind]\n  script: [docker info]\n';
  const runnerFiles = async (files: Record<string, string>) =>
    (JSON.parse((await runCli(['lint', '--format', 'json'], repo({ '.gitlab-ci.yml': CI, ...files }))).stdout) as { file: string }[]).map((f) => f.file);

  it.each(['gitlab-runner/config.toml', 'config.toml', '.gitlab-runner/config.toml', 'deploy/runners/ci/docker.toml'])('%s', async (name) => {
    expect(await runnerFiles({ [name]: RUNNER })).toContain(name);
  });

  it('Helm values with runners.config', async () => {
    const values = 'runners:\n  config: |\n    [[runners]]\n      [runners.kubernetes]\n        privileged = false\n';
    expect(await runnerFiles({ 'charts/runner/values.yaml': values })).toContain('charts/runner/values.yaml');
  });

  it("not deeper than three folders, nor a *.toml without [[runners]] (a static site's config.toml)", async () => {
    expect(await runnerFiles({ 'a/b/c/d/config.toml': RUNNER })).toEqual([]);
    const r = await runCli(['lint'], repo({ '.gitlab-ci.yml': CI, 'config.toml': 'baseURL = "https://example.org/"\ntitle = "site"\n' }));
    expect(r.stdout).toMatch(/note: runner-side checks skipped/);
  });

  it('a found file that does not parse is named and left out; in the usual place it stops lint (exit 2)', async () => {
    const r = await runCli(['lint'], repo({ '.gitlab-ci.yml': CI, 'deploy/runner.toml': '[[runners]]\n  token = TOKEN\n' }));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/note: deploy\/runner\.toml:2: looks like a runner config but does not parse; not used\n/);
    const usual = await runCli(['lint'], repo({ '.gitlab-ci.yml': CI, 'gitlab-runner/config.toml': '[[runners]]\n  token = TOKEN\n' }));
    expect(usual.code).toBe(2);
  });
});

/** GitLab's Code Quality report format, as its docs list the required keys. */
const validateCodeQuality = new Ajv().compile({
  type: 'array',
  items: {
    type: 'object',
    required: ['description', 'check_name', 'fingerprint', 'severity', 'location'],
    properties: {
      description: { type: 'string', minLength: 1 },
      check_name: { type: 'string', minLength: 1 },
      fingerprint: { type: 'string', minLength: 1 },
      severity: { enum: ['info', 'minor', 'major', 'critical', 'blocker'] },
      location: {
        type: 'object',
        required: ['path', 'lines'],
        properties: {
          path: { type: 'string', minLength: 1 },
          lines: { type: 'object', required: ['begin'], properties: { begin: { type: 'integer', minimum: 1 } } },
        },
      },
    },
  },
});

describe('merged as GitLab merges included files (core)', () => {
  const where = (found: { rule: string; file: string; line: number }[], rule: string) => found.filter((f) => f.rule === rule).map((f) => `${f.file}:${f.line}`);

  it('a global variable from an included file is reported there, for a job of the main file', () => {
    const found = lint({
      ci: {
        name: '.gitlab-ci.yml',
        text: 'include: ci/vars.yml\nbuild:\n  image: docker:29.10.1-cli\n  services: [docker:29.10.1-dind]\n  script: [docker info]\n',
      },
      included: [{ name: 'ci/vars.yml', text: '# shared settings\nvariables:\n  DOCKER_HOST: tcp://docker:2375\n' }],
    });
    expect(where(found, 'dind-tls-port-mismatch')).toEqual(['ci/vars.yml:3']);
  });

  it('a later included file wins over an earlier one, and the main file over both', async () => {
    const job = (host: string) =>
      `build:\n  image: docker:29.10.1-cli\n  services: [docker:29.10.1-dind]\n  variables:\n    DOCKER_HOST: ${host}\n  script: [docker info]\n`;
    const files = (main: string) => ({
      ci: { name: '.gitlab-ci.yml', text: main },
      included: [
        { name: 'a.yml', text: job('tcp://docker:2376') },
        { name: 'b.yml', text: job('tcp://docker:2375') },
      ],
    });
    expect(where(lint(await files('include: [a.yml, b.yml]\n')), 'dind-tls-port-mismatch')).toEqual(['b.yml:5']);
    expect(where(lint(await files('include: [a.yml, b.yml]\nbuild:\n  variables:\n    DOCKER_HOST: tcp://docker:2376\n')), 'dind-tls-port-mismatch')).toEqual(
      [],
    );
  });
});
