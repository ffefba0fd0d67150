/** The flags of `generate` and `upgrade`, apart from the merge code so `--help` need not load it. */
export interface RegenerateArgs extends Record<string, unknown> {
  out?: string;
  check?: boolean;
  diff?: boolean;
  'dry-run'?: boolean;
  force?: boolean;
  'runner-config'?: string;
  templates?: string;
}

export const REGENERATE_OPTIONS = {
  out: { type: 'string', describe: 'folder holding .gitlab-dind.yml (default .)' },
  check: { type: 'boolean', describe: 'write nothing; exit 1 when a file would change or a managed part was changed by hand (for CI)' },
  diff: { type: 'boolean', describe: 'write nothing; show a unified diff of what would change' },
  'dry-run': { type: 'boolean', describe: 'print every file as it would be written, write nothing' },
  force: { type: 'boolean', describe: 'where you and the new render changed the same part, take the new one (keeps a .bak copy)' },
  'runner-config': { type: 'string', describe: "allow .gitlab-dind.yml's runner-config outside the project folder: give the same path" },
  templates: { type: 'string', describe: "allow .gitlab-dind.yml's templates folder outside the project folder: give the same path" },
} as const;
