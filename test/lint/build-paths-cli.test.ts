/**
 * docker-build-path-missing through the CLI's main (in-process) on repository folders: our own pipelines with
 * --dockerfile/--context lint clean while those paths exist and are caught when they do not; paths
 * are judged against DIR (or the current folder), never for a pipeline named from elsewhere.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MODE_IDS } from '../../src/core/modes';
import { runCli, tempDir } from '../support/main-in-process';

const RULE = 'docker-build-path-missing';

interface Found {
  rule: string;
  file: string;
  line: number;
  message: string;
}

async function lintJson(cwd: string, ...args: string[]): Promise<Found[]> {
  const r = await runCli(['lint', '--format', 'json', ...args], cwd);
  expect(r.code === 0 || r.code === 1).toBe(true);
  return JSON.parse(r.stdout) as Found[];
}

const ofRule = (found: Found[]) => found.filter((f) => f.rule === RULE);

function write(dir: string, files: Record<string, string>): string {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('our own pipelines with --dockerfile and --context', () => {
  it.each(MODE_IDS.map((m) => [m]))('%s: clean while docker/app.Dockerfile is there, caught once it is gone', async (mode) => {
    const dir = write(tempDir(), { 'docker/app.Dockerfile': 'FROM nginx:1.27 AS prod\n' });
    const init = await runCli(
      ['init', '--yes', '--mode', mode, '--dockerfile', 'docker/app.Dockerfile', '--context', 'docker', '--target', 'prod', '--out', '.'],
      dir,
    );
    expect(init.code).toBe(0);
    expect(ofRule(await lintJson(dir))).toEqual([]);

    fs.renameSync(path.join(dir, 'docker/app.Dockerfile'), path.join(dir, 'docker/Dockerfile'));
    const gone = ofRule(await lintJson(dir));
    expect(gone).toHaveLength(1);
    expect(gone[0]).toMatchObject({ file: '.gitlab-ci.yml' });
    expect(gone[0].message).toMatch(/app\.Dockerfile.* is not in the repository/);

    fs.rmSync(path.join(dir, 'docker'), { recursive: true });
    const noContext = ofRule(await lintJson(dir)).map((f) => f.message);
    expect(noContext.some((m) => /context docker is not a folder|dockerfile=docker is not a folder/.test(m))).toBe(true);
  });

  it('the default build (. and ./Dockerfile): clean with a Dockerfile, caught without one', async () => {
    const dir = write(tempDir(), { Dockerfile: 'FROM alpine:3.22\n' });
    expect((await runCli(['init', '--yes', '--mode', 'buildkit', '--out', '.'], dir)).code).toBe(0);
    expect(ofRule(await lintJson(dir))).toEqual([]);
    fs.rmSync(path.join(dir, 'Dockerfile'));
    expect(ofRule(await lintJson(dir))).toHaveLength(1);
  });
});

const CI = ['build:', '  image: docker:29.10.1-cli', '  script:', '    - docker build -f docker/prod.Dockerfile -t app .', ''].join('\n');

describe('which repository paths are judged against', () => {
  it('DIR, or the current folder; a finding names the script line', async () => {
    const parent = write(tempDir(), { 'app/.gitlab-ci.yml': CI, 'app/Dockerfile': 'FROM alpine:3.22\n' });
    expect(ofRule(await lintJson(parent, 'app')).map((f) => `${f.file}:${f.line}`)).toEqual(['.gitlab-ci.yml:4']);
    expect(ofRule(await lintJson(path.join(parent, 'app'))).map((f) => `${f.file}:${f.line}`)).toEqual(['.gitlab-ci.yml:4']);
    write(parent, { 'app/docker/prod.Dockerfile': 'FROM alpine:3.22\n' });
    expect(ofRule(await lintJson(parent, 'app'))).toEqual([]);
  });

  it('--ci FILE inside the repository is judged there; from outside it, not at all', async () => {
    const dir = write(tempDir(), { 'ci/pipeline.yml': CI, Dockerfile: 'FROM alpine:3.22\n' });
    expect(ofRule(await lintJson(dir, '--ci', 'ci/pipeline.yml'))).toHaveLength(1);
    const elsewhere = write(tempDir(), { 'pipeline.yml': CI });
    expect(ofRule(await lintJson(dir, '--ci', path.join(elsewhere, 'pipeline.yml')))).toEqual([]);
  });

  it('a missing path the repository ignores or takes from a submodule is not judged: a build or a checkout makes it', async () => {
    const ignored = write(tempDir(), { '.gitlab-ci.yml': CI, '.gitignore': '# built\n/docker/\n' });
    expect(ofRule(await lintJson(ignored))).toEqual([]);
    const submodule = write(tempDir(), { '.gitlab-ci.yml': CI, '.gitmodules': '[submodule "docker"]\n\tpath = docker\n\turl = ../docker.git\n' });
    expect(ofRule(await lintJson(submodule))).toEqual([]);
    const neither = write(tempDir(), { '.gitlab-ci.yml': CI, '.gitignore': 'node_modules/\n*.log\n' });
    expect(ofRule(await lintJson(neither))).toHaveLength(1);
  });

  it('a path through a symlink that leaves the repository is not judged', async () => {
    const outside = tempDir();
    const dir = write(tempDir(), { '.gitlab-ci.yml': CI.replace('docker/prod.Dockerfile', 'link/prod.Dockerfile') });
    fs.symlinkSync(outside, path.join(dir, 'link'));
    expect(ofRule(await lintJson(dir))).toEqual([]);
  });
});
