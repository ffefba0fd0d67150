/** Findings name the line of the key that gave the effective value, however GitLab arrived at it. */
import { lint } from '../../src/core/lint';
import { tomlKeyLine } from '../../src/core/lint/toml-lines';
import { CI, dockerRunner, of, run, RUNNER, SOCKET_VOLUMES, VALUES } from './helpers';

describe('pipeline lines', () => {
  it('follows YAML anchors, aliases and << merge keys to where the key is written', () => {
    const ci = [
      '.vars: &vars', //           1
      '  DOCKER_HOST: tcp://docker:2375', // 2
      '.svc: &svc', //             3
      '  - docker:29.10.1-dind', // 4
      'build:', //                 5
      '  image: docker:latest', // 6
      '  services: *svc', //       7
      '  variables:', //           8
      '    <<: *vars', //          9
      '    DOCKER_TLS_CERTDIR: "/certs"', // 10
      '  script: [docker info]', // 11
      '',
    ].join('\n');
    const found = run(ci);
    expect(of('dind-tls-port-mismatch', found)).toEqual([`${CI}:2 error`]);
    expect(of('docker-image-unpinned', found)).toEqual([`${CI}:6 warning`]);
  });

  it('follows extends chains, default: and the global variables (one finding for the key all jobs share)', () => {
    const ci = [
      'variables:', //                     1
      '  DOCKER_HOST: tcp://docker:2375', // 2
      'default:', //                       3
      '  image: docker:24.0.5-cli', //     4
      '.base:', //                         5
      '  services:', //                    6
      '    - name: docker:29.10.1-dind', // 7
      '      alias: docker', //            8
      '.more:', //                         9
      '  extends: .base', //               10
      'build:', //                         11
      '  extends: .more', //               12
      '  script: [docker build .]', //     13
      'test:', //                          14
      '  extends: .more', //               15
      '  script: [docker run --rm app]', // 16
      '',
    ].join('\n');
    const found = run(ci);
    expect(of('dind-tls-port-mismatch', found)).toEqual([`${CI}:2 error`]);
    expect(of('docker-client-too-old', found)).toEqual([`${CI}:4 error`]);
  });

  it('a job variable overrides the global one, and inherit: variables: false drops it', () => {
    const ci = [
      'variables:', //                     1
      '  DOCKER_HOST: tcp://docker:2375', // 2
      'build:', //                         3
      '  image: docker:29.10.1-cli', //    4
      '  services: [docker:29.10.1-dind]', // 5
      '  variables:', //                   6
      '    DOCKER_HOST: tcp://docker:2376', // 7
      '  script: [docker info]', //        8
      'other:', //                         9
      '  inherit:', //                     10
      '    variables: false', //           11
      '  image: docker:29.10.1-cli', //    12
      '  services: [docker:29.10.1-dind]', // 13
      '  script: [docker info]', //        14
      '',
    ].join('\n');
    expect(of('dind-tls-port-mismatch', run(ci))).toEqual([]);
  });

  it('finds script lines inside anchored sequences, and skips !reference', () => {
    const ci = [
      '.run: &run', //                                    1
      '  - docker run --name web app', //                 2
      'build:', //                                        3
      '  script:', //                                     4
      '    - *run', //                                    5
      '    - !reference [.other, script]', //             6
      '    - docker create --name "x-$CI_JOB_ID" app', // 7
      '.other:', //                                       8
      '  script: [echo]', //                              9
      '',
    ].join('\n');
    expect(of('socket-fixed-container-name', run(ci, dockerRunner({ privileged: 'false', volumes: SOCKET_VOLUMES })))).toEqual([`${CI}:2 warning`]);
  });

  it('skips a job whose extends names a template from an include (its settings are unknown)', () => {
    const ci = [
      'include: templates/docker.yml',
      'build:',
      '  extends: .docker-from-include',
      '  variables:',
      '    DOCKER_HOST: tcp://docker:2376',
      '  script: [docker info]',
      'other:',
      '  variables:',
      '    DOCKER_HOST: tcp://docker:2376',
      '  script: [docker info]',
      '',
    ].join('\n');
    expect(of('docker-host-no-service', run(ci))).toEqual([`${CI}:9 error`]);
  });
});

describe('runner lines', () => {
  const toml = [
    'concurrent = 2', //                  1
    '[[runners]]', //                     2
    '  name = "a"', //                    3
    '  [runners.docker]', //              4
    '    image = "docker:29.10.1-cli"', // 5
    '  [[runners.docker.services]]', //   6
    '    name = "postgres:17"', //        7
    '  [[runners.docker.services]]', //   8
    '    "name" = "docker:29.10.1-dind"', // 9
    '[[runners]]', //                     10
    '  name = "b"', //                    11
    '  [runners.docker] # second', //     12
    '    privileged=false', //            13
    '',
  ].join('\n');

  it('tomlKeyLine finds a key within the right runner and table, or falls back to the table, then the runner', () => {
    expect(tomlKeyLine(toml, 0, { table: 'runners.docker' }, 'image')).toBe(5);
    expect(tomlKeyLine(toml, 1, { table: 'runners.docker' }, 'privileged')).toBe(13);
    expect(tomlKeyLine(toml, 1, { table: 'runners.docker' }, 'image')).toBe(12);
    expect(tomlKeyLine(toml, 0, { table: 'runners.docker.services', index: 1 }, 'name')).toBe(9);
    expect(tomlKeyLine(toml, 0, undefined, 'name')).toBe(3);
    expect(tomlKeyLine(toml, 1, { table: 'runners.kubernetes' }, 'privileged')).toBe(10);
    expect(tomlKeyLine(toml, 0, { table: 'runners.docker' })).toBe(4);
  });

  it('points into the Helm values file at the TOML line inside runners.config', () => {
    const values = [
      'gitlabUrl: https://gitlab.com/',
      'runners:',
      '  config: |',
      '    [[runners]]',
      '      [runners.kubernetes]',
      '        privileged = false',
      '',
    ].join('\n');
    const ci =
      'build:\n  image: docker:29.10.1-cli\n  services: [docker:29.10.1-dind]\n  variables: { DOCKER_HOST: "tcp://docker:2375", DOCKER_TLS_CERTDIR: "" }\n  script: [docker info]\n';
    expect(of('dind-needs-privileged', run(ci, values, VALUES))).toEqual([`${VALUES}:6 error`]);
  });

  it('with several runners, reports a job problem only when no runner in the file avoids it', () => {
    const ci =
      'build:\n  image: docker:29.10.1-cli\n  services: [docker:29.10.1-dind]\n  variables: { DOCKER_HOST: "tcp://docker:2376" }\n  script: [docker info]\n';
    const two = (second: string) => `${dockerRunner({ privileged: 'false' })}\n${dockerRunner({ privileged: second })}`;
    expect(of('dind-needs-privileged', run(ci, two('true')))).toEqual([]);
    expect(of('dind-needs-privileged', run(ci, two('false')))).toEqual([`${RUNNER}:8 error`]);
  });
});

describe('files that do not parse', () => {
  it('a YAML error names the file and its line', () => {
    expect(() => lint({ ci: { name: CI, text: 'build:\n  script: [a\n  image: x\n' } })).toThrow(/^\.gitlab-ci\.yml:\d+: does not parse as YAML/);
    expect(() => lint({ ci: { name: CI, text: 'a: 1\nb: 2\na: 3\n' } })).toThrow(/^\.gitlab-ci\.yml:3: does not parse as YAML: Map keys must be unique/);
  });

  it('a TOML error names the file and its line, also inside Helm values', () => {
    expect(() => lint({ runner: { name: RUNNER, text: '[[runners]]\n  url = "x"\n  token = TOKEN\n' } })).toThrow(
      /^gitlab-runner\/config\.toml:3: does not parse as TOML/,
    );
    expect(() => lint({ runner: { name: VALUES, text: 'runners:\n  config: |\n    [[runners]]\n    token = TOKEN\n' } })).toThrow(
      /^gitlab-runner\/values\.yaml:4: does not parse as TOML/,
    );
  });
});

describe('documents', () => {
  it('a pipeline with a spec: header document is linted from its second document, lines counted in the file', () => {
    const ci = ['spec:', '  inputs:', '    v: { default: "29" }', '---', 'build:', '  image: docker:latest', '  script: [docker info]', ''].join('\n');
    expect(of('docker-image-unpinned', run(ci))).toEqual([`${CI}:6 warning`]);
  });

  it('an empty pipeline has nothing to report; two plain documents are refused at the second', () => {
    expect(run('')).toEqual([]);
    expect(() => run('a: 1\n---\nb: 2\n')).toThrow(/^\.gitlab-ci\.yml:2: expected one YAML document/);
  });
});
