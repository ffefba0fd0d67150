import TOML from '@iarna/toml';
import { effectiveJob } from '../../src/core/effective-jobs';
import { BUILDAH_VERSION, BUILDKIT_VERSION, SKOPEO_VERSION } from '../../src/core/versions';
import { render } from '../support/render';
import { schemaErrors, validateCi, validateRunner } from '../support/schemas';

describe('buildah', () => {
  const { ci, runner } = render({ mode: 'buildah' });
  const build = effectiveJob(ci, 'docker-build');
  test('Buildah with vfs storage, as GitLab documents it, on an unprivileged runner that allows user namespaces', () => {
    expect(build.image).toBe(`quay.io/buildah/stable:${BUILDAH_VERSION}`);
    expect(build.variables).toMatchObject({ STORAGE_DRIVER: 'vfs', BUILDAH_FORMAT: 'docker', BUILDAH_VERSION });
    expect(build.services).toEqual([]);
    expect(runner.runners[0].docker).toMatchObject({ privileged: false, image: `quay.io/buildah/stable:${BUILDAH_VERSION}` });
    // Docker's default seccomp profile refuses buildah's unshare(CLONE_NEWUSER) (found by npm run test:docker).
    expect(runner.runners[0].docker.security_opt).toEqual(['seccomp:unconfined', 'apparmor:unconfined']);
  });
  test('releases with skopeo, no daemon needed', () => {
    expect(effectiveJob(ci, 'docker-release').image).toBe(`quay.io/skopeo/stable:${SKOPEO_VERSION}`);
  });
});

describe('buildkit', () => {
  const { ci, runner } = render({ mode: 'buildkit' });
  const build = effectiveJob(ci, 'docker-build');
  test('rootless BuildKit with buildctl-daemonless.sh and no process sandbox', () => {
    expect(build.image).toBe(`moby/buildkit:${BUILDKIT_VERSION}-rootless`);
    expect((build.raw.image as { entrypoint: string[] }).entrypoint).toEqual(['']);
    expect(build.variables.BUILDKITD_FLAGS).toBe('--oci-worker-no-process-sandbox');
    expect((build.raw.script as string[])[1]).toMatch(/^buildctl-daemonless\.sh build .*--export-cache "type=registry,ref=\$CACHE_REF,mode=max"/);
  });
  test('the runner is not privileged; only the security options BuildKit documents', () => {
    expect(runner.runners[0].docker).toMatchObject({ privileged: false, security_opt: ['seccomp:unconfined', 'apparmor:unconfined'] });
  });
});

describe('--registry-mirror', () => {
  test.each(['dind', 'kubernetes'])('configures the dind daemon in %s', (mode) => {
    const { ci } = render({ mode, registryMirror: 'https://mirror.example.com' });
    expect(effectiveJob(ci, 'docker-build').services[0].command).toEqual(['--registry-mirror', 'https://mirror.example.com']);
  });
  test('configures Buildah through registries.conf.d', () => {
    const { ci } = render({ mode: 'buildah', registryMirror: 'https://mirror.example.com:5000' });
    const job = effectiveJob(ci, 'docker-build');
    expect(job.variables.REGISTRY_MIRROR).toBe('https://mirror.example.com:5000');
    expect((job.raw.before_script as string[])[0]).toContain('[[registry.mirror]]');
  });
  test('configures rootless BuildKit through its config file', () => {
    const { ci } = render({ mode: 'buildkit', registryMirror: 'https://mirror.example.com' });
    const job = effectiveJob(ci, 'docker-build');
    expect(job.variables.BUILDKITD_FLAGS).toBe('--oci-worker-no-process-sandbox --config /tmp/buildkit.toml');
    expect((job.raw.before_script as string[]).join('\n')).toContain('[registry."docker.io"]\\n  mirrors = ["%s"]');
  });
  test.each(['socket', 'shell'])("is refused for %s, whose daemon is the host's", (mode) => {
    expect(() => render({ mode, registryMirror: 'https://mirror.example.com' })).toThrow(/--registry-mirror: applies to --mode/);
  });
});

test('--mtu goes on the dind daemon', () => {
  const { ci } = render({ mtu: '1360', registryMirror: 'https://m.example.com' });
  expect(effectiveJob(ci, 'docker-build').services[0].command).toEqual(['--registry-mirror', 'https://m.example.com', '--mtu=1360']);
  expect(() => render({ mode: 'socket', mtu: '1360' })).toThrow(/--mtu: applies to --mode dind or kubernetes only/);
  expect(() => render({ mtu: '100' })).toThrow(/--mtu: "100" is not valid/);
});

describe('--dependency-proxy', () => {
  test('pulls the docker images through the group prefix and logs in for FROM lines', () => {
    const { ci, runner } = render({ dependencyProxy: true });
    const job = effectiveJob(ci, 'docker-build');
    expect(job.image).toMatch(/^\$\{CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX\}\/docker:[\d.]+-cli$/);
    expect(job.services[0]).toMatchObject({ alias: 'docker' });
    expect(job.services[0].name).toMatch(/^\$\{CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX\}\/docker:[\d.]+-dind$/);
    expect((job.raw.before_script as string[]).join('\n')).toContain(
      'login --username "$CI_DEPENDENCY_PROXY_USER" --password-stdin "$CI_DEPENDENCY_PROXY_SERVER"',
    );
    expect(runner.runners[0].docker.image).not.toContain('CI_DEPENDENCY_PROXY');
  });
  test('BuildKit pulls moby/buildkit through it, and skopeo (on quay.io, which the proxy does not cache) directly', () => {
    const { ci } = render({ mode: 'buildkit', dependencyProxy: true });
    expect(effectiveJob(ci, 'docker-build').image).toBe(`\${CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX}/moby/buildkit:${BUILDKIT_VERSION}-rootless`);
    expect(effectiveJob(ci, 'docker-release').image).toBe(`quay.io/skopeo/stable:${SKOPEO_VERSION}`);
  });
  test('is refused with --image-registry, and for Buildah (its images are not on Docker Hub)', () => {
    expect(() => render({ dependencyProxy: true, imageRegistry: 'harbor.example.com' })).toThrow(/conflicts with --image-registry/);
    expect(() => render({ mode: 'buildah', dependencyProxy: true })).toThrow(/--dependency-proxy: applies to/);
  });
});

describe('--testcontainers', () => {
  const cases: [string, Record<string, unknown>, Record<string, string>][] = [
    ['dind', {}, { DOCKER_HOST: 'tcp://docker:2376', DOCKER_TLS_CERTDIR: '/certs', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs/client' }],
    ['dind', { tls: false }, { DOCKER_HOST: 'tcp://docker:2375', DOCKER_TLS_CERTDIR: '' }],
    ['socket', {}, { DOCKER_HOST: 'unix:///var/run/docker.sock', TESTCONTAINERS_HOST_OVERRIDE: 'host.docker.internal' }],
    ['kubernetes', {}, { DOCKER_HOST: 'tcp://docker:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '$DOCKER_TLS_CERTDIR/client' }],
  ];
  test.each(cases)('%s %j: the test job carries the variables Testcontainers documents', (mode, extra, expected) => {
    const { ci, runner } = render({ mode, ...extra, testcontainers: true, testImage: 'maven:3.9-eclipse-temurin-21' });
    const job = effectiveJob(ci, 'testcontainers-test');
    expect(job.image).toBe('maven:3.9-eclipse-temurin-21');
    expect(job.variables).toMatchObject(expected);
    expect(job.raw.script).toEqual(['mvn --batch-mode test']);
    expect(schemaErrors(validateCi, ci)).toEqual([]);
    expect(schemaErrors(validateRunner, runner)).toEqual([]);
    if (mode !== 'socket') expect(job.services.map((s) => s.alias)).toEqual(['docker']);
    if (mode === 'dind' && extra.tls === false) expect(job.services[0].command).toEqual(['--tls=false']);
    if (mode === 'socket') expect(runner.runners[0].docker.extra_hosts).toEqual(['host.docker.internal:host-gateway']);
  });
  test('shell: the tests run on the host with the command given', () => {
    const { ci } = render({ mode: 'shell', testcontainers: true, testCommand: './gradlew test' });
    const job = effectiveJob(ci, 'testcontainers-test');
    expect(job.image).toBeUndefined();
    expect(job.raw.script).toEqual(['./gradlew test']);
  });
  test.each([
    [{ testcontainers: true }, /--test-image: required with --testcontainers/],
    [{ testcontainers: true, testImage: 'maven' }, /--test-image: "maven" is not valid; expected a pinned image/],
    [{ testcontainers: true, testImage: 'maven:latest' }, /--test-image: "maven:latest" is not valid/],
    [{ testcontainers: true, testImage: 'eclipse-temurin:21' }, /--test-command: required with --test-image/],
    [{ testImage: 'maven:3.9' }, /--test-image: applies with --testcontainers only/],
    [{ mode: 'buildkit', testcontainers: true, testImage: 'maven:3.9' }, /--testcontainers: applies to --mode/],
  ])('refuses %j', (raw, message) => {
    expect(() => render(raw)).toThrow(message);
  });
});

test('builder versions are answers of their modes only', () => {
  expect(render({ mode: 'buildkit', builderVersion: 'v0.30.1' }).plan.ci.builderImage!.resolved).toBe('moby/buildkit:v0.30.1-rootless');
  expect(() => render({ builderVersion: 'v1.2.3' })).toThrow(/--builder-version: applies to --mode buildah or buildkit only/);
  expect(() => render({ mode: 'buildah', builderVersion: 'latest' })).toThrow(/--builder-version: "latest" is not valid/);
});

test('a quay.io mirror prefix (--quay-registry) applies to the builder images too', () => {
  const { ci } = render({ mode: 'buildah', quayRegistry: 'harbor.example.com/quay-proxy' });
  expect(effectiveJob(ci, 'docker-build').image).toBe(`harbor.example.com/quay-proxy/buildah/stable:${BUILDAH_VERSION}`);
  expect(effectiveJob(ci, 'docker-release').image).toBe(`harbor.example.com/quay-proxy/skopeo/stable:${SKOPEO_VERSION}`);
  expect(TOML.parse(render({ mode: 'buildah', quayRegistry: 'harbor.example.com/quay-proxy' }).text.runner)).toBeDefined();
});
