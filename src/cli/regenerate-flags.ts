/** The flags of `generate` and `upgrade`, apart from the merge code so `--help` need not load it. */
import { BUILDAH_VERSION, BUILDKIT_VERSION, DOCKER_VERSION } from '../core/versions';

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
  check: { type: 'boolean', describe: 'write nothing; exit 1 when a file would change or a part conflicts (parts you changed by hand are named on stderr, and pass)' },
  diff: { type: 'boolean', describe: 'write nothing; show a unified diff of what would change' },
  'dry-run': { type: 'boolean', describe: 'print each file that would change, whole; write nothing' },
  force: { type: 'boolean', describe: 'take the new render for every managed part you changed, conflicting or not (keeps a .bak copy)' },
  'runner-config': { type: 'string', describe: "allow .gitlab-dind.yml's runner-config outside the project folder: give the same path" },
  templates: { type: 'string', describe: "allow .gitlab-dind.yml's templates folder outside the project folder: give the same path" },
} as const;

/** `upgrade`: generate's flags, the versions to move to, and --yes for a move back. */
export const UPGRADE_OPTIONS = {
  ...REGENERATE_OPTIONS,
  'docker-version': { type: 'string', describe: `move the docker images to version V (default ${DOCKER_VERSION}, this tool's); an older V than recorded is a downgrade, made with --yes or a yes at the terminal` },
  'builder-version': { type: 'string', describe: `buildah/buildkit: move the builder image to version V (default this tool's: ${BUILDAH_VERSION} / ${BUILDKIT_VERSION}); older is a downgrade, as above` },
  'component-version': { type: 'string', describe: 'with a component (init --component): include it at version V, such as 1.3.0' },
  yes: { type: 'boolean', alias: 'y', describe: 'make a downgrade without asking (needed for one without a terminal)' },
} as const;
