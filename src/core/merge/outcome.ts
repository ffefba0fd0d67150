/** What merging one file gives: the text to write, what to record, and what to tell the user. */
import { sha256 } from '../record/fingerprint';

export type { FileRecord } from '../record';
import type { FileRecord } from '../record';

export interface PartIssue {
  /** Key path inside the file, such as `.docker-base` or `runners[name="dind-tls"].docker.image`. */
  path: string;
  kind: 'conflict' | 'edited';
  /** --force took the new render's version (the old file is kept as .bak). */
  forced: boolean;
  /** `--accept` recorded the user's version as theirs in this run. */
  accepted?: boolean;
  /** The values on disk and in the new render, as short text, where the part is one value. */
  values?: { yours: string; render: string };
}

export interface MergeOutcome {
  contents: string;
  record: FileRecord;
  issues: PartIssue[];
  /** Keep a .bak of the file on disk: something of the user's is replaced or a format loses comments. */
  backup: boolean;
  notes: string[];
  /** `path: old → new` for pinned versions moved in the user's own parts (upgrade). */
  moved: string[];
  /** Parts of ours the render no longer has, kept because the user's jobs alias their anchors (part → those jobs). */
  aliased?: Record<string, string[]>;
}

export interface MergeInput {
  /** As the user sees it; used in messages. */
  display: string;
  current: string | undefined;
  rendered: string;
  /** What the answers file recorded for this file; undefined = nothing (a file the tool did not write). */
  record: FileRecord | undefined;
  force: boolean;
  /** The render of the answers before an upgrade, with the same templates: lets changes combine inside a part. */
  base?: string;
  /** Pinned values to move in the user's own parts: old → new (upgrade). */
  moves?: Record<string, string>;
  runnerName: string;
  /** `--accept PART` / `--accept-all`: the parts whose user version to record as theirs. */
  accept?: (part: string) => boolean;
}

/**
 * Schema 1 recorded one fingerprint per file. The text it belongs to, when one at hand matches (the
 * file on disk, the render before an upgrade, or the new render), gives back the per-part record.
 */
export function recordedText(input: MergeInput): string | undefined {
  if (!input.record || input.record.parts !== undefined) return undefined;
  return [input.current, input.base, input.rendered].find((text) => text !== undefined && sha256(text) === input.record!.file);
}
