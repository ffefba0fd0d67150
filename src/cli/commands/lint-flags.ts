/** The flags of `lint`, apart from its rules so `--help` need not load them. */
export interface LintArgs {
  dir?: unknown;
  ci?: string;
  runner?: string;
  format?: string;
  maxSize?: string;
  componentDir?: string;
}

export const LINT_OPTIONS = {
  ci: { type: 'string', describe: 'the pipeline to lint (default .gitlab-ci.yml in DIR, with its include: local: files)' },
  runner: { type: 'string', describe: 'the runner config.toml, or a Helm values.yaml (default: one found in DIR, e.g. gitlab-runner/config.toml)' },
  format: {
    type: 'string',
    describe: "text; json: one JSON array of findings; codequality: GitLab's Code Quality report; sarif: SARIF 2.1.0",
    default: 'text',
  },
  'max-size': { type: 'string', describe: 'the largest file lint reads: bytes, or with KiB, MiB (default 10MiB, at most 64MiB)' },
  'component-dir': {
    type: 'string',
    describe: "a component project (gitlab-dind component): its templates resolve the pipeline's include: component: entries, expanded with their inputs",
  },
} as const;
