import { ANSWERS_SCHEMA, parseAnswersFile, serializeAnswersFile } from '../../src/core/answers-file';
import YAML from 'yaml';
import { resolveAnswers } from '../../src/core/answers';
import { UsageError } from '../../src/core/errors';
import { freshRecord } from '../../src/core/merge';
import { renderAnswers } from '../../src/core/render';
import { loadTemplates } from '../../src/io/templates';
import { MODE_CASES } from '../support/render';
import { render } from '../support/render-texts';

const answers = resolveAnswers({ tags: 'docker' });

describe('the answers file', () => {
  it('records every answer and a fingerprint per part, and reads back what it wrote (schema 2)', () => {
    const r = render({ tags: 'docker' });
    const files = { '.gitlab-ci.yml': freshRecord('ci', r.ci, r.runnerName), 'gitlab-runner/config.toml': freshRecord('runner', r.runner, r.runnerName) };
    const text = serializeAnswersFile({ schema: ANSWERS_SCHEMA, tool: '0.1.0', answers, files });
    expect(ANSWERS_SCHEMA).toBe(2);
    expect(Object.keys(files['.gitlab-ci.yml'].parts!)).toEqual(['.docker-base', 'docker-build', 'docker-test', 'docker-release']);
    expect(Object.keys(files['gitlab-runner/config.toml'].parts!)).toContain('runners[name="dind-tls"].docker.image');
    expect(parseAnswersFile(text, '0.1.0')).toEqual({ schema: 2, tool: '0.1.0', answers, files });
  });

  it.each(MODE_CASES)("records the same for $name from the check's own parse as from parsing the files anew", ({ raw }) => {
    const resolved = resolveAnswers(raw);
    const { files, parsed } = renderAnswers(resolved, loadTemplates(undefined));
    for (const f of files) expect(freshRecord(f.role, f.contents, resolved.runnerName, parsed)).toEqual(freshRecord(f.role, f.contents, resolved.runnerName));
  });

  it('still reads schema 1, whose files hold one fingerprint each', () => {
    const text = `schema: 1\ntool: 0.1.0\nanswers:\n  mode: socket\nfiles:\n  .gitlab-ci.yml: sha256:${'a'.repeat(64)}\n`;
    expect(parseAnswersFile(text, '0.1.0').files).toEqual({ '.gitlab-ci.yml': { file: `sha256:${'a'.repeat(64)}` } });
  });

  it.each([
    ['a newer schema', 'schema: 3\ntool: 0.1.0\n', /schema 3 is newer/],
    ['a newer tool', 'schema: 2\ntool: 0.2.0\nanswers: {}\n', /written by gitlab-dind 0\.2\.0, newer than this one \(0\.1\.0\)/],
    ['YAML that does not parse', 'schema: 2\nanswers: [\n', /does not parse: line \d+/],
    ['no schema', 'mode: dind\n', /not an answers file/],
    ['a bad answer', 'schema: 2\ntool: 0.1.0\nanswers:\n  docker-version: latest\n', /answers\.docker-version: "latest" is not valid/],
    ['a bad fingerprint', 'schema: 2\ntool: 0.1.0\nanswers: {}\nfiles:\n  x: { file: md5 }\n', /files\.x\.file: not a fingerprint/],
  ])('refuses %s as bad input', (_what, text, message) => {
    expect(() => parseAnswersFile(text, '0.1.0')).toThrow(UsageError);
    expect(() => parseAnswersFile(text, '0.1.0')).toThrow(message);
  });
});

describe('only the answers that apply to the mode are recorded', () => {
  const recorded = (raw: Parameters<typeof resolveAnswers>[0]) =>
    Object.keys(
      (YAML.parse(serializeAnswersFile({ schema: ANSWERS_SCHEMA, tool: '0.1.0', answers: resolveAnswers(raw), files: {} })) as { answers: object }).answers,
    );
  const K8S = ['namespace', 'build-resources', 'service-resources', 'helper-resources'];
  it.each([
    [
      { mode: 'dind' },
      ['tls', 'image-registry', 'registry-mirror', 'dependency-proxy', 'mtu', 'testcontainers'],
      [...K8S, 'builder-version', 'test-image', 'test-command'],
    ],
    [
      { mode: 'socket' },
      ['image-registry', 'dependency-proxy', 'testcontainers'],
      ['tls', ...K8S, 'builder-version', 'registry-mirror', 'mtu', 'test-image', 'test-command'],
    ],
    [
      { mode: 'shell' },
      ['testcontainers'],
      ['tls', 'image-registry', ...K8S, 'builder-version', 'registry-mirror', 'dependency-proxy', 'mtu', 'test-image', 'test-command'],
    ],
    [{ mode: 'shell', testcontainers: true, testCommand: 'make test' }, ['testcontainers', 'test-command'], ['test-image', 'image-registry']],
    [{ mode: 'kubernetes' }, ['tls', 'image-registry', ...K8S, 'registry-mirror', 'dependency-proxy', 'mtu'], ['builder-version']],
    [{ mode: 'buildah' }, ['image-registry', 'builder-version', 'registry-mirror'], ['tls', ...K8S, 'dependency-proxy', 'mtu', 'testcontainers']],
    [{ mode: 'buildkit' }, ['image-registry', 'builder-version', 'registry-mirror', 'dependency-proxy'], ['tls', ...K8S, 'mtu', 'testcontainers']],
    [{ mode: 'dind', testcontainers: true, testImage: 'maven:3.9-eclipse-temurin-21' }, ['testcontainers', 'test-image', 'test-command'], []],
  ] as const)('%j: records %j, not %j', (raw, kept, dropped) => {
    const keys = recorded(raw as Parameters<typeof resolveAnswers>[0]);
    for (const key of ['mode', 'docker-version', 'registry', 'image', 'tags', 'gitlab-url', 'runner-name', 'concurrent', 'runner-config', 'templates', ...kept])
      expect(keys).toContain(key);
    for (const key of dropped) expect(keys).not.toContain(key);
  });

  it.each(MODE_CASES)('$name: reads back exactly the answers it recorded', ({ raw }) => {
    const a = resolveAnswers(raw);
    expect(parseAnswersFile(serializeAnswersFile({ schema: ANSWERS_SCHEMA, tool: '0.1.0', answers: a, files: {} }), '0.1.0').answers).toEqual(a);
  });

  it('still reads a file that records every answer, as earlier versions wrote them (tls: true for socket)', () => {
    const full = `schema: 2\ntool: 0.1.0\nanswers:\n  mode: socket\n  docker-version: 29.10.1\n  tls: true\n  image-registry: ""\n  namespace: ""\n  build-resources: ""\n  builder-version: ""\n  testcontainers: false\n  test-image: ""\n  test-command: ""\n  registry-mirror: ""\n  dependency-proxy: false\n  mtu: 0\n`;
    expect(parseAnswersFile(full, '0.1.0').answers).toEqual(resolveAnswers({ mode: 'socket', dockerVersion: '29.10.1' }));
  });

  it('still reads a shell file with the image-registry earlier versions took there, and says it is ignored', () => {
    const notes: string[] = [];
    const text = 'schema: 2\ntool: 0.1.0\nanswers:\n  mode: shell\n  image-registry: harbor.example.com/devops\n';
    expect(parseAnswersFile(text, '0.1.0', notes).answers).toEqual(resolveAnswers({ mode: 'shell' }));
    expect(notes).toEqual(['.gitlab-dind.yml: image-registry "harbor.example.com/devops" is ignored: --mode shell pulls no images (delete the line)']);
  });
});
