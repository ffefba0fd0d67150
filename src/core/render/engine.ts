/**
 * The Handlebars compiler side: a guard that refuses any `{{value}}` not passed through a quoting helper
 * (in our templates and overrides alike), precompilation for the build, and run-time compilation of
 * overrides. No HTML escaping (wrong for YAML/TOML), strict lookups. Loaded only when something compiles.
 */
import Handlebars from 'handlebars';
import { TemplateError } from '../errors';
import { COMPILE_OPTIONS, QUOTING_HELPERS, TemplateSources } from './helpers';
import { bindPrecompiled, CompiledTemplate, newEnvironment, PrecompiledTemplates, Renderer, rendererFor } from './runtime';

export { partialName } from './helpers';
export type { TemplateSources } from './helpers';
export type { Renderer } from './runtime';

class QuotingGuard extends Handlebars.Visitor {
  problems: string[] = [];
  MustacheStatement(node: hbs.AST.MustacheStatement): void {
    const helper = node.path.type === 'PathExpression' ? (node.path as hbs.AST.PathExpression).original : '';
    if (!(helper in QUOTING_HELPERS) || node.params.length !== 1) {
      this.problems.push(
        `line ${node.loc.start.line}: values must go through a quoting helper ({{yaml x}}, {{yamlKey x}}, {{yamlBlock x}}, {{toml x}}, {{tomlKey x}}, {{sh x}}, {{shCommand x}}, {{comment x}})`,
      );
    }
  }
}

/** Throws a TemplateError when `source` does not parse or lets a value through unquoted. */
export function guard(name: string, source: string): void {
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

function compileAll(env: typeof Handlebars, sources: TemplateSources): Record<string, CompiledTemplate> {
  const out: Record<string, CompiledTemplate> = {};
  for (const [name, source] of Object.entries(sources)) {
    guard(name, source);
    out[name] = env.compile(source, COMPILE_OPTIONS); // compiled on first use, inside render's TemplateError mapping
  }
  return out;
}

/** Every template compiled at run time (tests, and anything holding sources only). */
export function createRenderer(sources: TemplateSources): Renderer {
  const env = newEnvironment(Handlebars);
  return rendererFor(env, compileAll(env, sources));
}

/** The precompiled built-ins, each replaced by the override of the same name, compiled (and guarded) now. */
export function createOverriddenRenderer(precompiled: PrecompiledTemplates, overrides: TemplateSources): Renderer {
  const env = newEnvironment(Handlebars);
  return rendererFor(env, { ...bindPrecompiled(env, precompiled), ...compileAll(env, overrides) });
}

/** Build time: each template guarded, then precompiled to the JavaScript source of its template spec. */
export function precompileSources(sources: TemplateSources): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, source] of Object.entries(sources)) {
    guard(name, source);
    out[name] = Handlebars.precompile(source, COMPILE_OPTIONS) as unknown as string;
  }
  return out;
}
