/** The quoting helpers every template value must go through, and how partial names are derived. No Handlebars here. */
import { checkImageCommand } from '../validators';
import { commentText, shellWord, tomlKey, tomlValue, yamlLiteralBlock, yamlString } from './quote';
import { hasInputRef, interpolationBlock, wholeInputRef, withInterpolationBlocks } from '../component/input-ref';

/** Template sources by name: `ci/dind.yml`, `ci/partials/jobs.yml`, ... (no `.hbs`). */
export type TemplateSources = Record<string, string>;

/** Compile options shared by the build-time precompiler and run-time compilation of overrides. */
export const COMPILE_OPTIONS = { noEscape: true, strict: true } as const;

// Handlebars passes its options object last; only yamlBlock reads it (its hash).
type HelperOptions = { hash?: Record<string, unknown> };

/** A component input (component/input-ref.ts) where a helper cannot write one: a template bug. */
function noInput(helper: string, v: unknown): void {
  if (hasInputRef(v) || (Array.isArray(v) && v.some(hasInputRef))) throw new TypeError(`${helper} helper cannot take a component input`);
}

export const QUOTING_HELPERS: Record<string, (value: unknown, options?: HelperOptions) => string> = {
  yaml: (v) => {
    if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
    if (typeof v !== 'string') throw new TypeError(`yaml helper takes text or a whole number, got ${JSON.stringify(v)}`);
    // GitLab interpolates the parsed value: a quoted block is replaced all the same, typed when it is the whole value.
    return yamlString(withInterpolationBlocks(v));
  },
  toml: (v) => (noInput('toml', v), tomlValue(v)),
  sh: (v) => {
    if (typeof v !== 'string') throw new TypeError(`sh helper takes text, got ${JSON.stringify(v)}`);
    const input = wholeInputRef(v);
    if (input) return interpolationBlock(input, 'posix_escape');
    noInput('sh', v);
    return shellWord(v);
  },
  // A simple command's words as the user typed them, after `docker run IMAGE` (or as a job's script line): only
  // text without operators or substitutions passes, so it cannot run anything but that one command. A component
  // input stands there as is: its regex (component/inputs.ts) admits only such a command.
  shCommand: (v) => {
    const input = wholeInputRef(v);
    if (input) return interpolationBlock(input);
    if (typeof v !== 'string' || checkImageCommand(v) !== undefined) throw new TypeError(`shCommand helper takes one simple command, got ${JSON.stringify(v)}`);
    return v;
  },
  tomlKey: (v) => (noInput('tomlKey', v), tomlKey(String(v))),
  yamlKey: (v) => (noInput('yamlKey', v), /^[A-Za-z_][A-Za-z0-9_]*$/.test(String(v)) ? String(v) : yamlString(String(v))),
  comment: (v) => (noInput('comment', v), commentText(String(v))),
  // {{yamlBlock text indent=4}}: helper output is not re-indented, so the template says the column.
  yamlBlock: (v, options) => {
    noInput('yamlBlock', v);
    if (typeof v !== 'string') throw new TypeError(`yamlBlock helper takes text, got ${JSON.stringify(v)}`);
    const indent = options?.hash?.indent ?? 2;
    if (typeof indent !== 'number' || !Number.isInteger(indent) || indent < 1)
      throw new TypeError(`yamlBlock indent must be a positive whole number, got ${JSON.stringify(indent)}`);
    return yamlLiteralBlock(v, ' '.repeat(indent));
  },
};

/** `ci/partials/jobs.yml` is used as `{{> ci/jobs}}`. */
export function partialName(name: string): string | undefined {
  const m = /^(.*?)\/?partials\/(.+?)(\.[a-z]+)?$/.exec(name);
  return m ? `${m[1] ? `${m[1]}/` : ''}${m[2]}` : undefined;
}
