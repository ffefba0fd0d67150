import { resolveAnswers, runnerNameFromOtherMode } from '../../src/core/answers';
import { ANSWERS_FILE, parseAnswersFile, serializeAnswersFile } from '../../src/core/answers-file';
import { UsageError } from '../../src/core/errors';
import { DOCKER_VERSION } from '../../src/core/versions';

describe('resolveAnswers', () => {
  test("defaults are the contract's", () => {
    expect(resolveAnswers({})).toEqual({
      mode: 'dind',
      dockerVersion: DOCKER_VERSION,
      tls: true,
      imageRegistry: '',
      registry: '',
      image: '$CI_REGISTRY_IMAGE',
      dockerfile: 'Dockerfile',
      context: '.',
      target: '',
      buildArgs: [],
      tags: [],
      gitlabUrl: 'https://gitlab.com/',
      runnerName: 'dind-tls',
      concurrent: 4,
      runnerConfig: 'gitlab-runner/config.toml',
      templates: '',
      ciFile: '.gitlab-ci.yml',
      namespace: '',
      buildResources: '',
      serviceResources: '',
      helperResources: '',
      builderVersion: '',
      quayRegistry: '',
      legacyPrivileged: false,
      pullPolicy: ['always', 'if-not-present'],
      cache: '',
      test: true,
      testcontainers: false,
      testImage: '',
      testInBuild: false,
      testCommand: '',
      registryMirror: '',
      dependencyProxy: false,
      mtu: 0,
      component: '',
    });
  });
  test('the runner name derives from the mode', () => {
    expect(resolveAnswers({ mode: 'socket' }).runnerName).toBe('docker-socket');
    expect(resolveAnswers({ tls: false }).runnerName).toBe('dind-no-tls');
  });
  test('Kubernetes answers have defaults in kubernetes mode only', () => {
    expect(resolveAnswers({ mode: 'kubernetes' })).toMatchObject({
      runnerName: 'k8s-dind-tls',
      namespace: 'gitlab-runner',
      buildResources: 'cpu=500m,memory=512Mi',
      serviceResources: 'cpu=1,memory=2Gi',
      helperResources: 'cpu=100m:200m,memory=128Mi:256Mi',
    });
  });
  test('tags split on commas and trim', () => {
    expect(resolveAnswers({ tags: 'docker, k8s' }).tags).toEqual(['docker', 'k8s']);
  });
  test.each([
    [{ mode: 'kaniko' }, /^--mode: "kaniko" is not valid; expected one of dind, socket, shell, kubernetes, buildah, buildkit$/],
    [{ dockerVersion: 'latest' }, /^--docker-version: "latest" is not valid; expected a pinned Docker release/],
    [{ concurrent: '0' }, /^--concurrent: "0" is not valid; expected a whole number from 1 to 1000$/],
    [{ tags: 'a,,b' }, /^--tags: "a,,b" is not valid: tag 2 of 3 is empty; expected runner tags separated by commas, each 1 to 255 characters of text$/],
    [{ tags: 'docker, linux,,' }, /^--tags: "docker, linux,," is not valid: tags 3 and 4 of 4 are empty; expected runner tags separated by commas/],
    [{ tags: 'docker,  ' }, /^--tags: "docker,  " is not valid: tag 2 of 2 is empty; expected/],
    [{ tags: ['a', ''] }, /^--tags: \["a",""\] is not valid: tag 2 of 2 is empty; expected/],
    [
      { tags: `a,${'x'.repeat(256)}` },
      /^--tags: "a,x+" is not valid: tag 2 of 2 is 256 characters long; expected runner tags separated by commas, each 1 to 255/,
    ],
    [{ tags: 'a,a' }, /^--tags: "a" is not valid; expected each tag once$/],
    [{ tls: false, mode: 'socket' }, /^--no-tls: applies to --mode dind or kubernetes only/],
    [{ namespace: 'ci', mode: 'dind' }, /^--namespace: applies to --mode kubernetes only, not "dind"$/],
    [{ mode: 'kubernetes', namespace: 'CI_Jobs' }, /^--namespace: "CI_Jobs" is not valid; expected a Kubernetes namespace/],
    [{ mode: 'kubernetes', serviceResources: 'cpu=1,cpu=2' }, /^--service-resources: "cpu=1,cpu=2" is not valid/],
    [{ registry: 'r.example.com' }, /^--image: required with --registry "r.example.com"/],
    [
      { registry: 'r.example.com', image: 'other.example.com/app' },
      /^--image: "other.example.com\/app" is not valid; expected an image on the --registry host/,
    ],
    [{ gitlabUrl: 'gitlab.com' }, /^--gitlab-url: "gitlab.com" is not valid; expected an http\(s\) URL/],
  ])('refuses %j in one line', (raw, message) => {
    let error: unknown;
    try {
      resolveAnswers(raw);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });
});

describe('the answers file', () => {
  const answers = resolveAnswers({ mode: 'socket', tags: 'a,b: c', runnerName: 'x "y" #z' });
  test('round-trips every answer and fingerprint', () => {
    const files = { '.gitlab-ci.yml': { file: 'sha256:00', parts: { 'docker-build': 'sha256:01' } } };
    const text = serializeAnswersFile({ schema: 2, tool: '0.1.0', answers, files });
    expect(parseAnswersFile(text, '0.1.0')).toMatchObject({ schema: 2, tool: '0.1.0', answers, files });
  });
  test.each([
    ['schema: 99\nanswers: {}\n', /schema 99 is newer/],
    ['a: [unclosed\n', /does not parse: line \d+: Flow sequence/],
    ['just text\n', /not an answers file/],
    ['schema: 1\nanswers:\n  mode: nope\n', /answers\.mode: "nope" is not valid/],
    ['schema: 1\nanswers:\n  colour: blue\n', /answers\.colour: unknown answer/],
  ])('refuses %j naming the file', (text, message) => {
    expect(() => parseAnswersFile(text, '0.1.0')).toThrow(UsageError);
    expect(() => parseAnswersFile(text, '0.1.0')).toThrow(new RegExp(`^${ANSWERS_FILE.replace('.', '\\.')}: `));
    expect(() => parseAnswersFile(text, '0.1.0')).toThrow(message);
  });
});

test("a runner name that is another mode's default is told from one chosen or this mode's own", () => {
  expect(runnerNameFromOtherMode({ mode: 'socket', tls: true, runnerName: 'dind-tls' })).toBe(true);
  expect(runnerNameFromOtherMode({ mode: 'dind', tls: false, runnerName: 'dind-tls' })).toBe(true);
  expect(runnerNameFromOtherMode({ mode: 'dind', tls: true, runnerName: 'dind-tls' })).toBe(false);
  expect(runnerNameFromOtherMode({ mode: 'socket', tls: true, runnerName: 'build box' })).toBe(false);
});
