import fs from 'node:fs';
import path from 'node:path';
import TOML from '@iarna/toml';
import { UsageError } from '../../src/core/errors';
import { freshRecord, mergeFile, MergeInput } from '../../src/core/merge';
import { hasTomlComment } from '../../src/core/merge/runner-merge';
import { render } from '../support/render-texts';
import { runnerSchemaErrors } from '../support/runner-schema';

type Table = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const HOST = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'multi-runner.config.toml'), 'utf8');
const parse = (text: string) => TOML.parse(text) as Table;
const runner = (config: Table, name: string) => (config.runners as Table[]).find((r) => r.name === name)!;

function merge(over: Partial<MergeInput> & { current: string | undefined; rendered: string }): ReturnType<typeof mergeFile> {
  return mergeFile('runner', { display: 'config.toml', force: false, runnerName: 'dind-tls', record: undefined, ...over });
}

describe("merging into a runner host's config.toml with two runners", () => {
  const ours = render({ gitlabUrl: 'https://gitlab.example.com', concurrent: '10' });

  it('the fixture is what GitLab writes: two runners with tokens, ids, timestamps, cache sections, a session server', () => {
    expect(runnerSchemaErrors(HOST)).toEqual([]);
    const host = parse(HOST);
    expect(host.runners).toHaveLength(2);
    expect(host.session_server).toEqual({ session_timeout: 1800 });
  });

  it('updates the managed runner, keeps both tokens and leaves the other runner untouched', () => {
    const out = merge({ current: HOST, rendered: ours.runner, force: true });
    const before = parse(HOST);
    const after = parse(out.contents);
    expect(runner(after, 'build-host-docker')).toEqual(runner(before, 'build-host-docker'));
    expect(runner(after, 'build-host-docker').token).toBe('glrt-t3_xY9kQm2LpV7nRsT4uWzA');
    const managed = runner(after, 'dind-tls');
    expect(managed.token).toBe('glrt-t1_Qe8HvB3sKd5FgJ1mNp6r');
    expect(managed).toMatchObject({
      id: 10422,
      executor: 'docker',
      token_obtained_at: runner(before, 'dind-tls').token_obtained_at,
      token_expires_at: runner(before, 'dind-tls').token_expires_at,
    });
    expect(managed.cache).toEqual(runner(before, 'dind-tls').cache);
    expect(managed.docker).toMatchObject({
      image: 'docker:29.10.1-cli',
      privileged: false,
      services_privileged: true,
      volumes: ['/certs/client', '/cache'],
      shm_size: 0,
      oom_kill_disable: false,
    });
    expect(after.session_server).toEqual(before.session_server);
    expect(after.check_interval).toBe(0);
    expect(out.issues).toEqual([
      {
        path: 'runners[name="dind-tls"].docker.image',
        kind: 'conflict',
        forced: true,
        values: { yours: '"docker:27.3.1-cli"', render: '"docker:29.10.1-cli"' },
      },
      { path: 'runners[name="dind-tls"].docker.privileged', kind: 'conflict', forced: true, values: { yours: 'true', render: 'false' } },
    ]);
    expect(runnerSchemaErrors(out.contents)).toEqual([]);
  });

  it('edits the host file in place: its comments and layout stay, only the changed lines differ', () => {
    const out = merge({ current: HOST, rendered: ours.runner });
    expect(out.notes.join('\n')).not.toMatch(/comments/);
    expect(out.backup).toBe(false);
    const [was, now] = [HOST.split('\n'), out.contents.split('\n')];
    // No --force: the host's edited image and privileged stay; the keys the runner lacks are added, nothing else.
    const added = [
      '    services_privileged = true',
      '    allowed_privileged_services = [ "docker:*-dind" ]',
      '    pull_policy = [ "always", "if-not-present" ]',
    ];
    expect(now.filter((line) => !was.includes(line))).toEqual(added);
    expect(now.filter((line) => !added.includes(line))).toEqual(was);
    const forced = merge({ current: HOST, rendered: ours.runner, force: true });
    expect(forced.backup).toBe(true); // --force replaced a value of the user's: that is what the .bak is for
    const forcedLines = forced.contents.split('\n');
    expect(forcedLines.filter((line) => !was.includes(line))).toEqual(['    image = "docker:29.10.1-cli"', ...added]);
    expect(was.filter((line) => !forcedLines.includes(line))).toEqual(['    image = "docker:27.3.1-cli"', '    privileged = true']);
  });

  it('a file it cannot edit in place (a multi-line string) is re-serialised: the comments are said to be lost and a .bak is asked for', () => {
    const odd = HOST.replace(
      '  executor = "docker"\n  [runners.custom_build_dir]',
      '  executor = "docker"\n  pre_build_script = """\necho one\necho two\n"""\n  [runners.custom_build_dir]',
    );
    expect(parse(odd).runners[0].pre_build_script).toBe('echo one\necho two\n');
    const out = merge({ current: odd, rendered: ours.runner, force: true });
    expect(out.backup).toBe(true);
    expect(out.notes.join('\n')).toMatch(/comments are not kept/);
    expect(runner(parse(out.contents), 'dind-tls')).toEqual(runner(parse(merge({ current: HOST, rendered: ours.runner, force: true }).contents), 'dind-tls'));
    expect(runner(parse(out.contents), 'build-host-docker').pre_build_script).toBe('echo one\necho two\n');
    const withoutComments = odd.replace(/^#.*\n/, '');
    expect(hasTomlComment(withoutComments)).toBe(false);
    const clean = merge({
      current: withoutComments,
      rendered: render({ gitlabUrl: 'https://gitlab.example.com', concurrent: '10', runnerName: 'new-one' }).runner,
      runnerName: 'new-one',
    });
    expect(clean.notes.join('\n')).not.toMatch(/comments/);
    expect(clean.backup).toBe(false);
  });

  it('adds keys and tables the runner lacks, and a runner the file lacks, below what is there', () => {
    const trimmed = HOST.replace('    privileged = true\n', '').replace(
      /\n  \[runners\.docker\]\n    tls_verify = false\n    image = "alpine:3\.20"[\s\S]*?network_mtu = 0\n/,
      '\n',
    );
    const out = merge({ current: trimmed, rendered: ours.runner, force: true });
    const after = parse(out.contents);
    expect(runner(after, 'dind-tls').docker).toMatchObject({ privileged: false, services_privileged: true, image: 'docker:29.10.1-cli' });
    expect(out.contents.startsWith(trimmed.split('\n').slice(0, 20).join('\n'))).toBe(true); // the top of the file as it was
    const added = merge({
      current: trimmed,
      rendered: render({ runnerName: 'docker-socket', mode: 'socket', concurrent: '10' }).runner,
      runnerName: 'docker-socket',
    });
    expect(added.contents.startsWith(trimmed.trimEnd())).toBe(true);
    expect(runner(parse(added.contents), 'docker-socket').executor).toBe('docker');
    expect(runnerSchemaErrors(added.contents)).toEqual([]);
  });

  it('adds the runner when none has its name, keeping every other runner, token and key', () => {
    const fresh = render({ runnerName: 'docker-socket', mode: 'socket', concurrent: '10' });
    const out = merge({ current: HOST, rendered: fresh.runner, runnerName: 'docker-socket' });
    const after = parse(out.contents);
    expect(after.runners.slice(0, 2)).toEqual(parse(HOST).runners);
    expect(runner(after, 'docker-socket')).toEqual(parse(fresh.runner).runners[0]);
    expect(runnerSchemaErrors(out.contents)).toEqual([]);
  });

  it('never replaces a real token with $RUNNER_TOKEN, even with --force', () => {
    const out = merge({ current: HOST, rendered: ours.runner, force: true });
    expect(out.contents).not.toContain('$RUNNER_TOKEN');
  });

  it('keeps a value edited on the host and reports it; takes the render where the host left it', () => {
    const first = merge({ current: undefined, rendered: ours.runner });
    expect(first.contents).toBe(ours.runner);
    const onHost = ours.runner
      .replace('token = "$RUNNER_TOKEN"', 'token = "glrt-t1_Qe8HvB3sKd5FgJ1mNp6r"\n  id = 7')
      .replace('    privileged = false', '    privileged = true');
    const upgraded = render({ gitlabUrl: 'https://gitlab.example.com', concurrent: '10', dockerVersion: '28.5.2' });
    const out = merge({ current: onHost, rendered: upgraded.runner, record: first.record });
    const managed = parse(out.contents).runners[0];
    expect(managed).toMatchObject({ token: 'glrt-t1_Qe8HvB3sKd5FgJ1mNp6r', id: 7, docker: { image: 'docker:28.5.2-cli', privileged: true } });
    expect(out.issues).toEqual([
      { path: 'runners[name="dind-tls"].docker.privileged', kind: 'edited', forced: false, values: { yours: 'true', render: 'false' } },
    ]);
  });

  it('writes the new render as it is when the file is as the tool left it', () => {
    const record = freshRecord('runner', ours.runner, 'dind-tls');
    const next = render({ gitlabUrl: 'https://gitlab.example.com', concurrent: '5' }).runner;
    expect(merge({ current: ours.runner, rendered: next, record }).contents).toBe(next);
  });

  it('refuses a config.toml that does not parse, naming the line', () => {
    const broken = HOST.replace('session_timeout = 1800', 'session_timeout = ');
    expect(() => merge({ current: broken, rendered: ours.runner })).toThrow(UsageError);
    expect(() => merge({ current: broken, rendered: ours.runner })).toThrow(/^config\.toml: does not parse: line 7:/);
  });

  it('finds comments but not # inside strings', () => {
    expect(hasTomlComment('a = "x # y"\nb = \'#\'\nc = """\n#\n"""\n')).toBe(false);
    expect(hasTomlComment('a = "x" # note\n')).toBe(true);
  });
});
