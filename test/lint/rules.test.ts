/** Each rule fires on a config that breaks it, at the line of the key at fault, and stays silent on one that does not. */
import fs from 'node:fs';
import path from 'node:path';
import { RULES } from '../../src/core/lint';
import { CI, dindCi, dockerRunner, k8sValues, of, repositoryOf, run, RUNNER, SHELL_RUNNER, SOCKET_VOLUMES, VALUES } from './helpers';

type Input = [ci: string | undefined, runner?: string, runnerName?: string, repository?: ReturnType<typeof repositoryOf>];
interface Case {
  rule: string;
  fail: Input;
  expect: string[];
  pass: Input[];
}

const plainCi = (lines: string[]) => ['build:', ...lines, ''].join('\n');
/** Lines: 2 image, 3 stage, 4 variables, 5 BUILDKITD_FLAGS, 6 script. */
const BUILDKIT_CI = (flags: string) =>
  plainCi([
    '  image: {name: "moby/buildkit:v0.32.2-rootless", entrypoint: [""]}',
    '  stage: build',
    '  variables:',
    `    BUILDKITD_FLAGS: "${flags}"`,
    '  script: [buildctl-daemonless.sh build --frontend dockerfile.v0 --local context=. --local dockerfile=.]',
  ]);
/** Lines: 2 image (a dind image as the job image), 3 script: */
const DIND_AS_IMAGE = (script = ['docker build -t app .']) => plainCi(['  image: docker:24.0.5-dind', '  script:', ...script.map((l) => `    - ${l}`)]);
/** A runner whose line 3 is `environment`, line 6 its volumes. */
const ENV_RUNNER = (env: string, volume: string) =>
  ['[[runners]]', '  executor = "docker"', `  environment = ["${env}"]`, '  [runners.docker]', '    privileged = true', `    volumes = [${volume}]`, ''].join(
    '\n',
  );
const DIND_NO_HOST = plainCi(['  image: docker:29.10.1-cli', '  services: [docker:29.10.1-dind]', '  script: [docker info]']);
/** Lines: 2 image, 3 services, 5 DOCKER_HOST; no DOCKER_TLS_CERTDIR: the image's default decides. */
const OLD_DIND = (image: string, service: string, host: string) =>
  plainCi([`  image: ${image}`, `  services: [${service}]`, '  variables:', `    DOCKER_HOST: ${host}`, '  script: [docker info]']);
const BUILDKIT_RUNNER = dockerRunner({
  image: 'moby/buildkit:v0.32.2-rootless',
  privileged: 'false',
  volumes: '["/cache"]',
  extra: ['security_opt = ["seccomp:unconfined", "apparmor:unconfined"]'],
});

/** The repository docker-build-path-missing judges against. */
const REPO = repositoryOf(['Dockerfile', 'README.md', 'docker/app.Dockerfile', 'app/Dockerfile']);
/** A job in that repository; script items from line 4. */
const BUILD_JOB = (script: string[], head: string[] = []) => plainCi(['  image: docker:29.10.1-cli', ...head, '  script:', ...script.map((l) => `    - ${l}`)]);
const BUILD_PATHS_FAIL = BUILD_JOB([
  'docker build -f docker/missing.Dockerfile -t app docker',
  'docker build -t app nosuchdir',
  'docker build -t app README.md',
  'cd app && docker buildx build --file ../docker/nope.Dockerfile .',
  'cd "$CI_PROJECT_DIR"',
  'buildah bud -f Containerfile.missing',
  'buildctl-daemonless.sh build --frontend dockerfile.v0 --local context=. --local dockerfile=docker',
  'docker image build -t app docker',
]);

const CASES: Case[] = [
  {
    // before_script's cd holds in script; after_script starts again in the project folder.
    rule: 'docker-build-path-missing',
    fail: [
      BUILD_JOB(
        ['docker build -f Dockerfile .', 'docker build -t x ${CI_PROJECT_DIR}/nope'],
        ['  before_script: [cd app]', '  after_script: [docker build -t x app]'],
      ),
      undefined,
      undefined,
      REPO,
    ],
    expect: [`${CI}:7 warning`],
    pass: [
      [
        BUILD_JOB(
          ['docker build -f Dockerfile .', 'docker build -t x ${CI_PROJECT_DIR}/app'],
          ['  before_script: [cd app]', '  after_script: [docker build -t x app]'],
        ),
        undefined,
        undefined,
        REPO,
      ],
    ],
  },
  {
    rule: 'docker-build-path-missing',
    fail: [BUILD_PATHS_FAIL, undefined, undefined, REPO],
    expect: [`${CI}:4 warning`, `${CI}:5 warning`, `${CI}:6 warning`, `${CI}:7 warning`, `${CI}:9 warning`, `${CI}:10 warning`, `${CI}:11 warning`],
    pass: [
      // Not a repository folder: nothing to judge against.
      [BUILD_PATHS_FAIL],
      // What the repository has, however it is named (cd, $CI_PROJECT_DIR, buildctl, the default Dockerfile).
      [
        BUILD_JOB([
          'docker build -f docker/app.Dockerfile -t app docker',
          'docker build --pull --cache-from "$IMAGE:latest" --build-arg BUILDKIT_INLINE_CACHE=1 --tag "$IMAGE:$CI_COMMIT_SHORT_SHA" .',
          'cd app && docker build -t x .',
          'cd ..',
          'docker build -t x "${CI_PROJECT_DIR}/app"',
          'buildctl-daemonless.sh build --frontend dockerfile.v0 --local context=docker --local dockerfile=docker --opt filename=app.Dockerfile --output "type=image,name=x,push=true"',
          'buildah build --layers --file docker/app.Dockerfile --tag "$IMAGE" docker',
        ]),
        undefined,
        undefined,
        REPO,
      ],
      // Paths lint cannot know: variables, wildcards, remote contexts, stdin, options it does not know.
      [
        BUILD_JOB([
          'docker build -f $DOCKERFILE .',
          'docker build -t x ${DIR}',
          'docker build https://github.com/a/b.git#main',
          'docker build -t x git@github.com:a/b.git',
          'docker build - < ctx.tar.gz',
          'docker build -f- nope < x',
          'docker build -f docker/*.Dockerfile .',
          'docker build --frobnicate x nope',
        ]),
        undefined,
        undefined,
        REPO,
      ],
      // Something in the job may have made the path.
      [BUILD_JOB(['make', 'docker build -f build/Dockerfile .']), undefined, undefined, REPO],
      [BUILD_JOB(['cp docker/app.Dockerfile gen.Dockerfile', 'docker build -f gen.Dockerfile .']), undefined, undefined, REPO],
      [BUILD_JOB(['envsubst < tpl > out.Dockerfile && docker build -f out.Dockerfile .']), undefined, undefined, REPO],
      [BUILD_JOB(['mkdir ctx && docker build ctx']), undefined, undefined, REPO],
      [BUILD_JOB(['export V=$(./gradlew -q version)', 'docker build -t x build/docker']), undefined, undefined, REPO],
      [BUILD_JOB(['|\n      cat > Dockerfile.gen <<EOF\n      FROM alpine\n      EOF', 'docker build -f Dockerfile.gen .']), undefined, undefined, REPO],
      // A change of folder lint does not follow.
      [BUILD_JOB(['if [ -d app ]; then cd app; fi', 'docker build -f nope .']), undefined, undefined, REPO],
      [BUILD_JOB(['cd $SUBDIR', 'docker build -f nope .']), undefined, undefined, REPO],
      [BUILD_JOB(['pushd app', 'docker build -f nope .']), undefined, undefined, REPO],
      // Guarded by a test, or a fallback.
      [
        BUILD_JOB([
          'test -f docker/prod.Dockerfile && docker build -f docker/prod.Dockerfile .',
          'docker build -f a.Dockerfile . || docker build -f Dockerfile .',
        ]),
        undefined,
        undefined,
        REPO,
      ],
      // Another job's artifacts or cache; a job with no checkout.
      [
        ['compile:', '  script: [npm run build]', '  artifacts: {paths: [dist/]}', BUILD_JOB(['docker build -t x dist'])].join('\n'),
        undefined,
        undefined,
        REPO,
      ],
      [BUILD_JOB(['docker build -t x nosuchdir'], ['  variables: {GIT_STRATEGY: none}']), undefined, undefined, REPO],
    ],
  },
  {
    rule: 'dind-needs-privileged',
    fail: [dindCi(), dockerRunner({ privileged: 'false' })],
    expect: [`${RUNNER}:8 error`],
    pass: [
      [dindCi(), dockerRunner()],
      [dindCi(), dockerRunner({ privileged: 'false', extra: ['services_privileged = true'] })],
      [dindCi(), dockerRunner({ privileged: 'false', extra: ['runtime = "sysbox-runc"'] })],
    ],
  },
  {
    rule: 'dind-needs-privileged',
    fail: [dindCi(), dockerRunner({ extra: ['services_privileged = false'] })],
    expect: [`${RUNNER}:10 error`],
    pass: [],
  },
  {
    rule: 'dind-needs-privileged',
    fail: [dindCi({ host: 'tcp://docker:2376' }), k8sValues({ privileged: 'false' }), VALUES],
    expect: [`${VALUES}:6 error`],
    pass: [[dindCi(), k8sValues(), VALUES]],
  },
  {
    rule: 'dind-socket-conflict',
    fail: [dindCi(), dockerRunner({ volumes: '["/certs/client", "/var/run/docker.sock:/var/run/docker.sock"]' })],
    expect: [`${RUNNER}:9 error`],
    pass: [
      [dindCi(), dockerRunner()],
      [plainCi(['  script: [docker build .]']), dockerRunner({ privileged: 'false', volumes: SOCKET_VOLUMES })],
    ],
  },
  {
    rule: 'dind-socket-conflict',
    fail: [undefined, dockerRunner({ volumes: SOCKET_VOLUMES, extra: ['[[runners.docker.services]]', '  name = "docker:29.10.1-dind"'] })],
    expect: [`${RUNNER}:9 error`],
    pass: [[undefined, dockerRunner({ extra: ['[[runners.docker.services]]', '  name = "docker:29.10.1-dind"'] })]],
  },
  {
    rule: 'dind-tls-port-mismatch',
    fail: [dindCi({ host: 'tcp://docker:2375' })],
    expect: [`${CI}:7 error`],
    pass: [[dindCi()], [dindCi({ host: 'tcp://docker:2375', certDir: '""' })]],
  },
  {
    rule: 'dind-tls-port-mismatch',
    fail: [dindCi({ host: 'tcp://docker:2376', certDir: '""' })],
    expect: [`${CI}:7 error`],
    pass: [],
  },
  {
    rule: 'dind-tls-certs-not-shared',
    fail: [dindCi(), dockerRunner({ volumes: '["/cache"]' })],
    expect: [`${RUNNER}:9 error`],
    pass: [
      [dindCi(), dockerRunner()],
      [dindCi({ host: 'tcp://docker:2375', certDir: '""' }), dockerRunner({ volumes: '["/cache"]' })],
      [dindCi(), dockerRunner({ volumes: '["/certs"]' })],
    ],
  },
  {
    rule: 'dind-tls-certs-not-shared',
    fail: [dindCi({ vars: ['DOCKER_TLS_VERIFY: 1', 'DOCKER_CERT_PATH: /certs/client'] }), k8sValues({ emptyDir: false }), VALUES],
    expect: [`${VALUES}:4 error`],
    pass: [[dindCi({ vars: ['DOCKER_TLS_VERIFY: 1', 'DOCKER_CERT_PATH: /certs/client'] }), k8sValues(), VALUES]],
  },
  {
    rule: 'dind-unix-socket-not-shared',
    fail: [dindCi({ host: 'unix:///runner/services/docker/docker.sock' }), dockerRunner()],
    expect: [`${CI}:7 error`],
    pass: [
      [dindCi({ host: 'unix:///runner/services/docker/docker.sock' }), dockerRunner({ volumes: '["/runner/services/docker"]' })],
      [dindCi({ host: 'unix:///runner/services/docker/docker.sock' })],
    ],
  },
  {
    rule: 'dind-unix-socket-not-shared',
    fail: [dindCi({ host: 'unix:///var/run/docker.sock' }), k8sValues(), VALUES],
    expect: [`${CI}:7 error`],
    pass: [],
  },
  {
    rule: 'dind-socket-conflict',
    fail: [
      dindCi({ vars: ['DOCKER_TLS_VERIFY: 1', 'DOCKER_CERT_PATH: /certs/client', 'HEALTHCHECK_TCP_PORT: "2376"'] }),
      k8sValues({ extra: ['[[runners.kubernetes.volumes.host_path]]', '  name = "docker-sock"', '  mount_path = "/var/run/docker.sock"'] }),
      VALUES,
    ],
    expect: [`${VALUES}:12 error`],
    pass: [[dindCi({ vars: ['DOCKER_TLS_VERIFY: 1', 'DOCKER_CERT_PATH: /certs/client', 'HEALTHCHECK_TCP_PORT: "2376"'] }), k8sValues(), VALUES]],
  },
  {
    rule: 'dind-tls-hostname',
    fail: [dindCi({ alias: 'dind', host: 'tcp://dind:2376' }), dockerRunner()],
    expect: [`${CI}:7 error`],
    pass: [
      [dindCi({ alias: 'dind', host: 'tcp://dind:2376', vars: ['DOCKER_TLS_SAN: "DNS:dind"'] }), dockerRunner()],
      [dindCi({ alias: 'dind', host: 'tcp://dind:2375', certDir: '""' }), dockerRunner({ volumes: '["/cache"]' })],
      [dindCi({ alias: 'dind' }), dockerRunner()],
    ],
  },
  {
    rule: 'dind-service-alias',
    fail: [dindCi({ service: 'harbor.example.com/devops/docker:29.10.1-dind', alias: '' }), dockerRunner()],
    expect: [`${CI}:4 error`],
    pass: [
      [dindCi({ service: 'harbor.example.com/devops/docker:29.10.1-dind' }), dockerRunner()],
      [dindCi({ alias: '' }), dockerRunner()],
    ],
  },
  {
    rule: 'dind-docker-host-unset',
    fail: [dindCi({ host: '', vars: ['HEALTHCHECK_TCP_PORT: "2376"'] }), k8sValues(), VALUES],
    expect: [`${CI}:4 error`],
    pass: [[dindCi({ host: '' }), dockerRunner()]],
  },
  {
    rule: 'dind-docker-host-unset',
    fail: [dindCi({ host: '', image: 'python:3.12' }), dockerRunner()],
    expect: [`${CI}:4 warning`],
    pass: [[dindCi({ image: 'python:3.12' }), dockerRunner()]],
  },
  {
    rule: 'docker-host-no-service',
    fail: [plainCi(['  image: docker:29.10.1-cli', '  variables:', '    DOCKER_HOST: tcp://docker:2376', '  script: [docker info]']), dockerRunner()],
    expect: [`${CI}:4 error`],
    pass: [
      [dindCi(), dockerRunner()],
      [plainCi(['  variables:', '    DOCKER_HOST: tcp://builder.example.com:2376', '  script: [docker info]']), dockerRunner()],
    ],
  },
  {
    rule: 'docker-host-no-service',
    fail: [plainCi(['  services: [docker:29.10.1-dind]', '  variables:', '    DOCKER_HOST: tcp://docker:2375', '  script: [docker info]']), SHELL_RUNNER],
    expect: [`${CI}:4 error`],
    pass: [[plainCi(['  variables:', '    DOCKER_HOST: tcp://kubedock-service:2475', '  script: [docker info]']), k8sValues(), VALUES]],
  },
  {
    rule: 'docker-host-localhost',
    fail: [dindCi({ host: 'tcp://localhost:2376' }), dockerRunner()],
    expect: [`${CI}:7 error`],
    pass: [[dindCi({ host: 'tcp://localhost:2376', vars: ['DOCKER_TLS_VERIFY: 1', 'DOCKER_CERT_PATH: /certs/client'] }), k8sValues(), VALUES]],
  },
  {
    rule: 'docker-host-localhost',
    fail: [dindCi({ host: 'tcp://127.0.0.1:2376' })],
    expect: [`${CI}:7 warning`],
    pass: [[dindCi()]],
  },
  {
    rule: 'docker-client-too-old',
    fail: [dindCi({ image: 'docker:24.0.5-cli' })],
    expect: [`${CI}:2 error`],
    pass: [[dindCi({ image: 'docker:25.0.5-cli' })], [dindCi({ image: 'docker:24.0.5-cli', service: 'docker:24.0.5-dind' })]],
  },
  {
    rule: 'docker-client-too-old',
    fail: [dindCi({ image: 'docker:20.10.16', service: 'docker:dind' })],
    expect: [`${CI}:2 error`],
    pass: [],
  },
  {
    rule: 'docker-version-mismatch',
    fail: [dindCi({ service: 'docker:29.9.0-dind' })],
    expect: [`${CI}:2 warning`],
    pass: [[dindCi()], [dindCi({ service: 'docker.io/library/docker:29.10.1-dind' })]],
  },
  {
    rule: 'docker-version-mismatch',
    fail: [dindCi({ service: 'harbor.example.com/devops/docker:29.10.1-dind' })],
    expect: [`${CI}:2 warning`],
    pass: [[dindCi({ image: 'harbor.example.com/devops/docker:29.10.1-cli', service: 'harbor.example.com/devops/docker:29.10.1-dind' })]],
  },
  {
    rule: 'docker-version-mismatch',
    fail: [
      plainCi(['  services: [docker:29.9.0-dind]', '  variables: { DOCKER_HOST: "tcp://docker:2375", DOCKER_TLS_CERTDIR: "" }', '  script: [docker info]']),
      dockerRunner({ volumes: '["/cache"]' }),
    ],
    expect: [`${RUNNER}:7 warning`],
    pass: [
      [
        plainCi(['  services: [docker:29.10.1-dind]', '  variables: { DOCKER_HOST: "tcp://docker:2375", DOCKER_TLS_CERTDIR: "" }', '  script: [docker info]']),
        dockerRunner({ volumes: '["/cache"]' }),
      ],
    ],
  },
  {
    rule: 'docker-image-unpinned',
    fail: [dindCi({ image: 'docker:latest', service: 'docker:dind' }), dockerRunner({ image: 'docker:stable' })],
    expect: [`${CI}:2 warning`, `${CI}:4 warning`, `${RUNNER}:7 warning`],
    pass: [
      [dindCi(), dockerRunner()],
      [dindCi({ image: 'docker:$DOCKER_VERSION-cli', service: 'docker:${DOCKER_VERSION}-dind' })],
      [dindCi({ image: 'docker@sha256:0123456789abcdef', service: 'docker:29-dind' })],
    ],
  },
  {
    rule: 'docker-image-unpinned',
    fail: [plainCi(['  image: docker', '  services: [docker:cli]', '  script: [docker info]'])],
    expect: [`${CI}:2 warning`, `${CI}:3 warning`],
    pass: [[plainCi(['  image: alpine:latest', '  script: [echo]'])]],
  },
  {
    rule: 'k8s-dind-tls-env',
    fail: [dindCi({ vars: ['HEALTHCHECK_TCP_PORT: "2376"'] }), k8sValues(), VALUES],
    expect: [`${CI}:8 error`],
    pass: [
      [dindCi({ vars: ['DOCKER_TLS_VERIFY: 1', 'DOCKER_CERT_PATH: "$DOCKER_TLS_CERTDIR/client"'] }), k8sValues(), VALUES],
      [dindCi(), k8sValues({ extra: ['[runners.feature_flags]', '  FF_KUBERNETES_HONOR_ENTRYPOINT = true'] }), VALUES],
      [dindCi(), dockerRunner()],
      [dindCi({ host: 'tcp://docker:2375', certDir: '""' }), k8sValues({ emptyDir: false }), VALUES],
    ],
  },
  {
    rule: 'dind-tls-client-env',
    fail: [dindCi({ image: 'docker/compose:1.26.0' }), dockerRunner()],
    expect: [`${CI}:7 warning`],
    pass: [
      [dindCi({ image: 'docker/compose:1.26.0', vars: ['DOCKER_TLS_VERIFY: 1', 'DOCKER_CERT_PATH: "$DOCKER_TLS_CERTDIR/client"'] }), dockerRunner()],
      [dindCi({ image: 'python:3.12', host: 'tcp://docker:2375', certDir: '""' }), dockerRunner({ volumes: '["/cache"]' })],
      [dindCi(), dockerRunner()],
    ],
  },
  {
    rule: 'k8s-dind-healthcheck',
    fail: [dindCi(), k8sValues(), VALUES],
    expect: [`${CI}:4 warning`],
    pass: [
      [dindCi({ vars: ['HEALTHCHECK_TCP_PORT: "2376"'] }), k8sValues(), VALUES],
      [dindCi(), dockerRunner()],
    ],
  },
  {
    rule: 'socket-fixed-container-name',
    fail: [
      plainCi(['  image: docker:29.10.1-cli', '  script:', '    - docker build -t app .', '    - docker run -d --name web app']),
      dockerRunner({ privileged: 'false', volumes: SOCKET_VOLUMES }),
    ],
    expect: [`${CI}:5 warning`],
    pass: [
      [
        plainCi(['  image: docker:29.10.1-cli', '  script:', '    - docker build -t app .', '    - docker run -d --name "web-$CI_JOB_ID" app']),
        dockerRunner({ privileged: 'false', volumes: SOCKET_VOLUMES }),
      ],
      [dindCi({ script: ['docker run -d --name web app'] }), dockerRunner()],
    ],
  },
  {
    rule: 'socket-fixed-container-name',
    fail: [plainCi(['  script:', '    - docker container run --name=db postgres:17']), SHELL_RUNNER],
    expect: [`${CI}:3 warning`],
    pass: [],
  },
  {
    rule: 'socket-bound-unused',
    fail: [plainCi(['  image: node:22', '  script: [npm test]']), dockerRunner({ privileged: 'false', volumes: SOCKET_VOLUMES })],
    expect: [`${RUNNER}:9 warning`],
    pass: [
      [plainCi(['  image: node:22', '  script: [npm test, docker build .]']), dockerRunner({ privileged: 'false', volumes: SOCKET_VOLUMES })],
      [plainCi(['  image: node:22', '  script: [npm test]']), dockerRunner()],
      [undefined, dockerRunner({ privileged: 'false', volumes: SOCKET_VOLUMES })],
    ],
  },
  {
    rule: 'shell-executor-services',
    fail: [plainCi(['  services:', '    - docker:29.10.1-dind', '  script: [docker info]']), SHELL_RUNNER],
    expect: [`${CI}:2 warning`],
    pass: [
      [plainCi(['  script: [docker info]']), SHELL_RUNNER],
      [dindCi(), dockerRunner()],
    ],
  },
  {
    rule: 'shell-executor-image',
    fail: [plainCi(['  script: [docker info]', '  image: docker:29.10.1-cli']), SHELL_RUNNER],
    expect: [`${CI}:3 warning`],
    pass: [
      [plainCi(['  script: [docker info]']), SHELL_RUNNER],
      [plainCi(['  script: [docker info]', '  image: docker:29.10.1-cli']), dockerRunner()],
    ],
  },
  {
    rule: 'runner-tls-verify',
    fail: [undefined, dockerRunner({ extra: ['tls_verify = true'] })],
    expect: [`${RUNNER}:10 warning`],
    pass: [
      [undefined, dockerRunner({ extra: ['tls_verify = false'] })],
      [undefined, dockerRunner({ extra: ['tls_verify = true', 'host = "tcp://build-host.example.com:2376"', 'tls_cert_path = "/etc/docker-certs"'] })],
    ],
  },
  {
    rule: 'buildah-storage-driver',
    fail: [plainCi(['  image: quay.io/buildah/stable:v1.43.1', '  script:', '    - buildah build -t app .'])],
    expect: [`${CI}:4 warning`],
    pass: [[plainCi(['  image: quay.io/buildah/stable:v1.43.1', '  variables:', '    STORAGE_DRIVER: vfs', '  script:', '    - buildah build -t app .'])]],
  },
  {
    rule: 'buildah-storage-driver',
    fail: [plainCi(['  variables:', '    STORAGE_DRIVER: overlay', '  script:', '    - buildah bud -t app .'])],
    expect: [`${CI}:3 warning`],
    pass: [],
  },
  {
    rule: 'buildkit-process-sandbox',
    fail: [BUILDKIT_CI(''), BUILDKIT_RUNNER],
    expect: [`${CI}:5 error`],
    pass: [
      [BUILDKIT_CI('--oci-worker-no-process-sandbox'), BUILDKIT_RUNNER],
      [BUILDKIT_CI(''), dockerRunner({ image: 'moby/buildkit:v0.32.2', volumes: '["/cache"]' })],
    ],
  },
  {
    rule: 'buildkit-security-opt',
    fail: [
      BUILDKIT_CI('--oci-worker-no-process-sandbox'),
      dockerRunner({ image: 'moby/buildkit:v0.32.2-rootless', privileged: 'false', volumes: '["/cache"]', extra: ['security_opt = ["seccomp:unconfined"]'] }),
    ],
    expect: [`${RUNNER}:10 warning`],
    pass: [[BUILDKIT_CI('--oci-worker-no-process-sandbox'), BUILDKIT_RUNNER]],
  },
  {
    rule: 'kaniko-archived',
    fail: [plainCi(['  image: gcr.io/kaniko-project/executor:v1.23.2-debug', '  script: [/kaniko/executor --context .]'])],
    expect: [`${CI}:2 warning`],
    pass: [[plainCi(['  image: quay.io/buildah/stable:v1.43.1', '  variables: {STORAGE_DRIVER: vfs}', '  script: [buildah build .]'])]],
  },
  {
    rule: 'builder-privileged-unneeded',
    fail: [BUILDKIT_CI('--oci-worker-no-process-sandbox'), dockerRunner({ image: 'moby/buildkit:v0.32.2-rootless', volumes: '["/cache"]' })],
    expect: [`${RUNNER}:8 warning`],
    pass: [
      [BUILDKIT_CI('--oci-worker-no-process-sandbox'), BUILDKIT_RUNNER],
      [dindCi(), dockerRunner()],
    ],
  },
  {
    rule: 'dind-image-as-job-image',
    fail: [DIND_AS_IMAGE()],
    expect: [`${CI}:2 warning`],
    pass: [
      [dindCi()],
      [dindCi({ image: 'docker:24.0.5-dind', service: 'docker:24.0.5-dind' })],
      [DIND_AS_IMAGE(['dockerd-entrypoint.sh &', 'sleep 5', 'docker build -t app .'])],
      [DIND_AS_IMAGE(['/usr/local/bin/dockerd-entrypoint.sh > /dev/null 2>&1 &', 'docker build -t app .'])],
      [DIND_AS_IMAGE(), dockerRunner({ privileged: 'false', volumes: SOCKET_VOLUMES })],
      [DIND_AS_IMAGE(), SHELL_RUNNER],
      [plainCi(['  image: docker:24.0.5-dind', '  variables: {DOCKER_HOST: "tcp://build-host.example.com:2376"}', '  script: [docker build -t app .]'])],
    ],
  },
  {
    rule: 'dind-image-as-job-image',
    fail: [DIND_AS_IMAGE(), dockerRunner()],
    expect: [`${CI}:2 error`],
    pass: [],
  },
  {
    rule: 'docker-login-password-arg',
    fail: [
      plainCi([
        '  image: docker:29.10.1-cli',
        '  script:',
        '    - docker login -u "$CI_REGISTRY_USER" -p "$CI_REGISTRY_PASSWORD" "$CI_REGISTRY"',
        '    - docker login --password=$TOKEN -u me registry.example.com',
      ]),
    ],
    expect: [`${CI}:4 warning`, `${CI}:5 warning`],
    pass: [
      [
        plainCi([
          '  image: docker:29.10.1-cli',
          '  script:',
          '    - echo "$CI_REGISTRY_PASSWORD" | docker login -u "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY"',
        ]),
      ],
      [
        plainCi([
          '  image: docker:29.10.1-cli',
          '  script:',
          '    - docker login -u "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY" < "$PASSWORD_FILE"',
          '    - docker run -p 8080:80 app',
        ]),
      ],
    ],
  },
  {
    rule: 'docker-tag-masked-failure',
    fail: [plainCi(['  image: docker:29.10.1-cli', '  script:', '    - export VERSION=$(cat VERSION)', '    - docker build -t "app:$VERSION" .'])],
    expect: [`${CI}:4 warning`],
    pass: [
      [plainCi(['  image: docker:29.10.1-cli', '  script:', '    - VERSION=$(cat VERSION)', '    - export VERSION', '    - docker build -t "app:$VERSION" .'])],
      [plainCi(['  image: docker:29.10.1-cli', '  script:', '    - export NOW=$(date +%s)', '    - echo "$NOW"', '    - docker build -t app:latest-build .'])],
      [plainCi(['  image: docker:29.10.1-cli', '  script:', '    - export VERSION=1.2.3', '    - docker push app:$VERSION'])],
      [plainCi(['  image: docker:29.10.1-cli', '  script:', '    - export TAG=$(echo "$CI_COMMIT_REF_NAME" | tr / -)', '    - docker push "app:$TAG"'])],
    ],
  },
  {
    rule: 'docker-tag-masked-failure',
    fail: [plainCi(['  image: docker:29.10.1-cli', '  script:', '    - |', '      export TAG=`git describe --tags`', '      docker push "app:${TAG}"'])],
    expect: [`${CI}:4 warning`],
    pass: [],
  },
  {
    rule: 'docker-version-eol',
    fail: [dindCi({ image: 'docker:20.10.16', service: 'docker:20.10.16-dind' }), dockerRunner({ image: 'docker:19.03.12' })],
    expect: [`${CI}:2 warning`, `${CI}:4 warning`, `${RUNNER}:7 warning`],
    pass: [
      [dindCi(), dockerRunner()],
      [dindCi({ image: 'docker:24.0.5-cli', service: 'docker:24.0.5-dind' })],
      [dindCi({ image: 'docker:$DOCKER_VERSION', service: 'docker:${DOCKER_VERSION}-dind' })],
    ],
  },
  {
    rule: 'runner-env-docker-host',
    fail: [undefined, ENV_RUNNER('DOCKER_HOST=tcp://docker:2375', '"/var/run/docker.sock:/var/run/docker.sock"')],
    expect: [`${RUNNER}:3 warning`],
    pass: [
      [undefined, ENV_RUNNER('DOCKER_DRIVER=overlay2', '"/var/run/docker.sock:/var/run/docker.sock"')],
      [undefined, ENV_RUNNER('DOCKER_HOST=tcp://docker:2376', '"/certs/client"')],
      [undefined, ENV_RUNNER('DOCKER_HOST=unix:///var/run/docker.sock', '"/var/run/docker.sock:/var/run/docker.sock"')],
    ],
  },
  {
    // The runner's environment fills a DOCKER_HOST the job does not set: judged at the runner's line.
    rule: 'dind-tls-port-mismatch',
    fail: [DIND_NO_HOST, ENV_RUNNER('DOCKER_HOST=tcp://docker:2375', '"/certs/client"')],
    expect: [`${RUNNER}:3 error`],
    pass: [
      [
        DIND_NO_HOST.replace('  script:', '  variables: {DOCKER_HOST: "tcp://docker:2376"}\n  script:'),
        ENV_RUNNER('DOCKER_HOST=tcp://docker:2375', '"/certs/client"'),
      ],
    ],
  },
  {
    // dind before 19.03 has no TLS by default: 2375 is right beside an 18.09 dind, 2376 is not.
    rule: 'dind-tls-port-mismatch',
    fail: [OLD_DIND('docker:18.09.7', 'docker:18.09.7-dind', 'tcp://docker:2376')],
    expect: [`${CI}:5 error`],
    pass: [[OLD_DIND('docker:18.09.7', 'docker:18.09.7-dind', 'tcp://docker:2375')], [OLD_DIND('docker:18.09', 'docker:18-dind', 'tcp://docker:2375')]],
  },
  {
    rule: 'dind-tls-port-mismatch',
    fail: [OLD_DIND('docker:19.03.12', 'docker:19.03.12-dind', 'tcp://docker:2375')],
    expect: [`${CI}:5 error`],
    pass: [[OLD_DIND('docker:19.03.12', 'docker:19-dind', 'tcp://docker:2376')]],
  },
  {
    // A global DOCKER_HOST is judged only on the jobs that call Docker.
    rule: 'docker-host-no-service',
    fail: [['variables:', '  DOCKER_HOST: tcp://docker:2376', 'build:', '  image: docker:29.10.1-cli', '  script: [docker build .]', ''].join('\n')],
    expect: [`${CI}:2 error`],
    pass: [
      [
        ['variables:', '  DOCKER_HOST: tcp://docker:2376', 'test:', '  image: node:22', '  script: [npm test]', 'lint:', '  script: [make lint]', ''].join(
          '\n',
        ),
      ],
    ],
  },
  {
    // Without the runner config: a job with no image and no services runs on the host's daemon (shell executor, socket binding).
    rule: 'socket-fixed-container-name',
    fail: [plainCi(['  script:', '    - docker network create testnet', '    - docker run -d --name db --network testnet postgres:17'])],
    expect: [`${CI}:3 warning`, `${CI}:4 warning`],
    pass: [
      [plainCi(['  image: docker:29.10.1-cli', '  script: [docker run -d --name db postgres:17]'])],
      [
        plainCi([
          '  script:',
          '    - docker network create "net-$CI_JOB_ID"',
          '    - docker run -d --name "db-$CI_JOB_ID" postgres:17',
          '    - docker network create shared || true',
        ]),
      ],
      [plainCi(['  script: [make test]'])],
      // A deployment to the host replaces its container on purpose.
      [plainCi(['  tags: [shell]', '  script:', '    - docker rm -f web || true', '    - docker run -d --name web -p 80:80 app'])],
      [plainCi(['  tags: [shell]', '  environment: production', '  script:', '    - docker compose pull', '    - docker compose up -d'])],
      [
        plainCi([
          '  tags: [shell]',
          '  variables: {COMPOSE_PROJECT_NAME: "app-$CI_JOB_ID"}',
          '  script: [docker compose up -d, docker compose run --rm app pytest]',
        ]),
      ],
    ],
  },
  {
    rule: 'socket-fixed-container-name',
    fail: [
      plainCi([
        '  stage: test',
        '  script:',
        '    - docker-compose -f docker-compose.test.yml up -d',
        '    - docker compose -p "t-$CI_JOB_ID" run --rm app pytest',
      ]),
    ],
    expect: [`${CI}:4 warning`],
    pass: [],
  },
  {
    rule: 'socket-fixed-container-name',
    fail: [plainCi(['  image: alpine:3.22', '  tags: [docker-shell]', '  script: [docker run --name db postgres:17]'])],
    expect: [`${CI}:4 warning`],
    pass: [],
  },
];

describe.each(CASES.map((c, i) => [`${c.rule} #${i}`, c] as const))('%s', (_name, c) => {
  it('fires at the line of the key at fault', () => {
    expect(of(c.rule, run(...c.fail))).toEqual(c.expect);
  });
  c.pass.forEach((p, i) => {
    it(`stays silent on passing config ${i}`, () => {
      expect(of(c.rule, run(...p))).toEqual([]);
    });
  });
});

it("an unpinned image's fix pins the version the other side of the pair uses", () => {
  const fixes = run(dindCi({ image: 'docker:latest', service: 'docker:24.0.5-dind' }))
    .filter((f) => f.rule === 'docker-image-unpinned')
    .map((f) => f.fix);
  expect(fixes).toEqual([expect.stringContaining('docker:24.0.5-cli')]);
  const service = run(dindCi({ image: 'docker:20.10.16', service: 'docker:dind' }))
    .filter((f) => f.rule === 'docker-image-unpinned')
    .map((f) => f.fix);
  expect(service).toEqual([expect.stringContaining('docker:20.10.16-dind')]);
});

it('every rule in the catalogue has a failing case here', () => {
  expect(new Set(CASES.map((c) => c.rule))).toEqual(new Set(RULES.map((r) => r.id)));
});

it('findings are ordered by file, then line, and keep the JSON keys docs/lint-rules.md gives, in order', () => {
  const found = run(dindCi({ image: 'docker:latest', host: 'tcp://docker:2375' }), dockerRunner({ privileged: 'false', volumes: '["/cache"]' }));
  expect(found.map((f) => `${f.file}:${f.line}`)).toEqual(
    [...found.map((f) => `${f.file}:${f.line}`)].sort((a, b) =>
      a.split(':')[0] === b.split(':')[0] ? Number(a.split(':')[1]) - Number(b.split(':')[1]) : a.startsWith(CI) ? -1 : 1,
    ),
  );
  expect(Object.keys(found[0])).toEqual(['rule', 'severity', 'file', 'line', 'message', 'fix']);
});

it('docs/lint-rules.md has one section per rule, as the catalogue states it', () => {
  const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'lint-rules.md'), 'utf8');
  for (const r of RULES) expect(doc).toContain(`### \`${r.id}\`\n\n- severity: ${r.severity}\n- finds: ${r.summary}\n`);
  expect(doc.match(/^### `[\w-]+`$/gm)).toHaveLength(RULES.length);
});
