import YAML from 'yaml';
import { UsageError } from '../../src/core/errors';
import { freshRecord, mergeFile, MergeInput } from '../../src/core/merge';
import { pipelineParts } from '../../src/core/merge/pipeline-merge';
import { effectiveJob } from '../../src/core/effective-jobs';
import { render } from '../support/render-texts';

const USER_JOB = `
# Lint the Dockerfile before anything is built.
lint-dockerfile:
  stage: build
  image: hadolint/hadolint:v2.12.0  # pinned on purpose
  script:
    - hadolint Dockerfile
`;

function merge(over: Partial<MergeInput> & { current: string; rendered: string }, recordedFrom?: string): ReturnType<typeof mergeFile> {
  const record = over.record ?? (recordedFrom === undefined ? undefined : freshRecord('ci', recordedFrom, 'dind-tls'));
  return mergeFile('ci', { display: '.gitlab-ci.yml', force: false, runnerName: 'dind-tls', ...over, record });
}

const data = (text: string) => YAML.parse(text) as Record<string, Record<string, unknown>>;

describe('merging a new render into .gitlab-ci.yml', () => {
  const v29 = render({ tags: 'docker' }).ci;
  const v28 = render({ tags: 'docker', dockerVersion: '28.5.2' }).ci;

  it('changes nothing when nothing changed, keeping the text byte for byte', () => {
    const current = v29 + USER_JOB;
    const out = merge({ current, rendered: v29 }, v29);
    expect(out.contents).toBe(current);
    expect(out.issues).toEqual([]);
  });

  it("replaces parts the user left alone and keeps the user's job and comments", () => {
    const out = merge({ current: v29 + USER_JOB, rendered: v28 }, v29);
    expect(out.issues).toEqual([]);
    const merged = data(out.contents);
    expect(effectiveJob(merged, 'docker-build').image).toBe('docker:28.5.2-cli');
    expect(effectiveJob(merged, 'docker-build').services.map((s) => [s.name, s.alias])).toEqual([['docker:28.5.2-dind', 'docker']]);
    expect(merged['lint-dockerfile']).toEqual(data(USER_JOB)['lint-dockerfile']);
    expect(out.contents).toContain('# Lint the Dockerfile before anything is built.\nlint-dockerfile:');
    expect(out.contents).toContain('# pinned on purpose');
    // The tool's own text, comments included, is what a fresh render writes.
    expect(out.contents.slice(0, v28.length)).toBe(v28);
  });

  it('keeps a comment the user wrote inside a part the tool updates', () => {
    const current = v29.replace('  before_script:\n', '  # our proxy needs this too\n  before_script:\n');
    const out = merge({ current, rendered: v28 }, v29);
    expect(out.issues).toEqual([]);
    expect(out.contents).toContain('  # our proxy needs this too\n  before_script:');
    expect(effectiveJob(data(out.contents), 'docker-build').image).toBe('docker:28.5.2-cli');
  });

  it("follows a mode change: the tool's parts, header and comments become the new render's, the user's job stays", () => {
    const socket = render({ tags: 'docker', mode: 'socket' }).ci;
    const out = merge({ current: v29 + USER_JOB, rendered: socket }, v29);
    expect(out.issues).toEqual([]);
    expect(out.contents.slice(0, socket.length)).toBe(socket);
    expect(data(out.contents)['lint-dockerfile']).toEqual(data(USER_JOB)['lint-dockerfile']);
  });

  it('keeps a header the user rewrote', () => {
    const current = v29.replace('# Written by gitlab-dind:', '# Our build pipeline; written by gitlab-dind:');
    const out = merge({ current, rendered: render({ tags: 'docker', mode: 'socket' }).ci }, v29);
    expect(out.contents.startsWith('# Our build pipeline; written by gitlab-dind: Docker-in-Docker')).toBe(true);
    expect(data(out.contents)['.docker-base'].services).toBeUndefined();
  });

  it('does not count formatting as an edit', () => {
    const doc = YAML.parseDocument(v29);
    const reformatted = YAML.stringify(doc.toJS(), { indentSeq: false, defaultStringType: 'QUOTE_SINGLE' });
    expect(reformatted).not.toBe(v29);
    expect(pipelineParts(reformatted)).toEqual(pipelineParts(v29));
  });

  it('keeps a hand-edited managed value and reports it as edited', () => {
    const current = v29.replace('DOCKER_HOST: "tcp://docker:2376"', 'DOCKER_HOST: "tcp://docker:2377"');
    const out = merge({ current, rendered: v29 }, v29);
    expect(out.contents).toBe(current);
    expect(out.issues).toEqual([{ path: '.docker-base', kind: 'edited', forced: false }]);
    // The record still holds what the tool wrote, so the edit stays visible to --check.
    expect(out.record.parts?.['.docker-base']).toBe(freshRecord('ci', v29, 'dind-tls').parts?.['.docker-base']);
  });

  it("reports a conflict and keeps the user's part when both changed it; --force takes the render and asks for a .bak", () => {
    const current = v29.replace('DOCKER_HOST: "tcp://docker:2376"', 'DOCKER_HOST: "tcp://docker:2377"');
    const tagged = render({ tags: 'docker,linux' }).ci;
    const out = merge({ current, rendered: tagged }, v29);
    expect(out.issues).toEqual([{ path: '.docker-base', kind: 'conflict', forced: false }]);
    expect(data(out.contents)['.docker-base']).toEqual(data(current)['.docker-base']);
    expect(out.backup).toBe(false);
    const forced = merge({ current, rendered: tagged, force: true }, v29);
    expect(forced.issues).toEqual([{ path: '.docker-base', kind: 'conflict', forced: true }]);
    expect(data(forced.contents)['.docker-base']).toEqual(data(tagged)['.docker-base']);
    expect(forced.backup).toBe(true);
  });

  it('combines both changes inside a part when the old render is known (upgrade)', () => {
    const current = v29.replace('    DOCKER_HOST: "tcp://docker:2376"\n', '    DOCKER_HOST: "tcp://docker:2376"\n    # our mirror\n    DOCKER_BUILDKIT: "1"\n');
    const out = merge({ current, rendered: v28, base: v29 }, v29);
    expect(out.issues).toEqual([{ path: '.docker-base', kind: 'edited', forced: false }]);
    const base = data(out.contents)['.docker-base'];
    expect(base.variables).toMatchObject({ DOCKER_VERSION: '28.5.2' });
    expect(base.variables).toMatchObject({ DOCKER_BUILDKIT: '1', DOCKER_HOST: 'tcp://docker:2376' });
    expect(out.contents).toContain('# our mirror');
  });

  it('reports the key path of a conflict inside a part when both changed the same value', () => {
    const current = v29.replace('DOCKER_VERSION: "29.10.1"', 'DOCKER_VERSION: "29.10.0"');
    const out = merge({ current, rendered: v28, base: v29 }, v29);
    expect(out.issues).toEqual([{ path: '.docker-base.variables.DOCKER_VERSION', kind: 'conflict', forced: false }]);
    expect(effectiveJob(data(out.contents), 'docker-build').image).toBe('docker:29.10.0-cli');
  });

  it('leaves a removed tool job removed, and adds a part new in the render', () => {
    const current = v29.replace(/\ndocker-test:[\s\S]*?\n\n/, '\n');
    expect(data(current)['docker-test']).toBeUndefined();
    const out = merge({ current, rendered: v29 }, v29);
    expect(data(out.contents)['docker-test']).toBeUndefined();
    expect(out.issues).toEqual([{ path: 'docker-test', kind: 'edited', forced: false }]);
    const without = { file: 'sha256:0', parts: { ...freshRecord('ci', v29, 'dind-tls').parts } };
    delete without.parts['docker-test'];
    const added = merge({ current, rendered: v29, record: without });
    expect(Object.keys(data(added.contents))).toEqual(Object.keys(data(v29)));
  });

  it("moves pinned docker images in the user's own jobs on upgrade", () => {
    const own = '\nscan:\n  image: docker:29.10.1-cli\n  services:\n    - docker:29.10.1-dind\n  script: [docker version]\n';
    const moves = { 'docker:29.10.1-cli': 'docker:28.5.2-cli', 'docker:29.10.1-dind': 'docker:28.5.2-dind' };
    const out = merge({ current: v29 + own, rendered: v28, base: v29, moves }, v29);
    expect(data(out.contents).scan).toMatchObject({ image: 'docker:28.5.2-cli', services: ['docker:28.5.2-dind'] });
    expect(out.moved).toEqual([
      '.gitlab-ci.yml scan.image: docker:29.10.1-cli → docker:28.5.2-cli',
      '.gitlab-ci.yml scan.services[0]: docker:29.10.1-dind → docker:28.5.2-dind',
    ]);
  });

  it('reads a schema 1 record: an untouched file counts as the baseline, an edited one has none', () => {
    const schema1 = { file: freshRecord('ci', v29, 'dind-tls').file };
    const untouched = merge({ current: v29, rendered: v28, record: schema1 });
    expect(untouched.issues).toEqual([]);
    expect(untouched.contents).toBe(v28);
    const edited = v29.replace('stage: test', 'stage: build') + USER_JOB;
    const out = merge({ current: edited, rendered: v28, record: schema1 });
    expect(out.issues.map((i) => [i.path, i.kind])).toEqual([
      ['.docker-base', 'conflict'],
      ['docker-test', 'conflict'],
    ]);
    // With the render before the upgrade at hand, its fingerprint names the baseline again.
    const recovered = merge({ current: edited, rendered: v28, record: schema1, base: v29 });
    expect(recovered.issues.map((i) => [i.path, i.kind])).toEqual([['docker-test', 'edited']]);
    expect(effectiveJob(data(recovered.contents), 'docker-build').image).toBe('docker:28.5.2-cli');
  });

  it('refuses a pipeline that does not parse, naming the line', () => {
    const broken = `${v29}\nbroken: [unclosed\n`;
    expect(() => merge({ current: broken, rendered: v29 }, v29)).toThrow(UsageError);
    expect(() => merge({ current: broken, rendered: v29 }, v29)).toThrow(/^\.gitlab-ci\.yml: does not parse: line \d+: [^;]+; fix it, then run again$/);
    expect(() => merge({ current: 'a: 1\na: 2\n', rendered: v29 }, v29)).toThrow(/line 2/);
  });
});
