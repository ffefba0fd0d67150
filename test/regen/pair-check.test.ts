/** The check of what will be written: merged pipeline and runner, as a pair. */
import YAML from 'yaml';
import { RawAnswers, resolveAnswers } from '../../src/core/answers';
import { lint } from '../../src/core/lint';
import { MODE_IDS } from '../../src/core/modes';
import { checkPair, daemonJobs, PairInput, pipelinePartAt, runnerPartAt } from '../../src/core/pair-check';
import { render } from '../support/render-texts';

function input(raw: RawAnswers, over: Partial<PairInput> = {}, texts = render(raw)): PairInput {
  const answers = resolveAnswers(raw);
  const data = YAML.parse(texts.ci) as Record<string, unknown>;
  const parts = Object.keys(data);
  return {
    mode: answers.mode,
    tls: answers.tls,
    ci: { name: '.gitlab-ci.yml', text: texts.ci },
    included: [],
    runner: { name: 'gitlab-runner/config.toml', text: texts.runner },
    runnerName: answers.runnerName,
    jobs: daemonJobs(answers.mode, data),
    parts,
    ...over,
  };
}

describe('checkPair', () => {
  it.each(MODE_IDS.map((m) => [m]))('%s: the render as it is passes', (mode) => {
    expect(checkPair(input({ mode }))).toEqual([]);
  });

  it('a dind pipeline kept beside a socket runner fails, naming the pipeline part the finding is in', () => {
    const found = checkPair(input({ mode: 'socket' }, { ci: { name: '.gitlab-ci.yml', text: render({ mode: 'dind' }).ci }, mode: 'socket' }));
    expect(found.map((f) => f.rule)).toContain('mode-rules');
    expect(found.find((f) => f.rule === 'mode-rules')!.message).toMatch(/dind service conflicts with the bound socket/);
    const linted = found.filter((f) => f.rule !== 'mode-rules');
    expect(linted.length).toBeGreaterThan(0);
    expect(linted.every((f) => f.part !== undefined)).toBe(true);
    expect(linted.map((f) => f.part)).toContain('runners[name="docker-socket"].docker.volumes');
  });

  it('a dind runner edited to services_privileged = false fails, naming the runner key', () => {
    const texts = render({});
    const runner = texts.runner.replace('services_privileged = true', 'services_privileged = false');
    expect(runner).not.toBe(texts.runner);
    const found = checkPair(input({}, { runner: { name: 'gitlab-runner/config.toml', text: runner } }));
    expect(found.find((f) => f.rule === 'mode-rules')!.message).toMatch(/service privileged/);
    expect(found.some((f) => /^runners\[name="dind-tls"\]\.docker\.(services_)?privileged$/.test(f.part ?? '') || f.part === '.docker-base')).toBe(true);
  });

  it("a problem in the user's own job is not ours to block on; nor a global one our jobs override", () => {
    const texts = render({});
    const own = `${texts.ci}\nmy-job:\n  image: docker:29.10.1-cli\n  services: [docker:29.10.1-dind]\n  variables:\n    DOCKER_HOST: tcp://docker:2375\n    DOCKER_TLS_CERTDIR: /certs\n  script: [docker info]\n`;
    expect(lint({ ci: { name: '.gitlab-ci.yml', text: own } }).filter((f) => f.severity === 'error').length).toBeGreaterThan(0); // an error lint does find
    expect(checkPair(input({}, { ci: { name: '.gitlab-ci.yml', text: own } }))).toEqual([]);
    const global = `variables:\n  DOCKER_HOST: tcp://docker:2375\n${texts.ci}`;
    const found = checkPair(input({}, { ci: { name: '.gitlab-ci.yml', text: global } }));
    expect(found).toEqual([]); // the job's own DOCKER_HOST wins over the global one: nothing reaches our jobs
  });

  it("our jobs in an included file (--ci-file) are checked with the user's main file", () => {
    const texts = render({});
    const main = 'include:\n  - local: ci/docker.yml\nstages: [build, test, deploy]\nlint:\n  script: [true]\n';
    expect(checkPair(input({}, { ci: { name: '.gitlab-ci.yml', text: main }, included: [{ name: 'ci/docker.yml', text: texts.ci }] }))).toEqual([]);
    const broken = checkPair(
      input({ mode: 'socket' }, { ci: { name: '.gitlab-ci.yml', text: main }, included: [{ name: 'ci/docker.yml', text: texts.ci }], mode: 'socket' }),
    );
    expect(broken.length).toBeGreaterThan(0);
  });
});

describe('where a line is', () => {
  it('the top-level key of a pipeline line', () => {
    const text = 'a:\n  x: 1\n\n# about b\nb:\n  y: 2\n';
    expect([1, 2, 3, 5, 6].map((l) => pipelinePartAt(text, l))).toEqual(['a', 'a', 'a', 'b', 'b']);
  });
  it('the key path of a runner config line, the runner by its name', () => {
    const text =
      'concurrent = 4\n\n[[runners]]\n  name = "other"\n  [runners.docker]\n    privileged = true\n[[runners]]\n  name = "dind-tls"\n  [runners.docker]\n    privileged = false\n';
    expect(runnerPartAt(text, 1)).toBe('concurrent');
    expect(runnerPartAt(text, 6)).toBe('runners[name="other"].docker.privileged');
    expect(runnerPartAt(text, 10)).toBe('runners[name="dind-tls"].docker.privileged');
  });
});
