/**
 * The ready job of docs/lint-rules.md that puts lint's findings into merge requests: valid for GitLab (its CI
 * schema, gitlab-ci-local), and its command writes the report file the job uploads.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { BIN, gitlabCiLocalList, ROOT, tempDir } from '../support/cli';
import { schemaErrors, validateCi } from '../support/schemas';

function documentedJob(): string {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'lint-rules.md'), 'utf8');
  const at = doc.indexOf('To see the findings in merge requests');
  const block = /```yaml\n([\s\S]*?)```/.exec(doc.slice(at));
  if (at < 0 || !block) throw new Error('docs/lint-rules.md has no Code Quality job');
  return block[1];
}

type Job = { script: string[]; artifacts: { when: string; reports: { codequality: string } } };

it('is valid for GitLab: its CI schema and gitlab-ci-local', () => {
  const text = documentedJob();
  const ci = YAML.parse(text) as Record<string, Job>;
  expect(schemaErrors(validateCi, ci)).toEqual([]);
  const gcl = gitlabCiLocalList(text);
  expect(gcl.stderr).not.toMatch(/Invalid .gitlab-ci.yml/);
  expect(gcl.code).toBe(0);
  expect(gcl.stdout).toMatch(/gitlab-dind-lint\s+test/);
});

it('uploads the file its command writes, even when lint exits 1', () => {
  const job = (YAML.parse(documentedJob()) as Record<string, Job>)['gitlab-dind-lint'];
  expect(job.artifacts.when).toBe('always');
  const command = job.script.find((l) => l.includes('gitlab-dind lint'))!;
  expect(command).toMatch(/--format codequality > (\S+)$/);
  expect(command.split('> ')[1]).toBe(job.artifacts.reports.codequality);
  // The same command with this build in place of npx's download, in a repository with a finding.
  const dir = tempDir('gitlab-dind-cq-');
  fs.writeFileSync(
    path.join(dir, '.gitlab-ci.yml'),
    'build:\n  image: docker:29.10.1-cli\n  services: [docker:29.10.1-dind]\n  variables: {DOCKER_HOST: "tcp://docker:2375"}\n  script: [docker info]\n',
  );
  const local = command.replace(/^npx --yes gitlab-dind/, `"${process.execPath}" "${BIN}"`);
  const r = spawnSync('sh', ['-c', local], { cwd: dir, encoding: 'utf8' });
  expect(r.status).toBe(1);
  const report = JSON.parse(fs.readFileSync(path.join(dir, job.artifacts.reports.codequality), 'utf8'));
  expect(
    report.map(
      (i: { check_name: string; location: { path: string; lines: { begin: number } } }) => `${i.location.path}:${i.location.lines.begin} ${i.check_name}`,
    ),
  ).toEqual(['.gitlab-ci.yml:4 dind-tls-port-mismatch']);
  // The skipped-runner note went to the job log (stderr), not into the report.
  expect(r.stderr).toMatch(/note: runner-side checks skipped/);
});
