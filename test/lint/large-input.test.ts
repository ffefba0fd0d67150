/**
 * The shortcuts that keep lint linear give the same findings as the plain reading: runners alike in
 * their settings checked once per job, key lines found in one scan of a config, mapping keys looked
 * up through an index. (Time itself is measured by `npm run bench`, never by a test.)
 */
import { lint } from '../../src/core/lint';
import { CI, dindCi, dockerRunner, RUNNER } from './helpers';

const summary = (findings: ReturnType<typeof lint>) => findings.map((f) => `${f.file}:${f.line} ${f.rule}`);

describe('runners alike in their settings', () => {
  it("a job's findings with 50 copies of a runner are those with one; runner findings stay per runner, at each one's line", () => {
    const ci = dindCi({ host: 'tcp://docker:2375' });
    const one = dockerRunner({ privileged: 'false' });
    const many = Array(50).fill(one).join('\n');
    const single = lint({ ci: { name: CI, text: ci }, runner: { name: RUNNER, text: one } });
    const copies = lint({ ci: { name: CI, text: ci }, runner: { name: RUNNER, text: many } });
    expect(summary(copies.filter((f) => f.file === CI))).toEqual(summary(single.filter((f) => f.file === CI)));
    expect(summary(copies)).toEqual(expect.arrayContaining(summary(single)));
    // The job-rule finding at the runner's privileged line comes once, at the first runner's.
    expect(summary(single)).toContain(`${RUNNER}:8 dind-needs-privileged`);
    expect(summary(copies).filter((f) => f.endsWith('dind-needs-privileged'))).toEqual([`${RUNNER}:8 dind-needs-privileged`]);
  });

  it('a job problem that holds on only one of two different runners is not reported, whichever comes first', () => {
    const ci = dindCi();
    const privileged = dockerRunner({ privileged: 'true' });
    const not = dockerRunner({ privileged: 'false' });
    for (const text of [`${privileged}\n${privileged}\n${not}`, `${not}\n${not}\n${privileged}`]) {
      const found = lint({ ci: { name: CI, text: ci }, runner: { name: RUNNER, text } });
      expect(found.filter((f) => f.rule === 'dind-needs-privileged')).toEqual([]);
    }
  });
});

describe('a large pipeline', () => {
  it('each of 2,000 jobs is reported at its own lines, through extends, << merges and the key index', () => {
    const parts = ['.tpl: &tpl', '  services: [docker:29.10.1-dind]', '  variables:', '    DOCKER_HOST: tcp://docker:2375'];
    for (let i = 0; i < 2000; i++) parts.push(`job-${i}:`, i % 2 ? '  <<: *tpl' : '  extends: .tpl', '  image: docker:29.10.1-cli', '  script: [docker info]');
    const found = lint({ ci: { name: CI, text: `${parts.join('\n')}\n` } }).filter((f) => f.rule === 'dind-tls-port-mismatch');
    // Every job takes DOCKER_HOST from the template: one finding at line 4 (findings are unique by place).
    expect(summary(found)).toEqual([`${CI}:4 dind-tls-port-mismatch`]);
    const unpinned = lint({ ci: { name: CI, text: `${parts.join('\n').replace(/docker:29\.10\.1-cli/g, 'docker:latest')}\n` } }).filter(
      (f) => f.rule === 'docker-image-unpinned',
    );
    expect(unpinned).toHaveLength(2000);
    expect(unpinned[1999].line).toBe(4 + 1999 * 4 + 3);
  });
});
