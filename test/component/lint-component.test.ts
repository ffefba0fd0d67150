/** lint --component-dir: a pipeline's include: component: resolved from a component project and linted as its jobs. */
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../support/cli';
import { runMain } from '../support/main-in-process';

const include = (name: string, inputs: string) => `include:\n  - component: $CI_SERVER_FQDN/devops/docker-build/${name}@1.0.0\n    inputs:\n${inputs}`;

describe('a repository whose pipeline includes the dind component, on a socket-binding runner', () => {
  const group = tempDir('lint-group-');
  const repo = tempDir('lint-repo-');
  beforeAll(async () => {
    expect((await runMain(['component', '--out', group, '--mode', 'dind'], group)).code).toBe(0);
    expect((await runMain(['init', '--yes', '--out', repo, '--mode', 'socket'], repo)).code).toBe(0);
    fs.writeFileSync(path.join(repo, 'Dockerfile'), 'FROM busybox:1.37\n');
    fs.writeFileSync(path.join(repo, '.gitlab-ci.yml'), include('dind', '      image: $CI_REGISTRY_IMAGE/app\n'));
  });

  test('without --component-dir the component is not followed: said, no finding', async () => {
    const r = await runMain(['lint', repo, '--format', 'json'], repo);
    expect(JSON.parse(r.stdout)).toEqual([]);
    expect(r.stderr).toMatch(/component include\(s\) are not followed/);
  });

  test("with it, the component's jobs (inputs applied) are linted against the runner: the dind service cannot run there", async () => {
    const r = await runMain(['lint', repo, '--component-dir', group, '--format', 'json'], repo);
    const findings = JSON.parse(r.stdout) as { rule: string; severity: string; file: string }[];
    expect(r.code).toBe(1);
    expect(findings.filter((f) => f.severity === 'error').map((f) => f.rule)).toEqual(expect.arrayContaining(['dind-needs-privileged']));
    const text = await runMain(['lint', repo, '--component-dir', group], repo);
    expect(text.stdout).toMatch(/error\(s\), \d+ warning\(s\) in \.gitlab-ci\.yml, .*templates\/dind\.yml \(component dind, inputs applied\)/);
  });

  test('inputs the component refuses are said, and the component is not followed', async () => {
    fs.writeFileSync(path.join(repo, '.gitlab-ci.yml'), include('dind', '      dockerfile: ../Dockerfile\n'));
    const r = await runMain(['lint', repo, '--component-dir', group], repo);
    expect(r.stdout).toMatch(/`dockerfile` input: provided value does not match required RegEx pattern; not followed/);
  });

  test('a component the folder does not have is said; a --component-dir that is no folder is refused', async () => {
    fs.writeFileSync(path.join(repo, '.gitlab-ci.yml'), include('kaniko', '      image: x\n'));
    expect((await runMain(['lint', repo, '--component-dir', group], repo)).stdout).toMatch(/no templates\/kaniko\.yml/);
    const bad = await runMain(['lint', repo, '--component-dir', path.join(group, 'nope')], repo);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--component-dir: .* is not valid/);
  });
});
