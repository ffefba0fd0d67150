/**
 * `.gitlab-dind.yml`: schema version, tool version, every answer that applies to the mode (keyed by
 * its flag name), and a fingerprint of each file, and of each part of it, as the tool last wrote it,
 * so a later run can tell the user's edits from ours. Schema 1 (whole files only) is still read.
 */
import YAML from 'yaml';
import { answerApplies, Answers, dropOtherModesDefaults, FLAG_OF, RawAnswers, resolveAnswers } from './answers';
import { FieldError, UsageError } from './errors';
import { sha256 } from './record/fingerprint';
import { FileRecord } from './record';
import { describeYamlError } from './yaml-error';

export const ANSWERS_FILE = '.gitlab-dind.yml';
export const ANSWERS_SCHEMA = 2;

export interface AnswersFile {
  schema: number;
  tool: string;
  answers: Answers;
  /** Path (as the user sees it, relative to the answers file) → fingerprints. */
  files: Record<string, FileRecord>;
}

export function fingerprint(contents: string): string {
  return sha256(contents);
}

const FIELDS = Object.keys(FLAG_OF) as (keyof Answers)[];

export function serializeAnswersFile(file: AnswersFile): string {
  // Only what means something in the mode (no tls for socket): an answer there is one to read and change.
  const answers = Object.fromEntries(FIELDS.filter((f) => answerApplies(f, file.answers)).map((f) => [FLAG_OF[f], file.answers[f]]));
  const doc = new YAML.Document({ schema: file.schema, tool: file.tool, answers, files: file.files });
  doc.commentBefore =
    ' gitlab-dind answers: what `gitlab-dind generate` and `gitlab-dind upgrade` render from.\n' +
    ' Change an answer here, then run `npx gitlab-dind generate`. `files` records what the tool\n' +
    ' last wrote (each file, and each part of it), to tell your edits from its own: leave it as it is.';
  return doc.toString({ lineWidth: 0 });
}

function fail(message: string): never {
  throw new UsageError(`${ANSWERS_FILE}: ${message}`);
}

/**
 * `notes` collects what is read but not used: an answer earlier versions took in a mode that ignores it
 * (image-registry for shell). It had no effect, so the file still loads; the user is told, to delete it.
 */
export function parseAnswersFile(text: string, toolVersion: string, notes: string[] = []): AnswersFile {
  // The core schema only: a tag it does not know (!!js/function, !!binary, !custom) is refused, not taken as text.
  const doc = YAML.parseDocument(text, { uniqueKeys: true, schema: 'core', resolveKnownTags: false });
  if (doc.errors.length > 0) fail(`does not parse: ${describeYamlError(doc.errors[0])}`);
  const tagged = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (tagged) fail(`${describeYamlError(tagged)}; expected plain YAML values (no tags)`);
  numbersAsWritten(doc);
  let data: Record<string, unknown> | null;
  try {
    data = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown> | null;
  } catch (err) {
    fail(`does not parse: ${(err as Error).message}`);
  }
  if (!data || typeof data !== 'object' || typeof data.schema !== 'number')
    fail('not an answers file (no schema version); expected one written by gitlab-dind');
  if (data.schema > ANSWERS_SCHEMA) {
    fail(`schema ${data.schema} is newer than this gitlab-dind ${toolVersion} reads (${ANSWERS_SCHEMA}); expected an upgrade: npx gitlab-dind@latest`);
  }
  const given = (data.answers ?? {}) as Record<string, unknown>;
  if (typeof given !== 'object' || Array.isArray(given)) fail('answers is not a mapping');
  const raw: RawAnswers = {};
  const known = new Set(Object.values(FLAG_OF));
  for (const [key, value] of Object.entries(given)) {
    if (!known.has(key)) fail(`answers.${key}: unknown answer; expected one of ${[...known].join(', ')}`);
    const field = FIELDS.find((f) => FLAG_OF[f] === key)!;
    raw[field] = value as RawAnswers[typeof field];
  }
  if (raw.mode === 'shell' && typeof raw.imageRegistry === 'string' && raw.imageRegistry !== '') {
    notes.push(`${ANSWERS_FILE}: ${FLAG_OF.imageRegistry} ${JSON.stringify(raw.imageRegistry)} is ignored: --mode shell pulls no images (delete the line)`);
    delete raw.imageRegistry;
  }
  keepBuilderMirror(raw, given, notes);
  let answers: Answers;
  try {
    answers = resolveAnswers(dropOtherModesDefaults(raw));
  } catch (err) {
    // Said as the file spells it: the answer's key under `answers` (as the flag that would turn it off, for --no-tls).
    if (err instanceof FieldError) fail(`answers.${err.negated ? 'no-' : ''}${err.field}: ${err.detail}`);
    throw err;
  }
  const tool = String(data.tool ?? '');
  if (compareVersions(tool, toolVersion) > 0)
    fail(`written by gitlab-dind ${tool}, newer than this one (${toolVersion}); expected gitlab-dind ${tool} or later: npx gitlab-dind@latest`);
  return { schema: data.schema, tool, answers, files: parseFileRecords(data.files) };
}

/**
 * Before quay-registry, image-registry stood for quay.io's images too in the builder modes (buildah, skopeo):
 * a file written then keeps pulling them where it did. In buildah mode it named no Docker Hub image at all, so
 * it becomes quay-registry alone (else the runner's helper would be sent to a quay.io mirror).
 */
function keepBuilderMirror(raw: RawAnswers, given: Record<string, unknown>, notes: string[]): void {
  if ((raw.mode !== 'buildah' && raw.mode !== 'buildkit') || FLAG_OF.quayRegistry in given) return;
  if (typeof raw.imageRegistry !== 'string' || raw.imageRegistry === '') return;
  raw.quayRegistry = raw.imageRegistry;
  if (raw.mode === 'buildah') delete raw.imageRegistry;
  const moved = raw.mode === 'buildah' ? 'moved to' : 'also taken as';
  notes.push(
    `${ANSWERS_FILE}: ${FLAG_OF.imageRegistry} ${JSON.stringify(raw.quayRegistry)} now stands for Docker Hub images only; ${moved} ${FLAG_OF.quayRegistry} for the quay.io images (buildah, skopeo), as this file was written before the two were apart`,
  );
}

/**
 * A number too large to hold is checked as it was written: `concurrent: 1e400` is named "1e400", not as
 * the Infinity (then null) the parser makes of it.
 */
function numbersAsWritten(doc: YAML.Document): void {
  const answers = doc.get('answers', true);
  if (!YAML.isMap(answers)) return;
  for (const pair of answers.items) {
    const value = pair.value;
    const n = value instanceof YAML.Scalar ? value.value : undefined;
    if (YAML.isScalar(value) && typeof n === 'number' && (!Number.isFinite(n) || !Number.isSafeInteger(Math.trunc(n))) && value.source !== undefined)
      value.value = value.source;
  }
}

/** Schema 1 holds `path: sha256:...`; schema 2 `path: { file, parts: { key path: sha256:... } }`. */
function parseFileRecords(given: unknown): Record<string, FileRecord> {
  if (given === undefined || given === null) return {};
  if (typeof given !== 'object' || Array.isArray(given)) fail('files is not a mapping');
  const print = (v: unknown, at: string): string => (typeof v === 'string' && v.startsWith('sha256:') ? v : fail(`${at}: not a fingerprint (sha256:...)`));
  return Object.fromEntries(
    Object.entries(given as Record<string, unknown>).map(([path, entry]): [string, FileRecord] => {
      if (typeof entry === 'string') return [path, { file: print(entry, `files.${path}`) }];
      const { file, parts, comments, accepted } = (entry ?? {}) as { file?: unknown; parts?: unknown; comments?: unknown; accepted?: unknown };
      const prints = (map: unknown, name: string): Record<string, string> => {
        if (map !== undefined && (map === null || typeof map !== 'object' || Array.isArray(map))) fail(`files.${path}.${name} is not a mapping`);
        return Object.fromEntries(Object.entries((map ?? {}) as Record<string, unknown>).map(([k, v]) => [k, print(v, `files.${path}.${name}.${k}`)]));
      };
      const record: FileRecord = { file: print(file, `files.${path}.file`), parts: prints(parts, 'parts') };
      if (comments !== undefined) record.comments = prints(comments, 'comments');
      if (accepted !== undefined) record.accepted = prints(accepted, 'accepted');
      return [path, record];
    }),
  );
}

/** Numeric comparison of dotted versions (pre-release suffixes ignored); NaN parts count as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a
    .split('-')[0]
    .split('.')
    .map((n) => Number(n) || 0);
  const pb = b
    .split('-')[0]
    .split('.')
    .map((n) => Number(n) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}
