/** --force settles conflicts only; --accept records the user's version of a part as theirs. */
import YAML from 'yaml';
import TOML from '@iarna/toml';
import { decide } from '../../src/core/merge/decide';
import { freshRecord, mergeFile, MergeInput } from '../../src/core/merge';
import { render } from '../support/render-texts';

const [R, U, N] = ['sha256:r', 'sha256:u', 'sha256:n'];

describe('decide: --force and --accept', () => {
  it('--force takes the render where both sides changed the part, never where only the user did', () => {
    expect(decide({ known: true, recorded: R, user: U, next: N }, true)).toMatchObject({ action: 'take', issue: 'conflict', forced: true });
    expect(decide({ known: true, recorded: R, user: U, next: R }, true)).toMatchObject({ action: 'keep', issue: 'edited', forced: false });
  });

  it("a part accepted before is kept silently while the user's version and the render stay as they were", () => {
    expect(decide({ known: true, recorded: R, user: U, next: R, accepted: U }, false)).toEqual({
      action: 'keep',
      forced: false,
      record: 'recorded',
      accepted: true,
    });
    // Edited again since it was accepted: an edit again.
    expect(decide({ known: true, recorded: R, user: 'sha256:u2', next: R, accepted: U }, false)).toMatchObject({ issue: 'edited' });
    // The render moved since: both sides changed it, a conflict again.
    expect(decide({ known: true, recorded: R, user: U, next: N, accepted: U }, false)).toMatchObject({ issue: 'conflict', action: 'keep' });
  });

  it("--accept keeps the user's version and records the render as it is now as its base", () => {
    expect(decide({ known: true, recorded: R, user: U, next: N, accept: true }, true)).toEqual({
      action: 'keep',
      forced: false,
      record: 'next',
      accepted: true,
      issue: 'conflict',
    });
    expect(decide({ known: true, recorded: R, user: U, next: R, accept: true }, false)).toEqual({
      action: 'keep',
      forced: false,
      record: 'next',
      accepted: true,
      issue: 'edited',
    });
    // Nothing to accept: the part is as rendered.
    expect(decide({ known: true, recorded: R, user: N, next: N, accept: true }, false)).toMatchObject({ action: 'keep', record: 'next' });
    expect(decide({ known: true, recorded: R, user: N, next: N, accept: true }, false).accepted).toBeUndefined();
  });
});

const ci = (over: Partial<MergeInput> & { current: string; rendered: string }) =>
  mergeFile('ci', { display: '.gitlab-ci.yml', force: false, runnerName: 'dind-tls', record: undefined, ...over });
const runner = (over: Partial<MergeInput> & { current: string; rendered: string }) =>
  mergeFile('runner', { display: 'config.toml', force: false, runnerName: 'dind-tls', record: undefined, ...over });

describe('the pipeline merge with --force and --accept', () => {
  const v29 = render().ci;
  const v28 = render({ dockerVersion: '28.5.2' }).ci;
  const record = freshRecord('ci', v29, 'dind-tls');
  // Edits of parts the new render does not change, and one of a part it does.
  const edited = v29
    .replace('    - docker push "$IMAGE_NAME:$CI_COMMIT_SHORT_SHA"\n', '    - docker push "$IMAGE_NAME:$CI_COMMIT_SHORT_SHA"\n    - echo pushed\n')
    .replace('    IMAGE_NAME: "$CI_REGISTRY_IMAGE"\n', '    IMAGE_NAME: "$CI_REGISTRY_IMAGE"\n    MY_FLAG: "1"\n');

  it('--force replaces only the part both changed (.docker-base); the edit of docker-build stays', () => {
    const out = ci({ current: edited, rendered: v28, record, force: true });
    expect(out.issues).toEqual([
      { path: '.docker-base', kind: 'conflict', forced: true },
      { path: 'docker-build', kind: 'edited', forced: false },
    ]);
    const data = YAML.parse(out.contents);
    expect(data['docker-build'].script).toContain('echo pushed');
    expect(data['.docker-base'].variables.MY_FLAG).toBeUndefined();
    expect(data['.docker-base'].variables.DOCKER_VERSION).toBe('28.5.2');
    expect(out.backup).toBe(true);
  });

  it('--accept records the edit; the next merge keeps it without an issue, until the user edits it again', () => {
    const accepted = ci({ current: edited, rendered: v29, record, accept: (p) => p === 'docker-build' });
    expect(accepted.issues).toEqual([
      { path: '.docker-base', kind: 'edited', forced: false },
      { path: 'docker-build', kind: 'edited', forced: false, accepted: true },
    ]);
    expect(Object.keys(accepted.record.accepted ?? {})).toEqual(['docker-build']);
    const again = ci({ current: edited, rendered: v29, record: accepted.record });
    expect(again.issues).toEqual([{ path: '.docker-base', kind: 'edited', forced: false }]);
    expect(again.record.accepted).toEqual(accepted.record.accepted);
    const reEdited = ci({ current: edited.replace('echo pushed', 'echo done'), rendered: v29, record: accepted.record });
    expect(reEdited.issues.map((i) => i.path)).toEqual(['.docker-base', 'docker-build']);
  });
});

describe('the runner merge with --force and --accept', () => {
  const dind = render().runner;
  const record = freshRecord('runner', dind, 'dind-tls');
  const edited = dind.replace('concurrent = 4', 'concurrent = 9');

  it('--force keeps a concurrent only the user changed', () => {
    const out = runner({ current: edited, rendered: render({ dockerVersion: '28.5.2' }).runner, record, force: true });
    expect((TOML.parse(out.contents) as { concurrent: number }).concurrent).toBe(9);
    expect(out.issues.find((i) => i.path === 'concurrent')).toMatchObject({ kind: 'edited', forced: false });
  });

  it('--accept of a runner key, then a clean merge', () => {
    const out = runner({ current: edited, rendered: dind, record, accept: (p) => p === 'concurrent' });
    expect(out.issues).toEqual([{ path: 'concurrent', kind: 'edited', forced: false, accepted: true, values: { yours: '9', render: '4' } }]);
    expect(runner({ current: edited, rendered: dind, record: out.record }).issues).toEqual([]);
  });
});
