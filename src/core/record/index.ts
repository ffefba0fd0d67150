/**
 * What the answers file records of each file the tool writes: a fingerprint of the whole file and of
 * each part it owns. Written at init; read by the merge (core/merge), which is loaded only when used.
 */
import { FileRole } from '../render/render';
import { sha256 } from './fingerprint';
import { runnerParts, Table } from './runner-parts';
import { runnerComments } from './runner-comments';
import { Doc, pipelineRecord } from './yaml-parts';

/** The one part of a file merged whole (register.sh, values.yaml). */
export const WHOLE = '(whole file)';

/** What the answers file records per file: the whole render's fingerprint and one per part. */
export interface FileRecord {
  file: string;
  /** Key path → fingerprint of that part's data as the tool last wrote it; undefined = not recorded (schema 1). */
  parts?: Record<string, string>;
  /** .gitlab-ci.yml: fingerprint of the comments in each part (and the header) as the tool wrote them. */
  comments?: Record<string, string>;
  /** Part → fingerprint of the user's version, recorded by `generate --accept`: kept as theirs while it stays so. */
  accepted?: Record<string, string>;
}

/** The rendered files as already parsed (by the check before writing), so they are not parsed twice. */
export interface ParsedFiles {
  ci?: Doc;
  runnerConfig?: Table;
}

/** What to record for a file the tool writes as rendered. */
export function freshRecord(role: FileRole, rendered: string, runnerName: string, parsed: ParsedFiles = {}): FileRecord {
  if (role === 'ci') return pipelineRecord(rendered, parsed.ci);
  if (role !== 'runner') return { file: sha256(rendered), parts: {} };
  return { file: sha256(rendered), parts: runnerParts(rendered, runnerName, parsed.runnerConfig), comments: runnerComments(rendered, runnerName) };
}
