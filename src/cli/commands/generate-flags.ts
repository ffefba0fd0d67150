/** The flags of `generate` (upgrade takes them too), apart from the merge code so `--help` need not load it. */
export interface GenerateArgs extends Record<string, unknown> {
  out?: string;
  check?: boolean;
  diff?: boolean;
  'dry-run'?: boolean;
  force?: boolean;
  'runner-config'?: string;
  templates?: string;
}

/** A path the answers file names may lead outside the project only when the command line gives it too (generate.ts allowedOutside). */
function allowOutside(what: string) {
  return { type: 'string', describe: `allow .gitlab-dind.yml's ${what} outside the project folder: give the same path` } as const;
}

export const GENERATE_OPTIONS = {
  out: { type: 'string', describe: 'folder holding .gitlab-dind.yml (default .)' },
  check: { type: 'boolean', describe: 'write nothing; exit 1 when a file would change or a part conflicts (parts you changed by hand are named on stderr, and pass)' },
  diff: { type: 'boolean', describe: 'write nothing; show a unified diff of what would change' },
  'dry-run': { type: 'boolean', describe: 'print each file that would change, whole; write nothing' },
  force: { type: 'boolean', describe: 'take the new render for every managed part you changed, conflicting or not (keeps a .bak copy)' },
  'runner-config': allowOutside('runner-config'),
  templates: allowOutside('templates folder'),
} as const;
