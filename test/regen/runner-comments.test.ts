/** Comments that belong to a managed part of config.toml go with it (issue 15, scenario 6). */
import TOML from '@iarna/toml';
import { freshRecord, mergeFile, MergeInput } from '../../src/core/merge';
import { runnerCommentBlocks } from '../../src/core/record/runner-comments';
import { render } from '../support/render-texts';

const merge = (over: Partial<MergeInput> & { current: string; rendered: string }) =>
  mergeFile('runner', { display: 'config.toml', force: false, runnerName: 'dind-tls', record: undefined, ...over });

describe('comments of managed parts in config.toml', () => {
  const dind = render({ runnerName: 'ci-runner' });
  const socket = render({ mode: 'socket', runnerName: 'ci-runner' });
  const record = freshRecord('runner', dind.runner, 'ci-runner');
  // A hand edit elsewhere, so the file is not the one the tool wrote (a pristine file simply takes the render).
  const edited = dind.runner.replace('concurrent = 4', 'concurrent = 6');

  it('finds the comment right above each key, and the header', () => {
    const blocks = runnerCommentBlocks(dind.runner, 'ci-runner');
    const privileged = blocks.get('runners[name="ci-runner"].docker.privileged')!;
    expect(privileged).toHaveLength(3);
    expect(privileged[0]).toMatch(/^# Least privilege \(GitLab Runner 16\.1 and later\)/);
    expect(blocks.get('(header)')![0]).toMatch(/^# Written by gitlab-dind: Docker-in-Docker/);
    expect(blocks.get('concurrent')).toEqual([]);
  });

  it("a change of mode: no dind comment above the new values, the header says the new mode, the user's edit stays", () => {
    const out = merge({ current: edited, rendered: socket.runner, record, runnerName: 'ci-runner' });
    expect(out.contents).not.toMatch(/Least privilege|dind service/);
    // The keys only dind's render had go: a socket runner must not run services privileged.
    expect(out.contents).not.toMatch(/services_privileged|allowed_privileged_services/);
    expect(out.contents).not.toMatch(/carries dind's TLS client certificates/);
    expect(out.contents).toMatch(/# Not privileged: jobs use the host's daemon through the bound socket, not one of their own.\n {4}privileged = false/);
    expect(out.contents.split('\n')[0]).toBe(socket.runner.split('\n')[0]);
    expect(out.contents).toContain('concurrent = 6');
    const parsed = TOML.parse(out.contents) as { runners: { docker: Record<string, unknown> }[] };
    expect(parsed.runners[0].docker.privileged).toBe(false);
    // Apart from the kept edit (and the spacing of a rewritten array), the file is the socket render, comments and all.
    const spacing = (t: string) => t.replace(/\[ (.*) \]/g, '[$1]');
    expect(spacing(out.contents)).toBe(socket.runner.replace('concurrent = 4', 'concurrent = 6'));
  });

  it('a comment the user wrote above a managed key stays, with the new value under it', () => {
    const own = edited.replace(/( {4}# .*\n)+( {4}privileged = false)/, '    # we checked this with security, ticket SEC-12\n$2');
    expect(own).toContain('SEC-12');
    const out = merge({ current: own, rendered: socket.runner, record, runnerName: 'ci-runner' });
    expect(out.contents).toContain('    # we checked this with security, ticket SEC-12\n    privileged = false');
    // The next run still knows that comment is the user's.
    const again = merge({ current: out.contents, rendered: dind.runner, record: out.record, runnerName: 'ci-runner' });
    expect(again.contents).toContain('    # we checked this with security, ticket SEC-12\n    privileged = false');
    expect((TOML.parse(again.contents) as { runners: { docker: Record<string, unknown> }[] }).runners[0].docker.services_privileged).toBe(true);
  });

  it('a runner config the tool did not write keeps its comments', () => {
    const host = edited.replace('# Written by gitlab-dind', '# Our host');
    const out = merge({ current: host, rendered: socket.runner, record: undefined, runnerName: 'ci-runner', force: true });
    expect(out.contents).toContain('# Least privilege');
    expect(out.contents.split('\n')[0]).toMatch(/^# Our host/);
  });
});
