/** The quoting helpers every template value must go through, and how partial names are derived. No Handlebars here. */
import { commentText, shellWord, tomlValue, yamlString } from './quote';

/** Template sources by name: `ci/dind.yml`, `ci/partials/jobs.yml`, ... (no `.hbs`). */
export type TemplateSources = Record<string, string>;

/** Compile options shared by the build-time precompiler and run-time compilation of overrides. */
export const COMPILE_OPTIONS = { noEscape: true, strict: true } as const;

export const QUOTING_HELPERS: Record<string, (value: unknown) => string> = {
  yaml: (v) => {
    if (typeof v !== 'string') throw new TypeError(`yaml helper takes text, got ${JSON.stringify(v)}`);
    return yamlString(v);
  },
  toml: tomlValue,
  sh: (v) => {
    if (typeof v !== 'string') throw new TypeError(`sh helper takes text, got ${JSON.stringify(v)}`);
    return shellWord(v);
  },
  comment: (v) => commentText(String(v)),
};

/** `ci/partials/jobs.yml` is used as `{{> ci/jobs}}`. */
export function partialName(name: string): string | undefined {
  const m = /^(.*?)\/?partials\/(.+?)(\.[a-z]+)?$/.exec(name);
  return m ? `${m[1] ? `${m[1]}/` : ''}${m[2]}` : undefined;
}
