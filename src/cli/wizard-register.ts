/**
 * The wizard's last step, once the files are written: create the runner in GitLab now (`gitlab-dind register`).
 * Asked only when GITLAB_TOKEN is set (the token comes from the environment, never from a question); the
 * default is no, so Enter all the way still gives what --yes gives.
 */
import { scopeFrom } from '../core/gitlab-api';
import { exitCodeOf, UsageError } from '../core/errors';
import { CliIo } from './io';
import { Prompter } from './prompt';

type Kind = 'group' | 'project' | 'no';

/** Asks, then registers; undefined when the user said no (or there is no token to say yes with). */
export async function offerRegister(out: string, io: CliIo, ask: Prompter, gitlabToken: string | undefined): Promise<number | undefined> {
  if (!gitlabToken) {
    io.stdout('To create the runner in GitLab from here, set GITLAB_TOKEN and run gitlab-dind register --group PATH (docs/register.md).\n');
    return undefined;
  }
  const kind = await ask.select<Kind>(
    'Create the runner in GitLab now, with GITLAB_TOKEN (gitlab-dind register)?',
    [
      { value: 'no', name: 'no, not now', short: 'no' },
      { value: 'group', name: "yes, a group runner (the token goes into the runner's config.toml)", short: 'a group runner' },
      { value: 'project', name: "yes, a project runner (the token goes into the runner's config.toml)", short: 'a project runner' },
    ],
    'no',
  );
  if (kind === 'no') return undefined;
  const check = (value: string) => {
    try {
      scopeFrom(kind === 'group' ? value : undefined, kind === 'project' ? value : undefined, undefined);
      return undefined;
    } catch (err) {
      if (err instanceof UsageError) return err.message.replace(/^--[a-z]+: /, '');
      throw err;
    }
  };
  const ref = await ask.input(`${kind === 'group' ? 'Group' : 'Project'}: full path or ID`, { check });
  const { registerCommand } = await import('./commands/register');
  try {
    return await registerCommand({ out, [kind]: ref }, io, gitlabToken);
  } catch (err) {
    const code = exitCodeOf(err);
    if (code === undefined) throw err;
    // The files are written whatever register says: said so, so "nothing written" is not misread.
    io.stderr(`gitlab-dind: the files are written, the runner is not registered: ${(err as Error).message}\n`);
    return code;
  }
}
