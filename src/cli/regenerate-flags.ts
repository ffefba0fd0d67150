/** The flags of `generate` and `upgrade`, apart from the merge code so `--help` need not load it. */
export interface RegenerateArgs extends Record<string, unknown> {
  out?: string;
  check?: boolean;
  diff?: boolean;
  'dry-run'?: boolean;
  force?: boolean;
}

export const REGENERATE_OPTIONS = {
  out: { type: 'string', describe: 'folder holding .gitlab-dind.yml (default .)' },
  check: { type: 'boolean', describe: 'write nothing; exit 1 when a file would change or a managed part was changed by hand (for CI)' },
  diff: { type: 'boolean', describe: 'write nothing; show a unified diff of what would change' },
  'dry-run': { type: 'boolean', describe: 'print every file as it would be written, write nothing' },
  force: { type: 'boolean', describe: 'where you and the new render changed the same part, take the new one (keeps a .bak copy)' },
} as const;
