/** The flags of `generate` (upgrade takes them too), apart from the merge code so `--help` need not load it. */
export interface GenerateArgs extends Record<string, unknown> {
  out?: string;
  check?: boolean;
  diff?: boolean;
  'dry-run'?: boolean;
  force?: boolean;
  accept?: string | string[];
  'accept-all'?: boolean;
  'runner-config'?: string;
  templates?: string;
}

/** A path the answers file names may lead outside the project only when the command line gives it too (generate.ts allowedOutside). */
function allowOutside(what: string) {
  return { type: 'string', describe: `allow .gitlab-dind.yml's ${what} outside the project folder: give the same path` } as const;
}

export const GENERATE_OPTIONS = {
  out: { type: 'string', describe: 'folder holding .gitlab-dind.yml (default .)' },
  check: {
    type: 'boolean',
    describe: 'write nothing; exit 1 when a file would change or a managed part differs from what .gitlab-dind.yml renders (each part is named)',
  },
  diff: { type: 'boolean', describe: 'write nothing; show a unified diff of what would change' },
  'dry-run': { type: 'boolean', describe: 'print each file that would change, whole; write nothing' },
  force: { type: 'boolean', describe: 'take the new render where you and it changed the same part (keeps a .bak copy); parts only you changed stay yours' },
  accept: {
    type: 'string',
    describe: 'record your version of this managed part (as printed, e.g. docker-test) as yours: kept, and --check passes; repeat for more',
  },
  'accept-all': { type: 'boolean', describe: 'record your version of every managed part that differs from the render as yours' },
  'runner-config': allowOutside('runner-config'),
  templates: allowOutside('templates folder'),
} as const;
