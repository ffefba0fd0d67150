/** "Did you mean" for unknown commands and flags, in every command. */
import { closest, didYouMeanFlag, editDistance } from '../../src/cli/suggest';
import { runCli, tempDir } from '../support/main-in-process';

it('edit distance counts inserts, deletes, substitutions and swapped neighbours', () => {
  expect(editDistance('lint', 'lint')).toBe(0);
  expect(editDistance('lnt', 'lint')).toBe(1);
  expect(editDistance('lnit', 'lint')).toBe(1);
  expect(editDistance('runer', 'runner')).toBe(1);
  expect(editDistance('kitten', 'sitting')).toBe(3);
});

it('suggests only what is close enough to be a typo', () => {
  expect(closest('genrate', ['init', 'generate', 'lint'])).toBe('generate');
  expect(closest('xyz', ['init', 'generate', 'lint'])).toBeUndefined();
  expect(closest('lint', ['init', 'lint'])).toBeUndefined(); // an exact match is no typo
  expect(didYouMeanFlag('--zzz', ['ci', 'runner'])).toBe('');
  expect(didYouMeanFlag('--dockerVersio', ['docker-version'])).toBe(' (did you mean --docker-version?)');
  expect(didYouMeanFlag('-x', ['x', 'xyz'])).toBe(''); // short flags are not guessed at
});

describe('the CLI appends the suggestion, exit 2, in every command', () => {
  // How an unknown dashed name is spelled before the suggestion is the naming's business (papercuts): only the suggestion is checked here.
  it.each([
    [['lnt'], 'lnt: unknown command; expected one of init, generate, upgrade, component, modes, lint, register', 'lint'],
    [['init', '--mod', 'dind'], '--mod', '--mode'],
    [['--yes', '--dockr-version', '29.10.1'], '--dockr-version', '--docker-version'],
    [['generate', '--dry-rnu'], '--dry-rnu', '--dry-run'],
    [['upgrade', '--builder-verison', 'v1'], '--builder-verison', '--builder-version'],
    [['modes', '--hlep'], '--hlep', '--help'],
    [['lint', '--runer', 'x.toml'], '--runer', '--runner'],
  ])('%j', async (args, named, suggested) => {
    const r = await runCli(args, tempDir());
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr.startsWith(`gitlab-dind: ${named}`)).toBe(true);
    expect(r.stderr).toMatch(new RegExp(`^[^\\n]* \\(did you mean ${suggested}\\?\\); see gitlab-dind --help\\n$`));
  });

  it('nothing is suggested for a name far from every known one', async () => {
    const r = await runCli(['lint', '--zzz'], tempDir());
    expect(r.stderr).toBe('gitlab-dind: --zzz: unknown; see gitlab-dind --help\n');
  });
});
