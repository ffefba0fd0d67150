/**
 * `.gitlab-dind.yml`: schema version, tool version, every answer (keyed by its flag name), and a
 * fingerprint of each file as the tool last wrote it, so a later run can tell the user's edits from ours.
 */
import { createHash } from 'node:crypto';
import YAML from 'yaml';
import { Answers, FLAG_OF, RawAnswers, resolveAnswers } from './answers';
import { UsageError } from './errors';
import { describeYamlError } from './yaml-error';

export const ANSWERS_FILE = '.gitlab-dind.yml';
export const ANSWERS_SCHEMA = 1;

export interface AnswersFile {
  schema: number;
  tool: string;
  answers: Answers;
  /** Path (as the user sees it, relative to the answers file) → fingerprint. */
  files: Record<string, string>;
}

export function fingerprint(contents: string): string {
  return `sha256:${createHash('sha256').update(contents).digest('hex')}`;
}

const FIELDS = Object.keys(FLAG_OF) as (keyof Answers)[];

export function serializeAnswersFile(file: AnswersFile): string {
  const answers = Object.fromEntries(FIELDS.map((f) => [FLAG_OF[f], file.answers[f]]));
  const doc = new YAML.Document({ schema: file.schema, tool: file.tool, answers, files: file.files });
  doc.commentBefore =
    ' gitlab-dind answers: what `gitlab-dind generate` and `gitlab-dind upgrade` render from.\n' +
    ' Change an answer here, then run `npx gitlab-dind generate`. `files` records what the tool\n last wrote, to tell your edits from its own: leave it as it is.';
  return doc.toString({ lineWidth: 0 });
}

function fail(message: string): never {
  throw new UsageError(`${ANSWERS_FILE}: ${message}`);
}

export function parseAnswersFile(text: string, toolVersion: string): AnswersFile {
  const doc = YAML.parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) fail(`does not parse: ${describeYamlError(doc.errors[0])}`);
  const data = doc.toJS() as Record<string, unknown> | null;
  if (!data || typeof data !== 'object' || typeof data.schema !== 'number') fail('not an answers file (no schema version); expected one written by gitlab-dind');
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
  let answers: Answers;
  try {
    answers = resolveAnswers(raw);
  } catch (err) {
    if (err instanceof UsageError) fail(`answers.${err.message.replace(/^--/, '')}`);
    throw err;
  }
  const files = (data.files ?? {}) as Record<string, string>;
  return { schema: data.schema, tool: String(data.tool ?? ''), answers, files: typeof files === 'object' ? files : {} };
}
