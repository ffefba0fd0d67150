/**
 * The `# renovate:` comments, read as Renovate reads them. The regular expression is the one
 * Renovate's own `customManagers:gitlabPipelineVersions` preset uses, copied from
 * renovatebot/renovate lib/config/presets/internal/custom-managers.preset.ts
 * (commit 02694beee9e1d38a8a6ce814ae8e3a1326bdd1e6), with its JSON escaping undone.
 */
import { BUILDAH_VERSION, BUILDKIT_VERSION, DOCKER_VERSION, SKOPEO_VERSION } from '../../src/core/versions';
import { MODE_CASES, render } from '../support/render';

const GITLAB_PIPELINE_VERSIONS =
  '# renovate: datasource=(?<datasource>[a-zA-Z0-9-._]+?) depName=(?<depName>[^\\s]+?)(?: (?:packageName)=(?<packageName>[^\\s]+?))?(?: versioning=(?<versioning>[^\\s]+?))?(?: extractVersion=(?<extractVersion>[^\\s]+?))?(?: registryUrl=(?<registryUrl>[^\\s]+?))?\\s+[A-Za-z0-9_]+?_VERSION\\s*:\\s*["\']?(?<currentValue>.+?)["\']?\\s';

/** What Renovate's regex manager extracts from a file: one dependency per match. */
function renovateDeps(text: string): { datasource: string; depName: string; currentValue: string }[] {
  return [...text.matchAll(new RegExp(GITLAB_PIPELINE_VERSIONS, 'g'))].map((m) => ({
    datasource: m.groups!.datasource,
    depName: m.groups!.depName,
    currentValue: m.groups!.currentValue,
  }));
}

// The versions are the upstream's: Renovate is told the upstream image, wherever the pipeline pulls it from.
const UPSTREAM: Record<string, { depName: string; currentValue: string }[]> = {
  docker: [{ depName: 'docker', currentValue: DOCKER_VERSION }],
  // dind's release job copies with skopeo, as the builders' do.
  dind: [
    { depName: 'docker', currentValue: DOCKER_VERSION },
    { depName: 'quay.io/skopeo/stable', currentValue: SKOPEO_VERSION },
  ],
  buildah: [
    { depName: 'quay.io/buildah/stable', currentValue: BUILDAH_VERSION },
    { depName: 'quay.io/skopeo/stable', currentValue: SKOPEO_VERSION },
  ],
  buildkit: [
    { depName: 'moby/buildkit', currentValue: BUILDKIT_VERSION },
    { depName: 'quay.io/skopeo/stable', currentValue: SKOPEO_VERSION },
  ],
};

const PULLS_FROM: [string, Record<string, unknown>][] = [
  ['Docker Hub', {}],
  ['a mirror prefix', { imageRegistry: 'harbor.example.com/dockerhub' }],
  ['a mirror prefix with a port', { imageRegistry: 'harbor.example.com:8443/devops' }],
];

describe.each(MODE_CASES.filter((c) => c.raw.mode !== 'shell'))('mode $name', ({ raw }) => {
  test.each(PULLS_FROM)("Renovate's gitlabPipelineVersions preset finds every pin, under the upstream image's name, pulling from %s", (_from, pull) => {
    const { text, plan } = render({ ...raw, ...pull });
    const mode = plan.answers.mode;
    const expected = UPSTREAM[mode === 'buildah' || mode === 'buildkit' ? mode : mode === 'dind' || mode === 'kubernetes' ? 'dind' : 'docker'].map((d) => ({
      datasource: 'docker',
      ...d,
    }));
    expect(renovateDeps(text.ci)).toEqual(expected);
  });
});

test("with the Dependency Proxy, too, the docker pin names Docker Hub's docker", () => {
  expect(renovateDeps(render({ mode: 'dind', dependencyProxy: true }).text.ci)).toEqual([
    { datasource: 'docker', depName: 'docker', currentValue: DOCKER_VERSION },
    { datasource: 'docker', depName: 'quay.io/skopeo/stable', currentValue: SKOPEO_VERSION },
  ]);
});

test('shell mode pins no image, so has no Renovate comment', () => {
  expect(renovateDeps(render({ mode: 'shell' }).text.ci)).toEqual([]);
});
