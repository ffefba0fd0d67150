/** A component template file: the `spec:` header document, `---`, then the jobs document. */
import YAML from 'yaml';
import { describeYamlError } from '../yaml-error';
import { interpolate } from './interpolate';
import { InputError, InputSpecs, InputValue, readSpec, resolveInputs } from './spec-inputs';

export interface ComponentFile {
  /** The header document as parsed (`{spec: {inputs: ...}}`). */
  header: Record<string, unknown>;
  specs: InputSpecs;
  /** The jobs document as parsed, blocks not yet interpolated. */
  body: Record<string, unknown>;
}

export function parseComponent(text: string, what: string): ComponentFile {
  const docs = YAML.parseAllDocuments(text, { uniqueKeys: true, prettyErrors: true });
  if (!Array.isArray(docs)) throw new InputError(`${what}: empty`);
  for (const doc of docs) {
    const problem = doc.errors[0] ?? doc.warnings[0];
    if (problem) throw new InputError(`${what}: ${describeYamlError(problem)}`);
  }
  if (docs.length !== 2) throw new InputError(`${what}: expected the spec: header, ---, then the jobs (${docs.length} documents)`);
  const header = docs[0].toJS() as Record<string, unknown>;
  const body = docs[1].toJS() as Record<string, unknown>;
  if (typeof header !== 'object' || header === null || Object.keys(header).join() !== 'spec')
    throw new InputError(`${what}: the first document must hold spec: only`);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new InputError(`${what}: the jobs document is not a mapping`);
  return { header, specs: readSpec(header.spec), body };
}

/** The jobs as GitLab includes them with these inputs: checked against the spec, then interpolated. */
export function expandComponent(
  file: ComponentFile,
  given: Record<string, unknown> = {},
): { inputs: Record<string, InputValue>; jobs: Record<string, unknown> } {
  const inputs = resolveInputs(file.specs, given);
  return { inputs, jobs: interpolate(file.body, inputs) as Record<string, unknown> };
}
