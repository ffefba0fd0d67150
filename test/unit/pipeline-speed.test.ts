/**
 * Issue 21, a faster pipeline: docker-release copies registry-side with skopeo where a daemon would have to
 * start for it (no dind service), the layer cache is per branch with the default branch's as fallback and
 * refreshed by every build, BuildKit fetches cache lazily (no pre-pull) while the legacy builder (Docker
 * before 23) pulls and is not told BuildKit's switch, --test-in-build runs the test in docker-build, and
 * jobs start on `needs:`. Every pipeline here also passes GitLab's CI schema.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { RawAnswers } from '../../src/core/answers';
import { effectiveJob, effectiveJobs } from '../../src/core/effective-jobs';
import { MODE_CASES, render } from '../support/render';
import { runMain, argvOf } from '../support/main-in-process';
import { tempDir } from '../support/cli';
import { schemaErrors, validateCi } from '../support/schemas';

const script = (ci: Record<string, unknown>, job: string): string => (effectiveJob(ci, job).raw.script as string[]).join('\n');
const DOCKER_MODES = MODE_CASES.filter((c) => !['buildah', 'buildkit'].includes(String(c.raw.mode)));

describe.each(MODE_CASES)('mode $name', ({ raw }) => {
  test.each([false, true])('interruptible build and test, needs on test and release (--test-in-build %s)', (inBuild) => {
    const builder = raw.mode === 'buildah' || raw.mode === 'buildkit';
    if (builder && inBuild) return; // refused there, below
    const { ci } = render({ ...raw, testInBuild: inBuild, ...(builder ? { testCommand: 'true' } : {}) });
    expect(schemaErrors(validateCi, ci)).toEqual([]);
    expect(effectiveJob(ci, 'docker-build').raw.interruptible).toBe(true);
    if (inBuild) {
      expect(Object.keys(ci)).not.toContain('docker-test');
      expect(effectiveJob(ci, 'docker-release').raw.needs).toEqual(['docker-build']);
    } else {
      expect(effectiveJob(ci, 'docker-test').raw).toMatchObject({ interruptible: true, needs: ['docker-build'] });
      expect(effectiveJob(ci, 'docker-release').raw.needs).toEqual(['docker-test']);
    }
    // A release is never cancelled half-way.
    expect(effectiveJob(ci, 'docker-release').raw.interruptible).toBeUndefined();
  });
});

describe.each(MODE_CASES.filter((c) => c.raw.mode === 'dind' || c.raw.mode === 'kubernetes'))('mode $name: docker-release starts no daemon', ({ raw }) => {
  const { ci, plan } = render(raw);
  const release = effectiveJobs(ci).find((j) => j.name === 'docker-release')!;
  test('skopeo copies the tested tag to the release tag, keeping the digest, with no dind service', () => {
    expect(release.services).toEqual([]);
    expect(release.image).toBe(plan.ci.releaseImage!.resolved);
    expect(release.image).toMatch(/^quay\.io\/skopeo\/stable:v\d+\.\d+\.\d+$/);
    expect(script(ci, 'docker-release')).toBe(
      'skopeo copy --all --preserve-digests "docker://$IMAGE_NAME:$CI_COMMIT_SHORT_SHA" "docker://$IMAGE_NAME:$RELEASE_TAG"',
    );
    expect((effectiveJob(ci, 'docker-release').raw.before_script as string[]).join('\n')).toContain(
      'skopeo login --username "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY"',
    );
  });
  test('build and test keep their daemon', () => {
    for (const job of ['docker-build', 'docker-test']) expect(effectiveJobs(ci).find((j) => j.name === job)!.services).toHaveLength(1);
  });
});

test('socket and shell release with the host daemon, which already holds the image (no image to pull for it)', () => {
  for (const mode of ['socket', 'shell']) expect(script(render({ mode }).ci, 'docker-release')).toContain('docker push "$IMAGE_NAME:$RELEASE_TAG"');
});

describe.each(DOCKER_MODES)('mode $name: layer cache', ({ raw }) => {
  test('BuildKit (Docker 23+): both cache tags, inline cache, no pull before the build; the cache tag is pushed', () => {
    const { ci, plan } = render(raw);
    const build = script(ci, 'docker-build');
    expect(plan.ci.legacyBuilder).toBe(false);
    expect(effectiveJob(ci, 'docker-build').variables.DOCKER_BUILDKIT).toBe('1');
    expect(build).toContain('--cache-from "$CACHE_IMAGE" --cache-from "$DEFAULT_CACHE_IMAGE" --build-arg BUILDKIT_INLINE_CACHE=1');
    expect(build).not.toContain('docker pull');
    expect(build).toContain('--tag "$CACHE_IMAGE"');
    expect(build).toContain('docker push "$CACHE_IMAGE"');
  });
  test("the legacy builder (Docker 20.10): the cache is pulled first, and BuildKit's switch is not passed", () => {
    const { ci, plan } = render({ ...raw, dockerVersion: '20.10.24' });
    const build = script(ci, 'docker-build');
    expect(plan.ci.legacyBuilder).toBe(true);
    expect(effectiveJob(ci, 'docker-build').variables.DOCKER_BUILDKIT).toBeUndefined();
    expect(build).not.toContain('BUILDKIT_INLINE_CACHE');
    expect(build).toContain('docker pull "$CACHE_IMAGE" || docker pull "$DEFAULT_CACHE_IMAGE" || true');
    expect(build).toContain('--cache-from "$CACHE_IMAGE" --cache-from "$DEFAULT_CACHE_IMAGE"');
    expect(schemaErrors(validateCi, ci)).toEqual([]);
  });
});

test("buildkit mode: registry cache per branch, the default branch's as fallback", () => {
  const build = script(render({ mode: 'buildkit' }).ci, 'docker-build');
  expect(build).toContain(
    '--export-cache "type=registry,ref=$CACHE_REF,mode=max" --import-cache "type=registry,ref=$CACHE_REF" --import-cache "type=registry,ref=$DEFAULT_CACHE_REF"',
  );
  expect(build).toContain('CACHE_REF="$IMAGE_NAME:buildcache-$CI_COMMIT_REF_SLUG"');
});

/** GitLab's CI_COMMIT_REF_SLUG: lowercased, all but a-z and 0-9 to -, at most 63 bytes, no - at either end. */
const gitlabSlug = (ref: string): string =>
  ref
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '-')
    .slice(0, 63)
    .replace(/^-+|-+$/g, '');

test.each(['main', 'Feature/Cache_Test', 'release/2.x', '-odd-', `long/${'x'.repeat(80)}`])(
  'the default branch %j is slugged as GitLab slugs a ref (run by sh)',
  (branch) => {
    for (const mode of ['dind', 'buildkit']) {
      const first = (effectiveJob(render({ mode }).ci, 'docker-build').raw.script as string[])[0];
      const r = spawnSync('sh', ['-c', `${first}\nprintf '%s' "\${DEFAULT_CACHE_IMAGE:-$DEFAULT_CACHE_REF}"`], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, IMAGE_NAME: 'registry.example.com/g/app', CI_COMMIT_REF_SLUG: 'topic', CI_DEFAULT_BRANCH: branch },
      });
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(`registry.example.com/g/app:${mode === 'dind' ? 'cache' : 'buildcache'}-${gitlabSlug(branch)}`);
    }
  },
);

describe('--test-in-build', () => {
  test.each(DOCKER_MODES)('$name: the test runs in docker-build after the cache push, before the commit tag is pushed', ({ raw }) => {
    for (const extra of [{}, { testCommand: 'app --self-test' }] as RawAnswers[]) {
      const { ci } = render({ ...raw, ...extra, testInBuild: true });
      const build = script(ci, 'docker-build');
      const test = extra.testCommand ? build.indexOf('docker run --rm "$IMAGE_NAME:$CI_COMMIT_SHORT_SHA" app --self-test') : build.indexOf('smoke check');
      expect(test).toBeGreaterThan(build.indexOf('docker push "$CACHE_IMAGE"'));
      expect(test).toBeLessThan(build.indexOf('docker push "$IMAGE_NAME:$CI_COMMIT_SHORT_SHA"'));
    }
  });

  test('with Testcontainers the release waits for that job too', () => {
    const { ci } = render({ mode: 'dind', testInBuild: true, testcontainers: true, testImage: 'maven:3.9-eclipse-temurin-21' });
    expect(effectiveJob(ci, 'docker-release').raw.needs).toEqual(['docker-build', 'testcontainers-test']);
    expect(schemaErrors(validateCi, ci)).toEqual([]);
  });

  test.each([
    [
      ['--mode', 'buildah', '--test-command', 'true', '--test-in-build'],
      '--test-in-build: applies to --mode dind, socket, shell or kubernetes only, not "buildah"',
    ],
    [['--mode', 'buildkit', '--test-in-build'], '--test-in-build: applies to --mode dind, socket, shell or kubernetes only, not "buildkit"'],
    [['--no-test', '--test-in-build'], '--test-in-build: conflicts with --no-test; expected a test to run in the build job, or no test'],
  ])('refused: %j', async (argv, message) => {
    const dir = tempDir();
    const run = await runMain(['init', '--yes', ...argv], dir);
    expect([run.code, run.stderr]).toEqual([2, `gitlab-dind: ${message}\n`]);
  });

  test('recorded in .gitlab-dind.yml when on, and not at all when off', async () => {
    const on = tempDir();
    expect((await runMain(['init', '--yes', ...argvOf({ mode: 'socket', testInBuild: true })], on)).code).toBe(0);
    const off = tempDir();
    expect((await runMain(['init', '--yes', '--mode', 'socket'], off)).code).toBe(0);
    const read = (dir: string) => fs.readFileSync(`${dir}/.gitlab-dind.yml`, 'utf8') as string;
    expect(read(on)).toMatch(/^ {2}test-in-build: true$/m);
    expect(read(off)).not.toContain('test-in-build');
  });
});

test.each([
  ...MODE_CASES.map((c) => [c.name, argvOf(c.raw)]),
  ['dind --test-in-build', ['--mode', 'dind', '--test-in-build']],
  ['kubernetes, Docker 20.10', ['--mode', 'kubernetes', '--docker-version', '20.10.24']],
] as [string, string[]][])('lint finds no error in what init writes: %s', async (_name, argv) => {
  const dir = tempDir();
  fs.writeFileSync(`${dir}/Dockerfile`, 'FROM busybox:1.36\n');
  expect((await runMain(['init', '--yes', ...argv], dir)).code).toBe(0);
  const lint = await runMain(['lint'], dir);
  expect(lint.stdout.split('\n').filter((l) => / error /.test(l))).toEqual([]);
  expect(lint.code).toBe(0);
});
