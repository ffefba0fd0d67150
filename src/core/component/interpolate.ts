/**
 * `$[[ inputs.NAME | fn ... ]]` interpolation as GitLab does it (doc/ci/inputs): on the parsed
 * document, in keys and values; a string that is exactly one block takes the input's own type (an
 * array stays an array), a block inside a longer string becomes text. Functions: posix_escape,
 * truncate(offset,length); expand_vars needs the project's CI/CD variables, which are not known here.
 */
import { InputError, InputValue } from './spec-inputs';

const BLOCK = /\$\[\[\s*(.*?)\s*\]\]/g;
const MAX_FUNCTIONS = 3;

/** Ruby's Shellwords.escape, which GitLab's posix_escape applies. */
export function posixEscape(text: string): string {
  if (text === '') return "''";
  return text.replace(/[^A-Za-z0-9_\-.,:+/@\n]/g, (c) => `\\${c}`).replace(/\n/g, "'\n'");
}

function applyFunction(call: string, value: InputValue): InputValue {
  const m = /^([a-z_]+)(?:\((.*)\))?$/.exec(call.trim());
  if (!m) throw new InputError(`invalid function call: ${call}`);
  const [, fn, args] = m;
  if (fn === 'posix_escape' && args === undefined) return posixEscape(String(value));
  if (fn === 'truncate' && args !== undefined) {
    const [offset, length] = args.split(',').map((a) => Number(a.trim()));
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0) throw new InputError(`invalid function call: ${call}`);
    return String(value).slice(offset, offset + length);
  }
  if (fn === 'expand_vars') throw new InputError("expand_vars: the project's CI/CD variables are not known here");
  throw new InputError(`unknown function: ${fn}`);
}

function evaluate(expression: string, inputs: Record<string, InputValue>): InputValue {
  const [access, ...functions] = expression.split('|');
  const m = /^inputs\.([A-Za-z0-9_-]+)$/.exec(access.trim());
  if (!m) throw new InputError(`unknown interpolation key: ${access.trim()}`);
  if (!(m[1] in inputs)) throw new InputError(`unknown interpolation key: \`${m[1]}\``);
  if (functions.length > MAX_FUNCTIONS) throw new InputError(`too many functions in interpolation block: ${expression}`);
  return functions.reduce((v, fn) => applyFunction(fn, v), inputs[m[1]]);
}

/** Ruby's to_s of an input value, as GitLab writes one into a longer string. */
function asText(value: InputValue): string {
  if (Array.isArray(value)) return `[${value.map((v) => (typeof v === 'string' ? JSON.stringify(v) : String(v))).join(', ')}]`;
  return String(value);
}

export function interpolateString(text: string, inputs: Record<string, InputValue>): unknown {
  const whole = /^\$\[\[\s*(.*?)\s*\]\]$/.exec(text);
  if (whole && !whole[1].includes(']]')) return evaluate(whole[1], inputs);
  return text.replace(BLOCK, (_m, expression: string) => asText(evaluate(expression, inputs)));
}

/** The document with every block replaced. */
export function interpolate(node: unknown, inputs: Record<string, InputValue>): unknown {
  if (typeof node === 'string') return interpolateString(node, inputs);
  if (Array.isArray(node)) return node.map((n) => interpolate(n, inputs));
  if (typeof node === 'object' && node !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      const key = String(interpolateString(k, inputs));
      Object.defineProperty(out, key, { value: interpolate(v, inputs), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return node;
}
