/**
 * `spec: inputs:` as GitLab reads it (doc/ci/inputs): each input typed string (the default), number, boolean
 * or array, mandatory unless it has a default, limited by `options:` and, for strings, `regex:`. The values a
 * pipeline passes are checked here the way GitLab checks them when it creates the pipeline.
 */
export type InputType = 'string' | 'number' | 'boolean' | 'array';
export type InputValue = string | number | boolean | unknown[];

export interface InputSpec {
  type?: InputType;
  default?: InputValue;
  description?: string;
  options?: (string | number)[];
  regex?: string;
}

export type InputSpecs = Record<string, InputSpec>;

const SPEC_KEYS = new Set(['type', 'default', 'description', 'options', 'regex', 'rules']);
const TYPES: InputType[] = ['string', 'number', 'boolean', 'array'];

/** One problem per line, as GitLab words them: `` `name` input: ... ``. */
export class InputError extends Error {}

function typeOf(value: unknown): InputType | undefined {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number' && Number.isFinite(value)) return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (Array.isArray(value)) return 'array';
  return undefined;
}

function isObj(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `spec:` document's inputs, each checked for keys and types GitLab accepts. */
export function readSpec(spec: unknown): InputSpecs {
  if (!isObj(spec) || Object.keys(spec).some((k) => k !== 'inputs' && k !== 'include' && k !== 'component'))
    throw new InputError('spec: expected a mapping with inputs');
  const inputs = spec.inputs ?? {};
  if (!isObj(inputs)) throw new InputError('spec:inputs: expected a mapping of input names');
  const out: InputSpecs = {};
  for (const [name, raw] of Object.entries(inputs)) {
    const s = raw ?? {};
    if (!isObj(s)) throw new InputError(`\`${name}\` input: expected a mapping`);
    const unknown = Object.keys(s).find((k) => !SPEC_KEYS.has(k));
    if (unknown) throw new InputError(`\`${name}\` input: unknown key ${unknown}`);
    if (s.type !== undefined && !TYPES.includes(s.type as InputType))
      throw new InputError(`\`${name}\` input: unknown type ${JSON.stringify(s.type)}; expected ${TYPES.join(', ')}`);
    if (s.regex !== undefined && (s.type ?? 'string') !== 'string')
      throw new InputError(`\`${name}\` input: RegEx validation can only be used with string inputs`);
    if (s.options !== undefined && !Array.isArray(s.options)) throw new InputError(`\`${name}\` input: options must be a list`);
    out[name] = s as InputSpec;
  }
  return out;
}

function matches(regex: string, value: string): boolean {
  // GitLab runs the pattern unanchored (RE2); the patterns here anchor themselves with ^ and $.
  return new RegExp(regex, 'u').test(value);
}

function check(name: string, spec: InputSpec, value: unknown, what: 'provided' | 'default'): InputValue {
  const type = spec.type ?? 'string';
  if (typeOf(value) !== type) throw new InputError(`\`${name}\` input: ${what} value is not a ${type}`);
  const v = value as InputValue;
  if (spec.options && !spec.options.some((o) => o === v))
    throw new InputError(`\`${name}\` input: \`${String(v)}\` cannot be used because it is not in the list of allowed options`);
  if (spec.regex !== undefined && !matches(spec.regex, v as string))
    throw new InputError(`\`${name}\` input: ${what} value does not match required RegEx pattern`);
  return v;
}

/** The value of every input: the one given, else the default; refuses what GitLab refuses. */
export function resolveInputs(specs: InputSpecs, given: Record<string, unknown>): Record<string, InputValue> {
  const unknown = Object.keys(given).filter((k) => !(k in specs));
  if (unknown.length > 0) throw new InputError(`unknown input arguments: ${unknown.join(', ')}`);
  const out: Record<string, InputValue> = {};
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.default !== undefined) check(name, spec, spec.default, 'default');
    if (name in given) out[name] = check(name, spec, given[name], 'provided');
    else if (spec.default !== undefined) out[name] = spec.default;
    else throw new InputError(`\`${name}\` input: required value has not been provided`);
  }
  return out;
}
