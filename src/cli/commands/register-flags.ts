/**
 * `gitlab-dind register`: its flags and its place in the CLI, apart from the command's code so `--help` need
 * not load it (as init-flags.ts and regenerate-flags.ts); the work is in commands/register.ts.
 */

export interface RegisterArgs extends Record<string, unknown> {
  out?: string;
  group?: string;
  project?: string;
  instance?: boolean;
  'dry-run'?: boolean;
  force?: boolean;
  timeout?: string;
  'allow-http'?: boolean;
  'runner-config'?: string;
}

export const REGISTER_OPTIONS = {
  group: { type: 'string', describe: "create a group runner: the group's full path (my-group/sub) or numeric ID" },
  project: { type: 'string', describe: "create a project runner: the project's full path (my-group/my-project) or numeric ID" },
  instance: { type: 'boolean', describe: 'create an instance runner (administrators only)' },
  out: { type: 'string', describe: 'folder holding .gitlab-dind.yml (default .)' },
  'dry-run': { type: 'boolean', describe: 'show the requests (the token as a name only) and where the runner token would go; send and write nothing' },
  force: {
    type: 'boolean',
    describe: 'the runner in config.toml has a token already: create a new runner and replace it (a .bak copy is kept; delete the old runner in GitLab)',
  },
  timeout: { type: 'string', describe: 'seconds to wait for each answer from GitLab, 1 to 600 (default 30)' },
  'allow-http': { type: 'boolean', describe: 'send the token to an http:// gitlab-url that is not this machine (unencrypted)' },
  'runner-config': { type: 'string', describe: "allow .gitlab-dind.yml's runner-config outside the project folder: give the same path" },
} as const;

export const REGISTER_DESCRIBE =
  'create the runner in GitLab through its API (a personal access token in GITLAB_TOKEN, with the create_runner scope) and put its token into the runner config.toml; the token is never printed';

/** Under register --help: where the token comes from (the environment, never a flag). */
export const REGISTER_EPILOG =
  'Set GITLAB_TOKEN to a personal (or group/project) access token with the create_runner scope, and read_api when --group or --project is a path; it is read from the environment only. See docs/register.md.';
