/** Merging a new render into the files on disk, per file kind. Pure: text in, text out. */
import { FileRole } from '../render/render';
import { decide } from './decide';
import { sha256 } from '../record/fingerprint';
import { FileRecord, MergeInput, MergeOutcome } from './outcome';
import { mergePipeline } from './pipeline-merge';
import { mergeRunnerConfig } from './runner-merge';

import { WHOLE } from '../record';
export { WHOLE };

/** register.sh (and values.yaml) is one part: the tool's script, replaced whole when the user left it alone. */
function mergeWhole(input: MergeInput): MergeOutcome {
  const record: FileRecord = { file: sha256(input.rendered), parts: {} };
  const outcome: MergeOutcome = { contents: input.rendered, record, issues: [], backup: false, notes: [], moved: [] };
  if (input.current === undefined) return outcome;
  const user = sha256(input.current);
  const prints = {
    known: input.record !== undefined,
    recorded: input.record?.file,
    user,
    next: record.file,
    accepted: input.record?.accepted?.[WHOLE],
    accept: input.accept?.(WHOLE),
  };
  const verdict = decide(prints, input.force);
  if (verdict.accepted) record.accepted = { [WHOLE]: user };
  if (verdict.issue) outcome.issues.push({ path: WHOLE, kind: verdict.issue, forced: verdict.forced, ...(verdict.accepted ? { accepted: true } : {}) });
  if (verdict.action === 'keep') outcome.contents = input.current;
  if (verdict.record === 'recorded') record.file = input.record!.file;
  outcome.backup = verdict.forced;
  return outcome;
}

// values.yaml, like register.sh, is one part: its runner section comes from the same answers as config.toml.
const MERGERS: Record<FileRole, (input: MergeInput) => MergeOutcome> = {
  ci: mergePipeline,
  runner: mergeRunnerConfig,
  register: mergeWhole,
  values: mergeWhole,
};

export function mergeFile(role: FileRole, input: MergeInput): MergeOutcome {
  return MERGERS[role](input);
}

export { freshRecord } from '../record';

export type { FileRecord, MergeInput, MergeOutcome, PartIssue } from './outcome';
