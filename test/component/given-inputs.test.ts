/**
 * A component's inputs act exactly as the answers they stand for: the component of the group's answers, given
 * a repository's inputs, expands to the jobs init writes for that repository's answers. Every expansion passes
 * GitLab's CI schema and gitlab-ci-local.
 */
import YAML from 'yaml';
import { RawAnswers } from '../../src/core/answers';
import { MODE_IDS, Mode } from '../../src/core/modes';
import { gitlabCiLocalList } from '../support/cli';
import { schemaErrors, validateCi } from '../support/schemas';
import { component, directJobs, expand, withoutDefaultRuleWhen } from './support';

const isBuilder = (mode: Mode) => mode === 'buildah' || mode === 'buildkit';

/** The group's answers (tags and a test command given, so those inputs exist) and a repository's own values. */
function cases(mode: Mode): { group: RawAnswers; inputs: Record<string, unknown>; repo: RawAnswers }[] {
  const group: RawAnswers = { mode, tags: 'docker', testCommand: 'npm test' };
  const version: [Record<string, unknown>, RawAnswers] = isBuilder(mode)
    ? [{ builder_version: 'v1.40.0' }, { builderVersion: 'v1.40.0' }]
    : mode === 'shell'
      ? [{}, {}]
      : [{ docker_version: '27.3.1' }, { dockerVersion: '27.3.1' }];
  const list = [
    { inputs: { image: 'registry.example.com/group/app' }, repo: { image: 'registry.example.com/group/app' } },
    { inputs: version[0], repo: version[1] },
    { inputs: { tags: ['gpu', 'linux'] }, repo: { tags: 'gpu,linux' } },
    { inputs: { context: 'services/api' }, repo: { context: 'services/api' } },
    { inputs: { test_command: 'curl -fsS "http://localhost:8080/health"' }, repo: { testCommand: 'curl -fsS "http://localhost:8080/health"' } },
  ];
  // BuildKit names the Dockerfile by its folder and name; the component by its whole path (tested below).
  if (mode !== 'buildkit') list.push({ inputs: { dockerfile: 'docker/app.Dockerfile' }, repo: { dockerfile: 'docker/app.Dockerfile' } });
  return list.map((c) => ({ group, inputs: c.inputs, repo: { ...group, ...c.repo } }));
}

describe.each(MODE_IDS.map((mode) => [mode]))('component %s', (mode) => {
  test.each(cases(mode).map((c) => [JSON.stringify(c.inputs), c]))("inputs %s expand to init's jobs for those answers", (_name, c) => {
    const expanded = expand(component(c.group).contents, c.inputs);
    expect(withoutDefaultRuleWhen(expanded)).toEqual(directJobs(c.repo));
  });

  test("release: manual or never sets the release rules' when; schema and gitlab-ci-local accept every expansion", () => {
    const contents = component({ mode, tags: 'docker', testCommand: 'npm test' }).contents;
    for (const release of ['manual', 'never']) {
      const jobs = expand(contents, { release }) as Record<string, { rules?: { when?: string }[] }>;
      expect(jobs['docker-release'].rules!.map((r) => r.when)).toEqual([release, release]);
      expect(schemaErrors(validateCi, jobs)).toEqual([]);
    }
    const all = expand(contents, Object.assign({}, ...cases(mode).map((c) => c.inputs)));
    expect(schemaErrors(validateCi, all)).toEqual([]);
    const gcl = gitlabCiLocalList(YAML.stringify(all));
    expect(gcl.stderr).not.toMatch(/Invalid .gitlab-ci.yml|rror/);
    expect(gcl.code).toBe(0);
    expect(gcl.stdout).toMatch(/docker-build/);
  });
});

test('buildkit: the dockerfile input is the filename under the repository root', () => {
  const jobs = expand(component({ mode: 'buildkit' }).contents, { dockerfile: 'docker/app.Dockerfile', context: 'docker' }) as Record<
    string,
    { script: string[] }
  >;
  const line = jobs['docker-build'].script.find((s) => s.includes('buildctl-daemonless.sh'))!;
  expect(line).toContain('--local context=docker --local dockerfile=. --opt filename=docker/app.Dockerfile ');
});

test('an input GitLab would refuse is refused: a Dockerfile outside the repository, a command with an operator', () => {
  const contents = component({ mode: 'dind', testCommand: 'npm test' }).contents;
  expect(() => expand(contents, { dockerfile: '../Dockerfile' })).toThrow(/`dockerfile` input: provided value does not match required RegEx pattern/);
  expect(() => expand(contents, { test_command: 'npm test; curl evil' })).toThrow(/`test_command` input/);
  expect(() => expand(contents, { release: 'always' })).toThrow(/not in the list of allowed options/);
});
