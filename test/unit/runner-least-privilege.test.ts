/**
 * Issue 18: what a GitLab admin signs off in the runner files. Only the dind service privileged (config.toml,
 * register.sh, values.yaml), the old form behind --legacy-privileged, quay.io images apart from Docker Hub
 * mirrors, the helper image through the mirror, and headers true to the answers.
 */
import { imagePatternMatches, servicePrivileged } from '../../src/core/mode-rules';
import { splitShellWords } from '../../src/core/shell-words';
import { render } from '../support/render';
import { schemaErrors, validateRunner } from '../support/schemas';
import { effectiveJob } from '../../src/core/effective-jobs';

/** The words of register.sh's `gitlab-runner register` command (continuation lines joined). */
function registerWords(script: string): string[] {
  const start = script.indexOf('gitlab-runner register');
  return splitShellWords(script.slice(start).replace(/\\\n/g, ' ').split('\n')[0]);
}

const HELPER = 'gitlab/gitlab-runner-helper:x86_64-v${CI_RUNNER_VERSION}';

describe('dind: only the dind service is privileged', () => {
  test('config.toml: the job container unprivileged, services_privileged for the dind image only', () => {
    const r = render({ mode: 'dind' });
    const docker = r.runner.runners[0].docker;
    expect(docker.privileged).toBe(false);
    expect(docker.services_privileged).toBe(true);
    expect(docker.allowed_privileged_services).toEqual(['docker:*-dind']);
    const dind = r.plan.ci.dindImage!.resolved;
    expect(dind).toBe('docker:29.10.1-dind');
    expect(servicePrivileged({ docker }, dind)).toBe(true);
    // Any Docker version (Renovate moves DOCKER_VERSION in the pipeline only), and nothing else.
    expect(imagePatternMatches(docker.allowed_privileged_services[0], 'docker:30.0.0-dind')).toBe(true);
    for (const other of ['postgres:17', 'evil.example/docker:29-dind', 'docker:29-cli', 'docker:29-dind-rootless']) {
      expect([other, servicePrivileged({ docker }, other)]).toEqual([other, false]);
    }
    expect(schemaErrors(validateRunner, r.runner)).toEqual([]);
  });

  test('the comment says so, and which runner version it needs', () => {
    const text = render({ mode: 'dind' }).text.runner;
    expect(text).toMatch(/# Least privilege \(GitLab Runner 16\.1 and later\): the job's own container is not privileged/);
    expect(text).toMatch(/--legacy-privileged/);
  });

  test('register.sh gives the same split with register flags', () => {
    const words = registerWords(render({ mode: 'dind' }).text.register);
    expect(words).not.toContain('--docker-privileged');
    expect(words).toContain('--docker-services_privileged');
    expect(words[words.indexOf('--docker-allowed-privileged-services') + 1]).toBe('docker:*-dind');
  });

  test("through a mirror, the allowlist names the mirror's dind image", () => {
    const r = render({ mode: 'dind', imageRegistry: 'harbor.example.com/dockerhub' });
    const docker = r.runner.runners[0].docker;
    expect(docker.allowed_privileged_services).toEqual(['harbor.example.com/dockerhub/docker:*-dind']);
    expect(servicePrivileged({ docker }, r.plan.ci.dindImage!.resolved)).toBe(true);
    expect(servicePrivileged({ docker }, 'docker:29.10.1-dind')).toBe(false);
  });

  test("through the Dependency Proxy, the allowlist names the GitLab host's proxy, as the runner expands it", () => {
    const r = render({ mode: 'dind', dependencyProxy: true, gitlabUrl: 'https://gitlab.example.com/' });
    const docker = r.runner.runners[0].docker;
    const expanded = 'gitlab.example.com:443/my-group/sub/dependency_proxy/containers/docker:29.10.1-dind';
    expect(docker.allowed_privileged_services.some((p: string) => imagePatternMatches(p, expanded))).toBe(true);
    expect(
      docker.allowed_privileged_services.some((p: string) => imagePatternMatches(p, 'evil.example:443/g/dependency_proxy/containers/docker:29-dind')),
    ).toBe(false);
  });

  test('--legacy-privileged: privileged = true, as runners before 16.1 need, and no services_privileged', () => {
    const r = render({ mode: 'dind', legacyPrivileged: true });
    const docker = r.runner.runners[0].docker;
    expect(docker.privileged).toBe(true);
    expect(docker.services_privileged).toBeUndefined();
    expect(docker.allowed_privileged_services).toBeUndefined();
    const words = registerWords(r.text.register);
    expect(words).toContain('--docker-privileged');
    expect(words).not.toContain('--docker-services_privileged');
  });

  test('--legacy-privileged is refused where nothing is privileged', () => {
    expect(() => render({ mode: 'socket', legacyPrivileged: true })).toThrow(/^--legacy-privileged: applies to --mode dind or kubernetes only, not "socket"$/);
  });
});

describe('kubernetes: the service containers privileged, the build and helper containers not', () => {
  test('config.toml and values.yaml alike', () => {
    const r = render({ mode: 'kubernetes' });
    const k8s = r.runner.runners[0].kubernetes;
    expect(k8s.privileged).toBe(false);
    expect(k8s.service_container_security_context).toEqual({ privileged: true });
    expect(r.text.values).toMatch(/service_container_security_context\]\n\s+privileged = true/);
    expect(schemaErrors(validateRunner, r.runner)).toEqual([]);
    expect(r.text.runner).toMatch(/no image allowlist for this: every service of the job pod runs privileged/);
  });

  test('--legacy-privileged: the whole pod privileged, no security context', () => {
    const k8s = render({ mode: 'kubernetes', legacyPrivileged: true }).runner.runners[0].kubernetes;
    expect(k8s.privileged).toBe(true);
    expect(k8s.service_container_security_context).toBeUndefined();
  });
});

describe('mirrors: --image-registry for Docker Hub images, --quay-registry for quay.io ones', () => {
  test.each(['buildah', 'buildkit'] as const)('%s with a Docker Hub mirror leaves quay.io images on quay.io', (mode) => {
    const r = render({ mode, imageRegistry: 'harbor.example.com/dockerhub' });
    expect(effectiveJob(r.ci, 'docker-release').image).toBe('quay.io/skopeo/stable:v1.22.2');
    const build = effectiveJob(r.ci, 'docker-build').image!;
    expect(build).toBe(mode === 'buildah' ? 'quay.io/buildah/stable:v1.43.1' : 'harbor.example.com/dockerhub/moby/buildkit:v0.32.2-rootless');
    expect(r.runner.runners[0].docker.helper_image).toBe(`harbor.example.com/dockerhub/${HELPER}`);
  });

  test.each(['buildah', 'buildkit'] as const)('%s with --quay-registry pulls buildah and skopeo through it', (mode) => {
    const r = render({ mode, quayRegistry: 'harbor.example.com/quay' });
    expect(effectiveJob(r.ci, 'docker-release').image).toBe('harbor.example.com/quay/skopeo/stable:v1.22.2');
    if (mode === 'buildah') expect(effectiveJob(r.ci, 'docker-build').image).toBe('harbor.example.com/quay/buildah/stable:v1.43.1');
    else expect(effectiveJob(r.ci, 'docker-build').image).toBe('moby/buildkit:v0.32.2-rootless');
    // No Docker Hub mirror: the helper comes from where the runner takes it by default.
    expect(r.runner.runners[0].docker.helper_image).toBeUndefined();
  });

  test('--quay-registry is refused where no quay.io image is pulled, and checked as a prefix', () => {
    expect(() => render({ mode: 'dind', quayRegistry: 'harbor.example.com/quay' })).toThrow(
      /^--quay-registry: applies to --mode buildah or buildkit only, not "dind"$/,
    );
    expect(() => render({ mode: 'buildah', quayRegistry: 'https://harbor.example.com' })).toThrow(
      /^--quay-registry: "https:\/\/harbor.example.com" is not valid; expected a registry prefix/,
    );
  });

  test("the helper image follows the mirror on every executor that pulls one, in the docs' spelling", () => {
    for (const mode of ['dind', 'socket', 'kubernetes'] as const) {
      const r = render({ mode, imageRegistry: 'harbor.example.com/dockerhub' });
      const section = r.runner.runners[0][mode === 'kubernetes' ? 'kubernetes' : 'docker'];
      expect([mode, section.helper_image]).toEqual([mode, `harbor.example.com/dockerhub/${HELPER}`]);
      if (mode !== 'kubernetes') {
        const words = registerWords(r.text.register);
        expect(words[words.indexOf('--docker-helper-image') + 1]).toBe(`harbor.example.com/dockerhub/${HELPER}`);
      }
    }
    expect(render({ mode: 'dind' }).runner.runners[0].docker.helper_image).toBeUndefined();
  });
});

describe("the audit's corrections", () => {
  test.each(['dind', 'kubernetes'] as const)('%s --no-tls: no file says TLS on', (mode) => {
    const r = render({ mode, tls: false });
    for (const [role, text] of Object.entries(r.text)) {
      if (typeof text !== 'string') continue;
      expect([role, /TLS on/.test(text)]).toEqual([role, false]);
    }
    expect(r.text.ci.split('\n')[0]).toMatch(/TLS off\)\.$/);
    expect(render({ mode }).text.ci.split('\n')[0]).toMatch(/TLS on\)\.$/);
  });

  test.each(['dind', 'kubernetes'] as const)('%s --no-tls: the service runs with --tls=false, saying why', (mode) => {
    const r = render({ mode, tls: false });
    const service = effectiveJob(r.ci, 'docker-build').services[0];
    expect(service.command).toEqual(['--tls=false']);
    expect(r.text.ci).toMatch(/# Plain TCP on purpose: without this, dockerd delays its start by about 15 s to warn of it\.\n\s+- "--tls=false"/);
    expect(r.text.ci).not.toMatch(/registry mirror, MTU/);
    expect(effectiveJob(render({ mode }).ci, 'docker-build').services[0].command).toBeUndefined();
  });

  test('mirror and MTU flags each carry their own reason', () => {
    const r = render({ mode: 'dind', registryMirror: 'https://mirror.example.com', mtu: '1360', tls: false });
    expect(effectiveJob(r.ci, 'docker-build').services[0].command).toEqual(['--registry-mirror', 'https://mirror.example.com', '--mtu=1360', '--tls=false']);
    expect(r.text.ci).toMatch(/# Image pulls of this daemon go through the mirror\.\n\s+- "--registry-mirror"/);
    expect(r.text.ci).toMatch(/# The daemon's own bridge does not inherit the runner's MTU\.\n\s+- "--mtu=1360"/);
  });

  test('buildkit with the Dependency Proxy: the build logs in to it, the skopeo release does not', () => {
    const r = render({ mode: 'buildkit', dependencyProxy: true });
    const release = effectiveJob(r.ci, 'docker-release');
    expect(JSON.stringify(release.raw.before_script)).not.toMatch(/DEPENDENCY_PROXY/);
    expect(JSON.stringify(effectiveJob(r.ci, 'docker-build').raw.before_script)).toMatch(/CI_DEPENDENCY_PROXY_PASSWORD/);
  });

  test('the dind pipelines still log in to the Dependency Proxy for their FROM lines', () => {
    const r = render({ mode: 'dind', dependencyProxy: true });
    expect(JSON.stringify(effectiveJob(r.ci, 'docker-build').raw.before_script)).toMatch(
      /docker login --username [^,]*--password-stdin [^,]*CI_DEPENDENCY_PROXY_SERVER/,
    );
  });

  test("the socket Testcontainers comment says what Testcontainers' docs say", () => {
    const text = render({ mode: 'socket', testcontainers: true, testImage: 'maven:3.9' }).text.ci;
    expect(text).not.toMatch(/the variables are the ones its GitLab CI docs give/);
    expect(text).toMatch(/Testcontainers' GitLab CI docs ask for\n# TESTCONTAINERS_HOST_OVERRIDE set to the Docker host's address/);
  });

  test("register.sh registers into the system service's config as root, and says when Run untagged is needed", () => {
    const untagged = render({ mode: 'dind' }).text.register;
    expect(untagged).toMatch(/"Run untagged jobs" ticked/);
    expect(untagged).toMatch(/\[ "\$\(id -u\)" -eq 0 \] \|\| as_root=sudo\n\n\$as_root gitlab-runner register/);
    const words = registerWords(untagged);
    expect(words.slice(words.indexOf('--config'), words.indexOf('--config') + 2)).toEqual(['--config', '/etc/gitlab-runner/config.toml']);
    expect(render({ mode: 'dind', tags: 'docker' }).text.register).not.toMatch(/Run untagged/);
  });
});
