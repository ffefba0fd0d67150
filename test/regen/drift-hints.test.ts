/** Drift the answers cover: the key of .gitlab-dind.yml that renders the user's version. */
import YAML from 'yaml';
import { hintText, pipelineHints, runnerHints } from '../../src/core/drift';
import { render } from '../support/render-texts';

describe('answers that cover a hand edit', () => {
  const dind = render();
  const tagged = render({ tags: 'docker,linux' });

  it('the version variable, or an image with its version written in: docker-version', () => {
    expect(pipelineHints(dind.ci.replace('DOCKER_VERSION: "29.10.1"', 'DOCKER_VERSION: "28.5.2"'), dind.ci, '.docker-base')).toEqual([
      { key: 'docker-version', value: '28.5.2' },
    ]);
    const service = dind.ci.replace('"docker:${DOCKER_VERSION}-dind"', '"docker:28.5.2-dind"');
    expect(service).not.toBe(dind.ci);
    expect(pipelineHints(service, dind.ci, '.docker-base')).toEqual([{ key: 'docker-version', value: '28.5.2' }]);
    expect(
      runnerHints(
        dind.runner.replace('image = "docker:29.10.1-cli"', 'image = "docker:28.5.2-cli"'),
        dind.runner,
        'runners[name="dind-tls"].docker.image',
        'dind-tls',
      ),
    ).toEqual([{ key: 'docker-version', value: '28.5.2' }]);
  });

  it('buildah and buildkit versions: builder-version', () => {
    const buildah = render({ mode: 'buildah' });
    const edited = buildah.ci.replace(/BUILDAH_VERSION: "([^"]+)"/, 'BUILDAH_VERSION: "1.2.3"');
    expect(edited).not.toBe(buildah.ci);
    const part = Object.keys(YAML.parse(buildah.ci)).find((k: string) => edited.includes(k) && pipelineHints(edited, buildah.ci, k));
    expect(pipelineHints(edited, buildah.ci, part!)).toEqual([{ key: 'builder-version', value: '1.2.3' }]);
  });

  it('concurrent and the GitLab URL of the runner', () => {
    expect(runnerHints(dind.runner.replace('concurrent = 4', 'concurrent = 12'), dind.runner, 'concurrent', 'dind-tls')).toEqual([
      { key: 'concurrent', value: '12' },
    ]);
    expect(
      runnerHints(
        dind.runner.replace('url = "https://gitlab.com/"', 'url = "https://git.example.com/"'),
        dind.runner,
        'runners[name="dind-tls"].url',
        'dind-tls',
      ),
    ).toEqual([{ key: 'gitlab-url', value: 'https://git.example.com/' }]);
  });

  it('tags changed, added where none were answered, or removed', () => {
    const job = '.docker-base';
    const edited = tagged.ci.replace('    - "linux"\n', '    - "arm64"\n');
    expect(edited).not.toBe(tagged.ci);
    expect(pipelineHints(edited, tagged.ci, job)).toEqual([{ key: 'tags', value: 'docker,arm64' }]);
    expect(pipelineHints(tagged.ci, dind.ci, job)).toEqual([{ key: 'tags', value: 'docker,linux' }]);
    expect(pipelineHints(dind.ci, tagged.ci, job)).toEqual([{ key: 'tags', value: '' }]);
  });

  it("no hint where an edit is not all an answer's", () => {
    const both = dind.ci.replace('DOCKER_VERSION: "29.10.1"', 'DOCKER_VERSION: "28.5.2"\n    MY_FLAG: "1"');
    expect(pipelineHints(both, dind.ci, '.docker-base')).toBeUndefined();
    expect(
      runnerHints(dind.runner.replace('privileged = true', 'privileged = false'), dind.runner, 'runners[name="dind-tls"].docker.privileged', 'dind-tls'),
    ).toBeUndefined();
  });

  it('says it as lines of the answers file', () => {
    expect(
      hintText([
        { key: 'docker-version', value: '28.5.2' },
        { key: 'tags', value: 'a b' },
      ]),
    ).toBe('docker-version: 28.5.2 and tags: "a b"');
  });
});
