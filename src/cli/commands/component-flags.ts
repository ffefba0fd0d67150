/** The flags of `gitlab-dind component`: init's answer flags, --mode taking a list, and no runner-config path. */
import type { Options } from 'yargs';
import { MODE_IDS } from '../../core/modes';
import { INIT_OPTIONS } from './init-flags';

const { 'runner-config': _runnerConfig, mode: _mode, out: _out, ...ANSWER_OPTIONS } = INIT_OPTIONS;

export const COMPONENT_OPTIONS: Record<string, Options> = {
  mode: { type: 'string', describe: `the modes to publish a component for, comma-separated: ${MODE_IDS.join(', ')} (default dind)` },
  ...ANSWER_OPTIONS,
  out: { type: 'string', describe: 'folder the component project goes to (default .)' },
};
