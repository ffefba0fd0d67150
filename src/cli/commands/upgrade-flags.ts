/** The flags of `upgrade`, apart from its code so `--help` need not load it. */
import { BUILDAH_VERSION, BUILDKIT_VERSION, DOCKER_VERSION } from '../../core/versions';
import { GenerateArgs, GENERATE_OPTIONS } from './generate-flags';

export interface UpgradeArgs extends GenerateArgs {
  'docker-version'?: string;
  'builder-version'?: string;
  'component-version'?: string;
  yes?: boolean;
}

/** `upgrade`: generate's flags, the versions to move to, and --yes for a move back. */
export const UPGRADE_OPTIONS = {
  ...GENERATE_OPTIONS,
  'docker-version': {
    type: 'string',
    describe: `move the docker images to version V (default ${DOCKER_VERSION}, this tool's); an older V than recorded is a downgrade, made with --yes or a yes at the terminal`,
  },
  'builder-version': {
    type: 'string',
    describe: `buildah/buildkit: move the builder image to version V (default this tool's: ${BUILDAH_VERSION} / ${BUILDKIT_VERSION}); older is a downgrade, as above`,
  },
  'component-version': { type: 'string', describe: 'with a component (init --component): include it at version V, such as 1.3.0' },
  yes: { type: 'boolean', alias: 'y', describe: 'make a downgrade without asking (needed for one without a terminal)' },
} as const;
