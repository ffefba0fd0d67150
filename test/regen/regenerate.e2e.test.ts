import fs from 'node:fs';
import path from 'node:path';
import TOML from '@iarna/toml';
import YAML from 'yaml';
import { effectiveJob, effectiveJobs } from '../../src/core/effective-jobs';
import { BUILDKIT_VERSION } from '../../src/core/versions';
import { cli, gitlabCiLocalList, snapshot, tempDir } from '../support/main-in-process';
import { runnerSchemaErrors } from '../support/runner-schema';

type Table = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const HOST = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'multi-runner.config.toml'), 'utf8');
const USER_JOB = `
# Our own job: scan the image we built.
scan-image:
  extends: .docker-base
  stage: test
  image: docker:29.10.1-cli
  services:
    - name: docker:29.10.1-dind
      alias: docker
  script:
    - docker scout cves "$IMAGE_NAME:$CI_COMMIT_SHORT_SHA"  # needs DOCKER_SCOUT_HUB_USER
`;

const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
const pipeline = (dir: string) => YAML.parse(read(dir, '.gitlab-ci.yml')) as Record<string, Table>;

async function init(...flags: string[]): Promise<string> {
  const dir = tempDir();
  const r = await cli(dir, 'init', '--yes', ...flags);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.status).toBe(0);
  return dir;
}

/** Every docker image a job runs or starts as a service, as the runner resolves them (variables expanded). */
function dockerImages(ci: Record<string, Table>): string[] {
  return effectiveJobs(ci).flatMap((job) =>
    [job.image, ...job.services.map((s) => s.name)].filter((i): i is string => typeof i === 'string' && /(^|\/)docker:/.test(i)),
  );
}

describe("generate and upgrade keep the user's work", () => {
  it("init, a job of the user's, generate --check, upgrade, generate --check", async () => {
    const dir = await init('--tags', 'docker');
    fs.appendFileSync(path.join(dir, '.gitlab-ci.yml'), USER_JOB);
    expect(await cli(dir, 'generate', '--check')).toMatchObject({ status: 0, stdout: '' });

    const up = await cli(dir, 'upgrade', '--docker-version', '28.5.2', '--yes');
    expect(up.stderr).toBe('');
    expect(up.status).toBe(0);
    expect(up.stdout).toContain('docker-version: 29.10.1 → 28.5.2');
    expect(up.stdout).toContain('docker:29.10.1-dind → docker:28.5.2-dind');
    const text = read(dir, '.gitlab-ci.yml');
    expect(text).toContain('# Our own job: scan the image we built.\nscan-image:');
    expect(text).toContain('# needs DOCKER_SCOUT_HUB_USER');
    const ci = pipeline(dir);
    expect(ci['scan-image'].script).toEqual(['docker scout cves "$IMAGE_NAME:$CI_COMMIT_SHORT_SHA"']);
    const images = dockerImages(ci);
    expect(images.length).toBeGreaterThanOrEqual(4);
    for (const image of images) expect(image).toMatch(/^docker:28\.5\.2-(cli|dind)$/);
    expect(text).not.toContain('29.10.1');
    const runner = TOML.parse(read(dir, 'gitlab-runner/config.toml')) as Table;
    expect(runner.runners[0].docker.image).toBe('docker:28.5.2-cli');
    expect(YAML.parse(read(dir, '.gitlab-dind.yml')).answers['docker-version']).toBe('28.5.2');

    expect(await cli(dir, 'generate', '--check')).toMatchObject({ status: 0, stdout: '' });
    // GitLab's own schema still accepts the merged pipeline.
    const local = gitlabCiLocalList(read(dir, '.gitlab-ci.yml'));
    expect(local.stderr).not.toMatch(/error/i);
    expect(local.code).toBe(0);
    expect(local.stdout).toContain('scan-image');
  });

  it('generate --check fails on a managed value changed by hand (drift); a change that breaks the pair is not written, --force or not (it takes conflicts only)', async () => {
    const dir = await init();
    const file = path.join(dir, '.gitlab-ci.yml');
    fs.writeFileSync(file, read(dir, '.gitlab-ci.yml').replace('DOCKER_HOST: "tcp://docker:2376"', 'DOCKER_HOST: "tcp://docker:2375"'));
    const before = snapshot(dir);
    const check = await cli(dir, 'generate', '--check');
    expect(check.status).toBe(1);
    expect(check.stdout).toBe('');
    expect(check.stderr).toContain('changed by hand: .gitlab-ci.yml .docker-base');
    expect(snapshot(dir)).toEqual(before);
    for (const args of [[], ['--force']]) {
      const gen = await cli(dir, 'generate', ...args);
      expect(gen.status).toBe(1);
      expect(gen.stderr).toContain('kept your edit of .gitlab-ci.yml .docker-base');
      expect(gen.stderr).toMatch(/nothing written/);
      expect(snapshot(dir)).toEqual(before);
    }
  });

  it('--check lists, --diff shows and --dry-run prints what an answer change would do, writing nothing', async () => {
    const dir = await init('--tags', 'docker');
    const answers = path.join(dir, '.gitlab-dind.yml');
    fs.writeFileSync(answers, read(dir, '.gitlab-dind.yml').replace('  tags:\n    - docker\n', '  tags:\n    - docker\n    - linux\n'));
    const before = snapshot(dir);
    const check = await cli(dir, 'generate', '--check');
    expect(check).toMatchObject({ status: 1, stdout: 'would change .gitlab-ci.yml\nwould change gitlab-runner/register.sh\nwould change .gitlab-dind.yml\n' });
    const diff = await cli(dir, 'generate', '--diff');
    expect(diff.status).toBe(0);
    expect(diff.stdout).toContain('--- a/.gitlab-ci.yml\n+++ b/.gitlab-ci.yml\n@@ ');
    expect(diff.stdout).toContain('\n+    - "linux"\n');
    const dry = await cli(dir, 'generate', '--dry-run');
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('# ==> .gitlab-ci.yml <==');
    expect(snapshot(dir)).toEqual(before);
    expect((await cli(dir, 'generate')).status).toBe(0);
    expect(pipeline(dir)['.docker-base'].tags).toEqual(['docker', 'linux']);
    expect((await cli(dir, 'generate', '--check')).status).toBe(0);
  });

  it("reports a conflict by file and key path, keeps the user's value and exits 1; --force takes the new one and keeps a .bak", async () => {
    const dir = await init();
    const file = path.join(dir, '.gitlab-ci.yml');
    fs.writeFileSync(file, read(dir, '.gitlab-ci.yml').replace('DOCKER_VERSION: "29.10.1"', 'DOCKER_VERSION: "29.10.0"'));
    const up = await cli(dir, 'upgrade', '--docker-version', '28.5.2', '--yes');
    expect(up.status).toBe(1);
    expect(up.stderr).toContain('conflict: .gitlab-ci.yml .docker-base.variables.DOCKER_VERSION');
    expect(effectiveJob(pipeline(dir), 'docker-build').image).toBe('docker:29.10.0-cli');
    expect(fs.existsSync(`${file}.bak`)).toBe(false);
    const forced = await cli(dir, 'generate', '--force');
    expect(forced.status).toBe(0);
    expect(effectiveJob(pipeline(dir), 'docker-build').image).toBe('docker:28.5.2-cli');
    expect(read(dir, '.gitlab-ci.yml.bak')).toContain('DOCKER_VERSION: "29.10.0"');
  });

  it('an existing file keeps its mode; a new config.toml is 0600', async () => {
    const dir = await init();
    const mode = (f: string) => fs.statSync(path.join(dir, f)).mode & 0o777;
    expect(mode('gitlab-runner/config.toml')).toBe(0o600);
    fs.chmodSync(path.join(dir, '.gitlab-ci.yml'), 0o664);
    expect((await cli(dir, 'upgrade', '--docker-version', '28.5.2', '--yes')).status).toBe(0);
    expect(mode('.gitlab-ci.yml')).toBe(0o664);
    expect(mode('gitlab-runner/config.toml')).toBe(0o600);
    fs.rmSync(path.join(dir, 'gitlab-runner/config.toml'));
    expect((await cli(dir, 'generate')).status).toBe(0);
    expect(mode('gitlab-runner/config.toml')).toBe(0o600);
  });
});

describe('where files are and what they were', () => {
  it("upgrade without --docker-version moves to the tool's default; --out names the folder", async () => {
    const parent = tempDir();
    expect((await cli(parent, 'init', '--yes', '--out', 'app', '--docker-version', '27.5.1')).status).toBe(0);
    const up = await cli(parent, 'upgrade', '--out', 'app');
    expect(up.status).toBe(0);
    expect(up.stdout).toContain('docker-version: 27.5.1 → 29.10.1');
    expect(effectiveJob(pipeline(path.join(parent, 'app')), 'docker-build').image).toBe('docker:29.10.1-cli');
    expect((await cli(parent, 'generate', '--check', '--out', 'app')).status).toBe(0);
    expect((await cli(parent, 'upgrade', '--out', 'app')).stdout).toContain('docker-version 29.10.1: already there');
  });

  it('reads a schema 1 answers file and rewrites it as schema 2', async () => {
    const dir = await init();
    const answers = YAML.parse(read(dir, '.gitlab-dind.yml'));
    const v1 = {
      ...answers,
      schema: 1,
      files: Object.fromEntries(Object.entries(answers.files as Record<string, { file: string }>).map(([k, v]) => [k, v.file])),
    };
    fs.writeFileSync(path.join(dir, '.gitlab-dind.yml'), YAML.stringify(v1));
    fs.appendFileSync(path.join(dir, '.gitlab-ci.yml'), USER_JOB);
    expect(await cli(dir, 'generate', '--check')).toMatchObject({ status: 1, stdout: 'would change .gitlab-dind.yml\n' });
    expect(await cli(dir, 'upgrade', '--docker-version', '28.5.2', '--yes')).toMatchObject({ status: 0, stderr: '' });
    expect(YAML.parse(read(dir, '.gitlab-dind.yml')).schema).toBe(2);
    expect(pipeline(dir)['scan-image'].image).toBe('docker:28.5.2-cli');
    expect((await cli(dir, 'generate', '--check')).status).toBe(0);
  });

  it("a changed mode: in the answers file regenerates for the new mode; the old mode's recorded defaults go, its values.yaml stays, said", async () => {
    const dir = await init('--mode', 'kubernetes');
    const file = path.join(dir, '.gitlab-dind.yml');
    fs.writeFileSync(file, read(dir, '.gitlab-dind.yml').replace(/^  mode: kubernetes$/m, '  mode: dind'));
    const r = await cli(dir, 'generate');
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(
      'gitlab-runner/values.yaml: no longer written with these answers (--mode dind, runner-config gitlab-runner/config.toml); left as it is',
    );
    // the runner keeps its name, token and all; said, since the name is the old mode's
    expect(r.stderr).toContain('runner-name "k8s-dind-tls" is an earlier mode\'s default; kept, so config.toml keeps that runner and its token');
    expect(fs.existsSync(path.join(dir, 'gitlab-runner', 'values.yaml'))).toBe(true);
    const answers = YAML.parse(read(dir, '.gitlab-dind.yml'));
    expect(answers.answers).toMatchObject({ mode: 'dind' });
    expect(answers.answers).not.toHaveProperty('namespace'); // recorded only where it applies
    expect(Object.keys(answers.files)).not.toContain('gitlab-runner/values.yaml');
    const config = TOML.parse(read(dir, 'gitlab-runner/config.toml')) as Table;
    expect(config.runners).toHaveLength(1);
    expect(config.runners[0]).toMatchObject({ name: 'k8s-dind-tls', executor: 'docker', docker: { privileged: false, services_privileged: true } });
    expect(config.runners[0].kubernetes).toBeUndefined();
    expect(effectiveJob(pipeline(dir), 'docker-build').services).toEqual([expect.objectContaining({ alias: 'docker' })]);
    expect(await cli(dir, 'generate', '--check')).toMatchObject({ status: 0 });
    expect((await cli(dir, 'generate')).stderr).not.toContain('runner-name'); // said once, when the files changed
  });

  it('an answers file as earlier versions wrote it (every answer, tls: true for socket) is read and left as it is', async () => {
    const dir = await init('--mode', 'socket');
    fs.writeFileSync(
      path.join(dir, '.gitlab-dind.yml'),
      read(dir, '.gitlab-dind.yml').replace(/^(  docker-version: .*\n)/m, '$1  tls: true\n  namespace: ""\n  mtu: 0\n'),
    );
    expect(read(dir, '.gitlab-dind.yml')).toContain('  tls: true\n');
    const before = snapshot(dir);
    expect(await cli(dir, 'generate', '--check')).toMatchObject({ status: 0, stdout: '', stderr: '' });
    expect(await cli(dir, 'generate')).toMatchObject({ status: 0, stderr: '' });
    expect(snapshot(dir)).toEqual(before);
  });

  it('an image-registry earlier versions took in shell mode is read, said to be ignored, and nothing changes', async () => {
    const dir = await init('--mode', 'shell');
    fs.writeFileSync(
      path.join(dir, '.gitlab-dind.yml'),
      read(dir, '.gitlab-dind.yml').replace(/^(  mode: shell\n)/m, '$1  image-registry: harbor.example.com/devops\n'),
    );
    const before = snapshot(dir);
    const note = '.gitlab-dind.yml: image-registry "harbor.example.com/devops" is ignored: --mode shell pulls no images (delete the line)\n';
    expect(await cli(dir, 'generate', '--check')).toMatchObject({ status: 0, stderr: note });
    expect(await cli(dir, 'generate')).toMatchObject({ status: 0, stderr: note });
    expect(snapshot(dir)).toEqual(before);
  });

  it('a moved runner-config: the old file stays where it was, said as moved', async () => {
    const dir = await init();
    fs.writeFileSync(
      path.join(dir, '.gitlab-dind.yml'),
      read(dir, '.gitlab-dind.yml').replace(/^  runner-config: gitlab-runner\/config\.toml$/m, '  runner-config: runner/config.toml'),
    );
    const r = await cli(dir, 'generate');
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('gitlab-runner/config.toml: no longer written; the answers now write runner/config.toml; left as it is');
    expect(r.stderr).not.toContain('no longer written with these answers');
    expect(fs.existsSync(path.join(dir, 'gitlab-runner', 'config.toml'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'runner', 'config.toml'))).toBe(true);
  });

  it('a changed mode keeps an answer that was chosen, not defaulted, and refuses it by name', async () => {
    const dir = await init('--mode', 'kubernetes', '--namespace', 'ci-builds');
    fs.writeFileSync(path.join(dir, '.gitlab-dind.yml'), read(dir, '.gitlab-dind.yml').replace(/^  mode: kubernetes$/m, '  mode: dind'));
    const before = snapshot(dir);
    const r = await cli(dir, 'generate');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^gitlab-dind: \.gitlab-dind\.yml: answers\.namespace: applies to --mode kubernetes only, not "dind"\n$/);
    expect(snapshot(dir)).toEqual(before);
  });

  it.each(['kubernetes', 'buildah', 'buildkit'])("dind to %s: the empty answers dind recorded take the new mode's defaults", async (mode) => {
    const dir = await init();
    fs.writeFileSync(path.join(dir, '.gitlab-dind.yml'), read(dir, '.gitlab-dind.yml').replace(/^  mode: dind$/m, `  mode: ${mode}`));
    const r = await cli(dir, 'generate');
    expect(r.stderr).not.toMatch(/is not valid/);
    expect(r.status).toBe(0);
    expect(YAML.parse(read(dir, '.gitlab-dind.yml')).answers.mode).toBe(mode);
  });

  it("buildah to buildkit: the recorded Buildah pin does not become BuildKit's", async () => {
    const dir = await init('--mode', 'buildah');
    fs.writeFileSync(path.join(dir, '.gitlab-dind.yml'), read(dir, '.gitlab-dind.yml').replace(/^  mode: buildah$/m, '  mode: buildkit'));
    expect((await cli(dir, 'generate')).status).toBe(0);
    expect(YAML.parse(read(dir, '.gitlab-dind.yml')).answers['builder-version']).toBe(BUILDKIT_VERSION);
  });

  it('leaves alone an absolute runner config that is not on this machine', async () => {
    const host = tempDir();
    const config = path.join(host, 'config.toml');
    const dir = await init('--runner-config', config);
    fs.rmSync(config);
    const up = await cli(dir, 'upgrade', '--docker-version', '28.5.2', '--yes');
    expect(up.status).toBe(0);
    expect(up.stderr).toContain(`${config}: not on this machine; left as it is`);
    expect(fs.existsSync(config)).toBe(false);
    expect((await cli(dir, 'generate', '--check')).status).toBe(0);
  });
});

describe('--runner-config into a host config.toml with two runners', () => {
  it('keeps both tokens, the other runner, the comments and the layout: only the changed lines differ', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'etc'));
    const config = path.join(dir, 'etc', 'config.toml');
    fs.writeFileSync(config, HOST, { mode: 0o640 });
    const r = await cli(dir, 'init', '--yes', '--runner-config', 'etc/config.toml', '--gitlab-url', 'https://gitlab.example.com', '--concurrent', '10');
    expect(r.status).toBe(0);
    expect(r.stderr).not.toContain('comments are not kept');
    expect(r.stderr).toContain('runners[name="dind-tls"].docker.image: "docker:27.3.1-cli" → "docker:29.10.1-cli"');
    expect(read(dir, 'etc/config.toml.bak')).toBe(HOST); // init replaced a value of the host's: kept as it was
    // Lines in one and not the other: the image and privileged (only the dind service now) change, the keys the
    // runner lacks are added, every other line stays.
    const changed = (text: string) => {
      const [was, now] = [HOST.split('\n'), text.split('\n')];
      return { added: now.filter((l) => !was.includes(l)).map((l) => l.trim()), removed: was.filter((l) => !now.includes(l)).map((l) => l.trim()) };
    };
    const added = ['services_privileged = true', 'allowed_privileged_services = [ "docker:*-dind" ]', 'pull_policy = [ "always", "if-not-present" ]'];
    expect(changed(read(dir, 'etc/config.toml'))).toEqual({
      added: ['image = "docker:29.10.1-cli"', ...added],
      removed: ['image = "docker:27.3.1-cli"', 'privileged = true'],
    });
    expect(fs.statSync(config).mode & 0o777).toBe(0o600); // it holds runner tokens: no longer readable by the group
    expect(fs.statSync(`${config}.bak`).mode & 0o777).toBe(0o600); // nor is its copy
    const check = (text: string) => {
      const before = TOML.parse(HOST) as Table;
      const after = TOML.parse(text) as Table;
      expect(after.runners).toHaveLength(2);
      expect(after.runners[0]).toEqual(before.runners[0]);
      expect(after.runners.map((x: Table) => x.token)).toEqual(['glrt-t3_xY9kQm2LpV7nRsT4uWzA', 'glrt-t1_Qe8HvB3sKd5FgJ1mNp6r']);
      expect(after.session_server).toEqual(before.session_server);
      expect(runnerSchemaErrors(text)).toEqual([]);
      return after.runners[1];
    };
    expect(check(read(dir, 'etc/config.toml')).docker.image).toBe('docker:29.10.1-cli');
    expect((await cli(dir, 'generate', '--check')).status).toBe(0);
    const up = await cli(dir, 'upgrade', '--docker-version', '28.5.2', '--yes');
    expect(up.status).toBe(0);
    expect(check(read(dir, 'etc/config.toml')).docker.image).toBe('docker:28.5.2-cli');
    expect(changed(read(dir, 'etc/config.toml'))).toEqual({
      added: ['image = "docker:28.5.2-cli"', ...added],
      removed: ['image = "docker:27.3.1-cli"', 'privileged = true'],
    });
    expect((await cli(dir, 'generate', '--check')).status).toBe(0);
  });
});

describe('--runner-config into a host config.toml, no --concurrent', () => {
  it("keeps the file's global concurrent (it limits the other runners too), says so, and records it", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'config.toml'), HOST);
    const r = await cli(dir, 'init', '--yes', '--runner-config', 'config.toml', '--gitlab-url', 'https://gitlab.example.com');
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('config.toml: concurrent = 10 kept, as the file has it (--concurrent to change it)');
    expect((TOML.parse(read(dir, 'config.toml')) as Table).concurrent).toBe(10);
    expect(YAML.parse(read(dir, '.gitlab-dind.yml')).answers.concurrent).toBe(10);
    expect((await cli(dir, 'generate', '--check')).status).toBe(0);
  });
});

describe('bad input: exit 2, one line, nothing written', () => {
  async function expectRefused(dir: string, args: string[], message: RegExp): Promise<void> {
    const before = snapshot(dir);
    const r = await cli(dir, ...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(snapshot(dir)).toEqual(before);
  }

  it('a missing answers file', async () => {
    await expectRefused(tempDir(), ['generate'], /\.gitlab-dind\.yml: not found in .*; expected the answers file/);
  });

  it('a corrupt answers file', async () => {
    const dir = await init();
    fs.writeFileSync(path.join(dir, '.gitlab-dind.yml'), 'schema: 2\nanswers: [\n');
    await expectRefused(dir, ['generate'], /\.gitlab-dind\.yml: does not parse: line \d+/);
  });

  it('an answers file newer than this tool', async () => {
    const dir = await init();
    fs.writeFileSync(path.join(dir, '.gitlab-dind.yml'), read(dir, '.gitlab-dind.yml').replace('schema: 2', 'schema: 9'));
    await expectRefused(dir, ['upgrade'], /schema 9 is newer than this gitlab-dind/);
  });

  it('a .gitlab-ci.yml that does not parse', async () => {
    const dir = await init();
    fs.appendFileSync(path.join(dir, '.gitlab-ci.yml'), 'oops: [\n');
    await expectRefused(dir, ['upgrade', '--docker-version', '28.5.2', '--yes'], /^gitlab-dind: \.gitlab-ci\.yml: does not parse: line \d+/);
  });

  it('a config.toml that does not parse', async () => {
    const dir = await init();
    const lines = fs.readFileSync(path.join(dir, 'gitlab-runner/config.toml'), 'utf8').split('\n').length;
    fs.appendFileSync(path.join(dir, 'gitlab-runner/config.toml'), '[[runners]\n');
    await expectRefused(dir, ['generate'], new RegExp(`gitlab-runner/config\\.toml: does not parse: line ${lines}:`));
  });

  it('an invalid --docker-version', async () => {
    await expectRefused(
      await init(),
      ['upgrade', '--docker-version', 'latest'],
      /^gitlab-dind: --docker-version: "latest" is not valid; expected a pinned Docker release/,
    );
  });
});
