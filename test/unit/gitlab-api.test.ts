/** register's pure parts: the requests built from the answers, GitLab's answers read, the token put into config.toml. */
import TOML from '@iarna/toml';
import { ProblemError, UsageError } from '../../src/core/errors';
import { apiBase, createRunnerRequest, describeRequest, lookupRequest, readCreated, readLookup, scopeFrom, serverMessage } from '../../src/core/gitlab-api';
import { hasRealToken, tokenTarget, withRunnerToken } from '../../src/core/runner-token';

describe('scopeFrom', () => {
  test.each([
    [['my-group/sub', undefined, undefined], { kind: 'group', ref: 'my-group/sub' }],
    [['42', undefined, undefined], { kind: 'group', ref: 42 }],
    [[undefined, 'g/p.x_y-z', undefined], { kind: 'project', ref: 'g/p.x_y-z' }],
    [[undefined, undefined, true], { kind: 'instance' }],
  ])('%j', (input, scope) => {
    expect(scopeFrom(...(input as [unknown, unknown, unknown]))).toEqual(scope);
  });

  test.each([['../x'], ['a//b'], ['/a'], ['a/'], ['a b'], ['0'], ['a/./b'], ['a\nb'], ['']])('refuses %j with exit 2', (bad) => {
    expect(() => scopeFrom(bad, undefined, undefined)).toThrow(UsageError);
  });
});

test('apiBase keeps a path prefix; a path lookup is URL-encoded, an id is not looked up', () => {
  expect(apiBase('https://example.com/gitlab')).toBe('https://example.com/gitlab/api/v4/');
  expect(apiBase('https://gitlab.com/')).toBe('https://gitlab.com/api/v4/');
  const base = apiBase('https://gitlab.com/');
  expect(lookupRequest(base, { kind: 'project', ref: 'a/b.c' })).toEqual({ method: 'GET', url: 'https://gitlab.com/api/v4/projects/a%2Fb.c' });
  expect(lookupRequest(base, { kind: 'group', ref: 3 })).toBeUndefined();
});

test('the create request: tags and run_untagged false, or no tags and run_untagged true', () => {
  const base = 'https://gitlab.com/api/v4/';
  const tagged = createRunnerRequest(base, { kind: 'group', ref: 'g' }, { description: 'dind-tls', tags: ['a'] }, 5);
  expect(JSON.parse(tagged.body!)).toEqual({ runner_type: 'group_type', group_id: 5, description: 'dind-tls', tag_list: ['a'], run_untagged: false });
  const untagged = createRunnerRequest(base, { kind: 'instance' }, { description: 'x', tags: [] });
  expect(JSON.parse(untagged.body!)).toEqual({ runner_type: 'instance_type', description: 'x', run_untagged: true });
  expect(describeRequest(tagged)).not.toMatch(/PRIVATE-TOKEN:/);
});

test("GitLab's error bodies, quoted printable and short", () => {
  expect(serverMessage('{"message":"404 Group Not Found"}')).toBe('404 Group Not Found');
  expect(serverMessage('{"message":{"tag_list":["is bad","too long"]}}')).toBe('tag_list is bad, too long');
  expect(serverMessage('{"error":"insufficient_scope","error_description":"needs more"}')).toBe('insufficient_scope; needs more');
  expect(serverMessage(`{"message":"a\\u001b[31mred\\nline${'x'.repeat(500)}"}`)).toMatch(/^a\[31mred linex{100,}…$/);
  expect(serverMessage('<html>')).toBe('');
});

test('a created runner: its token is checked and never quoted', () => {
  const scope = { kind: 'group', ref: 1 } as const;
  expect(readCreated({ status: 201, body: '{"id":9,"token":"glrt-abcdefgh","token_expires_at":null}', cut: false }, scope)).toEqual({
    id: 9,
    token: 'glrt-abcdefgh',
  });
  for (const token of ['glrt-has space', 'glrt-"quote"x', 'short', 42]) {
    const body = JSON.stringify({ id: 9, token });
    expect(() => readCreated({ status: 201, body, cut: false }, scope)).toThrow(ProblemError);
    try {
      readCreated({ status: 201, body, cut: false }, scope);
    } catch (err) {
      expect((err as Error).message).not.toContain(String(token));
    }
  }
  expect(() => readLookup({ status: 200, body: '{"id":"7"}', cut: false }, scope)).toThrow(/has no group id/);
});

const CONFIG = `# mine\nconcurrent = 4\n\n[[runners]]\n  name = "other"\n  token = "glrt-theirs-xxxx"\n\n[[runners]]\n  # keep\n  name = "dind-tls"\n  url = "https://gitlab.com/"\n  token = "$RUNNER_TOKEN"\n  executor = "docker"\n`;

test('the token goes into the named runner only, comments kept', () => {
  expect(tokenTarget(CONFIG, 'dind-tls', 'c.toml')).toEqual({ hasToken: false });
  expect(tokenTarget(CONFIG, 'other', 'c.toml')).toEqual({ hasToken: true });
  expect(() => tokenTarget(CONFIG, 'nope', 'c.toml')).toThrow(/has no runner named "nope"/);
  const { contents, rewritten } = withRunnerToken(CONFIG, 'dind-tls', 'glrt-new-token-1', 'c.toml');
  expect(rewritten).toBe(false);
  expect(contents).toBe(CONFIG.replace('"$RUNNER_TOKEN"', '"glrt-new-token-1"'));
  const runners = TOML.parse(contents).runners as { token: string }[];
  expect(runners.map((r) => r.token)).toEqual(['glrt-theirs-xxxx', 'glrt-new-token-1']);
  expect(hasRealToken({ token: '${RUNNER_TOKEN}' })).toBe(false);
  expect(hasRealToken({ token: '' })).toBe(false);
});
