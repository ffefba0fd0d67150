/**
 * `upgrade` to an older version than the recorded one is a downgrade: said as such, and made only with
 * --yes or a yes at a terminal (a pseudo-terminal here, as a person would answer).
 */
import fs from 'node:fs';
import path from 'node:path';
import { DOCKER_VERSION } from '../../src/core/versions';
import { cli, snapshot, tempDir } from '../support/main-in-process';
import { KEY, terminalsKilledAfterEach } from '../support/terminal';

const OLDER = '28.5.2';
const recorded = (dir: string) => /^ {2}docker-version: (.*)$/m.exec(fs.readFileSync(path.join(dir, '.gitlab-dind.yml'), 'utf8'))?.[1];

async function init(...flags: string[]): Promise<string> {
  const dir = tempDir();
  expect(await cli(dir, 'init', '--yes', ...flags)).toMatchObject({ status: 0 });
  return dir;
}

const terminal = terminalsKilledAfterEach();

describe('upgrade --docker-version to an older version', () => {
  it('without a terminal and without --yes: exit 2, one line naming the downgrade and --yes, nothing written', async () => {
    const dir = await init();
    const before = snapshot(dir);
    const r = await cli(dir, 'upgrade', '--docker-version', OLDER);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`gitlab-dind: --docker-version: ${OLDER} is older than the recorded ${DOCKER_VERSION}: a downgrade; add --yes to make it\n`);
    expect(r.stdout).toBe('');
    expect(snapshot(dir)).toEqual(before);
  });

  it('with --yes: made, and called a downgrade', async () => {
    const dir = await init();
    const r = await cli(dir, 'upgrade', '--docker-version', OLDER, '--yes');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`docker-version: ${DOCKER_VERSION} → ${OLDER} (a downgrade)\n`);
    expect(recorded(dir)).toBe(OLDER);
  });

  it('--dry-run writes nothing, so asks nothing; the downgrade is still named', async () => {
    const dir = await init();
    const before = snapshot(dir);
    const r = await cli(dir, 'upgrade', '--docker-version', OLDER, '--dry-run');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('(a downgrade)');
    expect(snapshot(dir)).toEqual(before);
  });

  it('a newer version, or upgrade to the default from an older pin, needs no --yes', async () => {
    const dir = await init('--docker-version', OLDER);
    const r = await cli(dir, 'upgrade');
    expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(r.stdout).not.toContain('downgrade');
    expect(recorded(dir)).toBe(DOCKER_VERSION);
  });

  it('upgrade without a version, from a newer pin than the default, is a downgrade too', async () => {
    const dir = await init('--docker-version', '99.1.0');
    const before = snapshot(dir);
    const r = await cli(dir, 'upgrade');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `gitlab-dind: --docker-version: ${DOCKER_VERSION} (this tool's default) is older than the recorded 99.1.0: a downgrade; add --yes to make it\n`,
    );
    expect(snapshot(dir)).toEqual(before);
  });

  it('in a terminal: asks, and a yes makes it', async () => {
    const dir = await init();
    const t = terminal(dir, 'upgrade', '--docker-version', OLDER);
    await t.answerText(`Downgrade docker-version ${DOCKER_VERSION} → ${OLDER}?`, 'y');
    expect(await t.exitCode()).toBe(0);
    expect(recorded(dir)).toBe(OLDER);
  });

  it('in a terminal: Enter takes the default, no: exit 130, nothing written', async () => {
    const dir = await init();
    const before = snapshot(dir);
    const t = terminal(dir, 'upgrade', '--docker-version', OLDER);
    await t.answer(`Downgrade docker-version ${DOCKER_VERSION} → ${OLDER}?`, KEY.enter);
    expect(await t.exitCode()).toBe(130);
    expect(t.screen).toContain('declined; nothing written');
    expect(snapshot(dir)).toEqual(before);
  });
});
