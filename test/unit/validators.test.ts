import * as v from '../../src/core/validators';

type Case = [fn: (s: string) => string | undefined, good: string[], bad: string[]];

const cases: Record<string, Case> = {
  dockerVersion: [
    v.checkDockerVersion,
    ['29.10.1', '29', '29.10', '20.10.16', '19.03.12', '28.0.0-rc.1'],
    ['latest', 'dind', 'cli', '18.09', '29.10.1-dind', 'v29', '', '29..1', ' 29'],
  ],
  registryHost: [
    v.checkRegistryHost,
    ['registry.example.com', 'registry.example.com:5000', 'localhost:5000', '10.0.0.1:443', '[::1]:5000'],
    ['xn--a.a', 'https://r.example.com', 'r.example.com/path', 'r.example.com:0', 'r.example.com:70000', '-bad.com', '', 'a b'],
  ],
  imageRegistryPrefix: [
    v.checkImageRegistryPrefix,
    ['harbor.example.com', 'harbor.example.com/devops', 'harbor.example.com:8443/devops/mirror', 'mirror.gcr.io'],
    ['xn--a.a/devops', 'harbor.example.com/', 'https://harbor.example.com', 'harbor.example.com/DevOps', 'harbor.example.com//x', ''],
  ],
  imageName: [
    v.checkImageName,
    ['$CI_REGISTRY_IMAGE', '$CI_REGISTRY_IMAGE/api', 'registry.example.com/group/app', 'localhost:5000/app', 'group/app', 'app'],
    ['$CI_REGISTRY_IMAGE:tag', 'registry.example.com/Group/app', 'registry.example.com/app:1.0', 'app@sha256:abc', '$OTHER_VAR', '', 'a'.repeat(256)],
  ],
  gitlabUrl: [
    v.checkGitlabUrl,
    ['https://gitlab.com/', 'http://gitlab.internal:8080/gitlab/', 'https://gitlab.example.com'],
    [
      'https://xn--a.a/',
      'ftp://gitlab.com/',
      'gitlab.com',
      'https://user:pw@gitlab.com/',
      'https://gitlab.com/?x=1',
      'https://gitlab.com/#a',
      'https://git lab.com/',
      '',
    ],
  ],
  runnerTag: [v.checkRunnerTag, ['docker', 'k8s', 'tls-docker-runner', 'größe', 'a:b#c'], ['', ' docker', 'docker ', 'a\nb', 'x'.repeat(256)]],
  runnerName: [
    v.checkRunnerName,
    ['dind-tls', 'My "quoted" runner # 1: {x}', '日本語ランナー'],
    ['', '   ', 'line\nbreak', 'tab\there', 'bad\u0085nel', 'lone\ud800', 'x'.repeat(256)],
  ],
  mirrorUrl: [
    v.checkMirrorUrl,
    ['https://mirror.example.com', 'http://10.0.0.5:5000/', 'https://[::1]:5000'],
    ['https://xn--a.a', 'https://mirror.example.com/v2', 'mirror.example.com', 'ftp://m.example.com', 'https://u:p@m.example.com'],
  ],
  namespace: [v.checkNamespace, ['gitlab-runner', 'ci', 'a1'], ['GitLab', '-ci', 'ci-', 'a_b', '', 'x'.repeat(64)]],
  resources: [
    v.checkResources,
    ['cpu=500m', 'memory=1Gi:4Gi', 'cpu=1:2,memory=512Mi', 'cpu=:2', 'cpu=0.5'],
    ['cpu', 'cpu=lots', 'gpu=1', 'cpu=1,cpu=2', 'memory=1GB', 'cpu=1:', 'cpu='],
  ],
  concurrent: [v.checkConcurrent, ['1', '4', '1000'], ['0', '1001', '-1', '1.5', 'four', '', '00001']],
};

describe.each(Object.entries(cases))('%s', (_name, [fn, good, bad]) => {
  test.each(good)('accepts %j', (value) => expect(fn(value)).toBeUndefined());
  test.each(bad)('refuses %j', (value) => expect(fn(value)).toMatch(/\S/));
});
