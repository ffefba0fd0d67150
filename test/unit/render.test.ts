import { sameData } from '../../src/core/canonical-json';
import TOML from '@iarna/toml';
import { effectiveJob, effectiveJobs } from '../../src/core/effective-jobs';
import { splitShellWords } from '../../src/core/shell-words';
import { DOCKER_VERSION } from '../../src/core/versions';
import { MODE_CASES, render } from '../support/render';

/** Every key and string value in a parsed document, comments excluded. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...strings(v)]);
  return [];
}
import { schemaErrors, validateCi, validateRunner } from '../support/schemas';

describe.each(MODE_CASES)('mode $name', ({ raw }) => {
  const out = render(raw);

  test('the runner config validates against the runner schema', () => {
    expect(schemaErrors(validateRunner, out.runner)).toEqual([]);
  });

  test("the pipeline validates against GitLab's CI schema", () => {
    expect(schemaErrors(validateCi, out.ci)).toEqual([]);
  });

  test('build, test and release jobs push and tag the image (builders: no daemon to run it)', () => {
    const jobs = Object.fromEntries(effectiveJobs(out.ci).map((j) => [j.name, j]));
    const builder = ['buildah', 'buildkit'].includes(out.plan.answers.mode);
    expect(Object.keys(jobs)).toEqual(builder ? ['docker-build', 'docker-release'] : ['docker-build', 'docker-test', 'docker-release']);
    const build = (jobs['docker-build'].raw.script as string[]).join('\n');
    const cache = {
      buildah: '--cache-from "$IMAGE_NAME/cache" --cache-to "$IMAGE_NAME/cache"',
      buildkit: '--import-cache "type=registry,ref=$CACHE_REF" --import-cache "type=registry,ref=$DEFAULT_CACHE_REF"',
    } as Record<string, string>;
    expect(build).toContain(cache[out.plan.answers.mode] ?? '--cache-from "$CACHE_IMAGE" --cache-from "$DEFAULT_CACHE_IMAGE"');
    expect(build).toMatch(/(push "\$IMAGE_NAME:\$CI_COMMIT_SHORT_SHA"|name=\$IMAGE_NAME:\$CI_COMMIT_SHORT_SHA,push=true)/);
    // By default docker-test is the smoke check, which ends for a server too (it never waits on the image).
    if (!builder) expect((jobs['docker-test'].raw.script as string[]).join('\n')).toContain('docker run --detach "$IMAGE_NAME:$CI_COMMIT_SHORT_SHA"');
    const rules = jobs['docker-release'].raw.rules as { if: string; variables: Record<string, string> }[];
    expect(rules).toEqual([
      { if: '$CI_COMMIT_TAG', variables: { RELEASE_TAG: '$CI_COMMIT_TAG' } },
      { if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH', variables: { RELEASE_TAG: 'latest' } },
    ]);
    const release = (jobs['docker-release'].raw.script as string[]).join('\n');
    const skopeo = builder || out.plan.ci.dindImage !== null;
    expect(release).toContain(
      skopeo
        ? 'skopeo copy --all --preserve-digests "docker://$IMAGE_NAME:$CI_COMMIT_SHORT_SHA" "docker://$IMAGE_NAME:$RELEASE_TAG"'
        : 'docker push "$IMAGE_NAME:$RELEASE_TAG"',
    );
    expect(jobs['docker-release'].raw.only).toBeUndefined();
  });

  test('nothing runs an unpinned image', () => {
    const jobs = effectiveJobs(out.ci);
    const images = [
      ...jobs.flatMap((j) => [j.image ?? '', ...j.services.map((s) => s.name)]).filter(Boolean),
      out.runner.runners[0].docker?.image ?? out.runner.runners[0].kubernetes?.image,
    ];
    for (const image of images.filter(Boolean)) expect(image).toMatch(/:v?\d+(\.\d+)*(-[a-z]+)?$/);
  });
  test('the pinned version is one variable with a Renovate comment right above it', () => {
    const lines = out.text.ci.split('\n');
    const at = lines.findIndex((l) => /^\s+[A-Z]+_VERSION: "/.test(l));
    if (out.plan.answers.mode === 'shell') return expect(at).toBe(-1);
    expect(lines[at - 1]).toMatch(/^\s+# renovate: datasource=docker depName=\S+$/);
  });

  test('register.sh registers the same runner with the token from the environment', () => {
    const line = out.text.register.slice(out.text.register.indexOf('gitlab-runner register')).split(/(?<!\\)\n/)[0];
    const words = splitShellWords(line);
    expect(words.slice(0, 4)).toEqual(['gitlab-runner', 'register', '--token', '$RUNNER_TOKEN']);
    expect(words).toContain('--non-interactive');
    expect(words[words.indexOf('--url') + 1]).toBe(out.runner.runners[0].url);
    expect(words[words.indexOf('--executor') + 1]).toBe(out.runner.runners[0].executor);
    expect(words).not.toContain('--tag-list');
    expect(words).not.toContain('--locked');
    expect(words).not.toContain('--registration-token');
  });

  test('the token is never a real secret', () => {
    expect(out.runner.runners[0].token).toBe('$RUNNER_TOKEN');
  });
});

describe('dind with TLS (the default)', () => {
  const { ci, runner } = render({});
  const base = ci['.docker-base'];
  test('CLI image and dind service share the version and registry, through DOCKER_VERSION', () => {
    expect(base.image).toBe('docker:${DOCKER_VERSION}-cli');
    expect(base.services).toEqual([{ name: 'docker:${DOCKER_VERSION}-dind', alias: 'docker' }]);
    const job = effectiveJob(ci, 'docker-build');
    expect(job.image).toBe(`docker:${DOCKER_VERSION}-cli`);
    expect(job.services.map((s) => s.name)).toEqual([`docker:${DOCKER_VERSION}-dind`]);
  });
  test('TLS on: port 2376, /certs, /certs/client shared by a runner whose dind service is privileged', () => {
    expect(base.variables).toMatchObject({ DOCKER_HOST: 'tcp://docker:2376', DOCKER_TLS_CERTDIR: '/certs' });
    expect(runner.runners[0].docker).toMatchObject({
      privileged: false,
      services_privileged: true,
      allowed_privileged_services: ['docker:*-dind'],
      volumes: ['/certs/client', '/cache'],
      tls_verify: false,
      image: `docker:${DOCKER_VERSION}-cli`,
    });
    expect(runner.runners[0].executor).toBe('docker');
    expect(runner.concurrent).toBe(4);
  });
  test('the client TLS settings are explicit, not left to the CLI entrypoint (a job may start before the certificates)', () => {
    expect(base.variables).toMatchObject({ DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '$DOCKER_TLS_CERTDIR/client' });
  });
});

describe('dind without TLS', () => {
  const { ci, runner } = render({ tls: false });
  test('port 2375, empty DOCKER_TLS_CERTDIR, no /certs/client, the dind service still privileged', () => {
    expect(ci['.docker-base'].variables).toMatchObject({ DOCKER_HOST: 'tcp://docker:2375', DOCKER_TLS_CERTDIR: '' });
    expect(ci['.docker-base'].variables.DOCKER_TLS_VERIFY).toBeUndefined();
    expect(runner.runners[0].docker).toMatchObject({ privileged: false, services_privileged: true, volumes: ['/cache'] });
  });
});

describe('socket binding', () => {
  const { ci, runner, text } = render({ mode: 'socket', dockerVersion: '28.5.2' });
  test('no dind service anywhere, the socket bound, not privileged', () => {
    expect(strings(ci).filter((s) => /dind|services/.test(s))).toEqual([]);
    expect(text.ci).toContain('Never add a Docker-in-Docker service');
    expect(runner.runners[0].docker).toMatchObject({ privileged: false, volumes: ['/var/run/docker.sock:/var/run/docker.sock', '/cache'] });
    expect(effectiveJob(ci, 'docker-build').image).toBe('docker:28.5.2-cli');
  });
});

describe('shell executor', () => {
  const { ci, runner } = render({ mode: 'shell' });
  test('executor shell, no image, no services', () => {
    expect(runner.runners[0].executor).toBe('shell');
    expect(runner.runners[0].docker).toBeUndefined();
    for (const job of effectiveJobs(ci)) {
      expect(job.image).toBeUndefined();
      expect(job.services).toEqual([]);
    }
  });
});

describe('answers reach the files exactly', () => {
  test('a mirror prefix pulls both docker images through it, with alias docker', () => {
    const { ci, text } = render({ imageRegistry: 'harbor.example.com:8443/devops', dockerVersion: '27.5.1' });
    const job = effectiveJob(ci, 'docker-build');
    expect(job.image).toBe('harbor.example.com:8443/devops/docker:27.5.1-cli');
    expect(job.services.map((s) => [s.name, s.alias])).toEqual([['harbor.example.com:8443/devops/docker:27.5.1-dind', 'docker']]);
    expect(text.ci).toContain('# renovate: datasource=docker depName=docker\n'); // the versions are Docker Hub's
  });
  test('Docker before 23 has no -cli tag: the job image is docker:V', () => {
    const { ci, runner } = render({ dockerVersion: '20.10.16' });
    const job = effectiveJob(ci, 'docker-test');
    expect(job.image).toBe('docker:20.10.16');
    expect(job.services[0].name).toBe('docker:20.10.16-dind');
    expect(runner.runners[0].docker.image).toBe('docker:20.10.16');
  });
  test('another push registry logs in with REGISTRY_USER / REGISTRY_PASSWORD by name only', () => {
    const { ci, text } = render({ registry: 'registry.example.com:5000', image: 'registry.example.com:5000/team/app' });
    const base = ci['.docker-base'];
    expect(base.variables).toMatchObject({ IMAGE_NAME: 'registry.example.com:5000/team/app', PUSH_REGISTRY: 'registry.example.com:5000' });
    expect(base.before_script.join('\n')).toContain('echo "$REGISTRY_PASSWORD" | docker login --username "$REGISTRY_USER" --password-stdin "$PUSH_REGISTRY"');
    expect(text.ci).not.toContain('CI_REGISTRY_PASSWORD');
  });
  test("GitLab's registry by default", () => {
    const { ci } = render({});
    expect(ci['.docker-base'].variables.IMAGE_NAME).toBe('$CI_REGISTRY_IMAGE');
    expect(ci['.docker-base'].before_script.join('\n')).toContain('docker login --username "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY"');
  });
  test.each(MODE_CASES)('tags and free-text names survive quoting in $name', ({ raw }) => {
    const name = 'Team "Ops" runner #1: {a} [b], \'c\' \\ größe 🚀';
    const tags = ['docker', 'a:b', '#hash', 'quo"te', "it's"];
    const { ci, runner, text } = render({ ...raw, runnerName: name, tags: tags.join(','), gitlabUrl: 'https://gitlab.example.com/sub/path/' });
    for (const job of effectiveJobs(ci)) expect(job.tags).toEqual(tags);
    expect(runner.runners[0].name).toBe(name);
    expect(runner.runners[0].url).toBe('https://gitlab.example.com/sub/path/');
    const words = splitShellWords(text.register.slice(text.register.indexOf('gitlab-runner register')).split(/(?<!\\)\n/)[0]);
    expect(words[words.indexOf('--name') + 1]).toBe(name);
  });
  test('concurrent goes to the runner config', () => {
    expect(render({ concurrent: '17' }).runner.concurrent).toBe(17);
  });
});

describe('kubernetes', () => {
  const { ci, runner, values, text } = render({ mode: 'kubernetes', namespace: 'ci-jobs', buildResources: 'cpu=1:2,memory=1Gi:4Gi' });
  const base = ci['.docker-base'];
  test('the pipeline spells out what the executor will not: TLS client settings and the health-check port', () => {
    expect(base.services).toEqual([{ name: 'docker:${DOCKER_VERSION}-dind', alias: 'docker', variables: { HEALTHCHECK_TCP_PORT: '2376' } }]);
    expect(base.variables).toMatchObject({
      DOCKER_HOST: 'tcp://docker:2376',
      DOCKER_TLS_CERTDIR: '/certs',
      DOCKER_TLS_VERIFY: '1',
      DOCKER_CERT_PATH: '$DOCKER_TLS_CERTDIR/client',
    });
  });
  test('the runner: kubernetes executor, privileged service containers, an in-memory empty_dir at /certs/client, namespace and resources', () => {
    const r = runner.runners[0];
    expect(r.executor).toBe('kubernetes');
    expect(r.docker).toBeUndefined();
    expect(r.kubernetes).toMatchObject({
      namespace: 'ci-jobs',
      privileged: false,
      service_container_security_context: { privileged: true },
      cpu_request: '1',
      cpu_limit: '2',
      memory_request: '1Gi',
      memory_limit: '4Gi',
      service_cpu_request: '1',
      helper_memory_limit: '256Mi',
    });
    expect(r.kubernetes.volumes.empty_dir).toEqual([{ name: 'docker-certs', mount_path: '/certs/client', medium: 'Memory' }]);
  });
  test('values.yaml carries the same runner as TOML, with no token', () => {
    expect(values).toMatchObject({ gitlabUrl: 'https://gitlab.com/', concurrent: 4, rbac: { create: true }, runners: { secret: 'gitlab-runner-token' } });
    const section = JSON.parse(JSON.stringify(TOML.parse(values!.runners.config)));
    const { url, token, ...rest } = runner.runners[0];
    expect(url).toBe('https://gitlab.com/');
    expect(token).toBe('$RUNNER_TOKEN');
    expect(section).toEqual({ runners: [rest] });
    expect(text.values).not.toMatch(/glrt-[A-Za-z0-9]/);
  });
  test('register.sh uses the runner config as its template (volumes have no register flag)', () => {
    const words = splitShellWords(text.register.slice(text.register.indexOf('gitlab-runner register')).split(/(?<!\\)\n/)[0]);
    expect(words[words.indexOf('--template-config') + 1]).toBe('config.toml');
    expect(text.register).toContain('cd "$(dirname "$0")"');
  });
  test('without TLS: port 2375, no TLS client settings, no empty_dir', () => {
    const plain = render({ mode: 'kubernetes', tls: false });
    expect(plain.ci['.docker-base'].services[0].variables).toEqual({ HEALTHCHECK_TCP_PORT: '2375' });
    expect(plain.ci['.docker-base'].variables.DOCKER_TLS_VERIFY).toBeUndefined();
    expect(plain.ci['.docker-base'].variables).toMatchObject({ DOCKER_HOST: 'tcp://docker:2375', DOCKER_TLS_CERTDIR: '' });
    expect(plain.runner.runners[0].kubernetes.volumes).toBeUndefined();
  });
});

test('sameData: equal parsed data by kind, blind to key order and to undefined keys', () => {
  expect(sameData({ a: [1, 'x', { b: true }], c: undefined }, { a: [1, 'x', { b: true }] })).toBe(true);
  expect(sameData({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
  expect(sameData(new Date(0), new Date(0))).toBe(true);
  expect(sameData(new Date(0), '1970-01-01T00:00:00.000Z')).toBe(false);
  expect(sameData([1], ['1'])).toBe(false);
  expect(sameData({ a: 1 }, { a: 1, b: 2 })).toBe(false);
  expect(sameData([1, 2], [1])).toBe(false);
  expect(sameData(null, {})).toBe(false);
  expect(sameData({}, [])).toBe(false);
});
