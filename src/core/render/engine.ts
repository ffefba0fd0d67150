/**
 * One isolated Handlebars instance: no HTML escaping (wrong for YAML/TOML), strict lookups, and a
 * guard that refuses any `{{value}}` not passed through a quoting helper, in our templates and overrides alike.
 */
import Handlebars from 'handlebars';
import { TemplateError } from '../errors';
import { commentText, shellWord, tomlKey, tomlValue, yamlLiteralBlock, yamlString } from './quote';

/** Template sources by name: `ci/dind.yml`, `ci/partials/jobs.yml`, ... (no `.hbs`). */
export type TemplateSources = Record<string, string>;

const QUOTING_HELPERS: Record<string, (value: unknown, options?: Handlebars.HelperOptions) => string> = {
  yaml: (v) => {
    if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
    if (typeof v !== 'string') throw new TypeError(`yaml helper takes text or a whole number, got ${JSON.stringify(v)}`);
    return yamlString(v);
  },
  toml: tomlValue,
  sh: (v) => {
    if (typeof v !== 'string') throw new TypeError(`sh helper takes text, got ${JSON.stringify(v)}`);
    return shellWord(v);
  },
  tomlKey: (v) => tomlKey(String(v)),
  yamlKey: (v) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(String(v)) ? String(v) : yamlString(String(v))),
  comment: (v) => commentText(String(v)),
  // {{yamlBlock text indent=4}}: helper output is not re-indented, so the template says the column.
  yamlBlock: (v, options) => {
    if (typeof v !== 'string') throw new TypeError(`yamlBlock helper takes text, got ${JSON.stringify(v)}`);
    const indent = options?.hash?.indent ?? 2;
    if (!Number.isInteger(indent) || indent < 1) throw new TypeError(`yamlBlock indent must be a positive whole number, got ${JSON.stringify(indent)}`);
    return yamlLiteralBlock(v, ' '.repeat(indent));
  },
};

/** `ci/partials/jobs.yml` is used as `{{> ci/jobs}}`. */
export function partialName(name: string): string | undefined {
  const m = /^(.*?)\/?partials\/(.+?)(\.[a-z]+)?$/.exec(name);
  return m ? `${m[1] ? `${m[1]}/` : ''}${m[2]}` : undefined;
}

class QuotingGuard extends Handlebars.Visitor {
  problems: string[] = [];
  MustacheStatement(node: hbs.AST.MustacheStatement): void {
    const helper = node.path.type === 'PathExpression' ? (node.path as hbs.AST.PathExpression).original : '';
    if (!(helper in QUOTING_HELPERS) || node.params.length !== 1) {
      this.problems.push(`line ${node.loc.start.line}: values must go through a quoting helper ({{yaml x}}, {{yamlKey x}}, {{yamlBlock x}}, {{toml x}}, {{tomlKey x}}, {{sh x}}, {{comment x}})`);
    }
  }
}

function guard(name: string, source: string): void {
  let ast: hbs.AST.Program;
  try {
    ast = Handlebars.parse(source);
  } catch (err) {
    throw new TemplateError(name, (err as Error).message.split('\n')[0]);
  }
  const visitor = new QuotingGuard();
  visitor.accept(ast);
  if (visitor.problems.length > 0) throw new TemplateError(name, visitor.problems[0]);
}

export interface Renderer {
  render(name: string, context: object): string;
}

export function createRenderer(sources: TemplateSources): Renderer {
  const hbs = Handlebars.create();
  for (const [helper, fn] of Object.entries(QUOTING_HELPERS)) hbs.registerHelper(helper, fn);
  for (const [name, source] of Object.entries(sources)) {
    guard(name, source);
    const partial = partialName(name);
    if (partial) hbs.registerPartial(partial, source);
  }
  return {
    render(name, context) {
      const source = sources[name];
      if (source === undefined) throw new TemplateError(name, 'no such template');
      try {
        return hbs.compile(source, { noEscape: true, strict: true })(context);
      } catch (err) {
        throw new TemplateError(name, (err as Error).message.split('\n')[0]);
      }
    },
  };
}
