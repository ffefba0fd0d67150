/** The version pins Renovate moves, read with the regexes docs/component.md gives for them. */
import fs from 'node:fs';
import path from 'node:path';
import { MODE_IDS } from '../../src/core/modes';
import { BUILDAH_VERSION, BUILDKIT_VERSION, DOCKER_VERSION, SKOPEO_VERSION } from '../../src/core/versions';
import { tempDir } from '../support/cli';
import { runMain } from '../support/main-in-process';
import { component } from './support';

// docs/component.md, "Renovate": the component project's version defaults, and .gitlab-dind.yml's component.
const TEMPLATE_DEFAULTS = /# renovate: datasource=(?<datasource>\S+) depName=(?<depName>\S+)\s+(?:default|[A-Z_]+_VERSION): "?(?<currentValue>[^\s"]+)"?/g;
const ANSWERS_COMPONENT = /component: (?<depName>[^\s@]+)\/[^/\s@]+@(?<currentValue>\S+)/g;

const EXPECTED: Record<string, [string, string][]> = {
  buildah: [
    ['quay.io/buildah/stable', BUILDAH_VERSION],
    ['quay.io/skopeo/stable', SKOPEO_VERSION],
  ],
  buildkit: [
    ['moby/buildkit', BUILDKIT_VERSION],
    ['quay.io/skopeo/stable', SKOPEO_VERSION],
  ],
  // dind and kubernetes release with skopeo (issue 21): its pin too.
  dind: [
    ['docker', DOCKER_VERSION],
    ['quay.io/skopeo/stable', SKOPEO_VERSION],
  ],
  kubernetes: [
    ['docker', DOCKER_VERSION],
    ['quay.io/skopeo/stable', SKOPEO_VERSION],
  ],
  shell: [],
};

test.each(MODE_IDS.map((m) => [m]))(
  "component %s: the version input's default (and skopeo's pin) found under the upstream image; the input itself not taken for a version",
  (mode) => {
    const found = [...component({ mode }).contents.matchAll(TEMPLATE_DEFAULTS)].map((m) => [m.groups!.depName, m.groups!.currentValue]);
    expect(found).toEqual(EXPECTED[mode] ?? [['docker', DOCKER_VERSION]]);
  },
);

test('a consumer: the include names group/project/name@VERSION after $CI_SERVER_FQDN, and .gitlab-dind.yml the same version', async () => {
  const dir = tempDir('renovate-');
  expect((await runMain(['init', '--yes', '--out', dir, '--component', 'devops/docker-build/dind@1.2.0'], dir)).code).toBe(0);
  expect(fs.readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8')).toMatch(/^ {2}- component: "\$CI_SERVER_FQDN\/devops\/docker-build\/dind@1\.2\.0"$/m);
  const found = [...fs.readFileSync(path.join(dir, '.gitlab-dind.yml'), 'utf8').matchAll(ANSWERS_COMPONENT)].map((m) => [
    m.groups!.depName,
    m.groups!.currentValue,
  ]);
  expect(found).toEqual([['devops/docker-build', '1.2.0']]);
});

test("the project pipeline: create-release's glab pin", async () => {
  const dir = tempDir('renovate-project-');
  expect((await runMain(['component', '--out', dir], dir)).code).toBe(0);
  const found = [...fs.readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8').matchAll(TEMPLATE_DEFAULTS)].map((m) => [
    m.groups!.depName,
    m.groups!.currentValue,
  ]);
  expect(found).toEqual([['registry.gitlab.com/gitlab-org/cli', 'v1.51.0']]);
});
