/**
 * Renders templates already compiled to functions (precompiled at build time, or compiled from overrides by
 * engine.ts). Needs only the Handlebars runtime, so start-up does not load the Handlebars compiler.
 */
import HandlebarsRuntime from 'handlebars/runtime';
import { TemplateError } from '../errors';
import { partialName, QUOTING_HELPERS } from './helpers';

type HandlebarsEnv = typeof import('handlebars');
/** What `Handlebars.precompile` produced, evaluated: the argument of `Handlebars.template`. */
export type PrecompiledTemplates = Record<string, TemplateSpecification>;
export type CompiledTemplate = (context: object) => string;

export interface Renderer {
  render(name: string, context: object): string;
}

/** A fresh isolated environment: helpers registered, nothing global touched. */
export function newEnvironment(base: HandlebarsEnv = HandlebarsRuntime as unknown as HandlebarsEnv): HandlebarsEnv {
  const env = base.create();
  for (const [helper, fn] of Object.entries(QUOTING_HELPERS)) env.registerHelper(helper, fn);
  return env;
}

/** Binds each precompiled template to `env`. */
export function bindPrecompiled(env: HandlebarsEnv, precompiled: PrecompiledTemplates): Record<string, CompiledTemplate> {
  return Object.fromEntries(Object.entries(precompiled).map(([name, spec]) => [name, env.template(spec)]));
}

/** Registers the partials among `templates` on `env` and renders by template name. */
export function rendererFor(env: HandlebarsEnv, templates: Record<string, CompiledTemplate>): Renderer {
  for (const [name, fn] of Object.entries(templates)) {
    const partial = partialName(name);
    if (partial) env.registerPartial(partial, fn as HandlebarsTemplateDelegate);
  }
  return {
    render(name, context) {
      const fn = templates[name];
      if (fn === undefined) throw new TemplateError(name, 'no such template');
      try {
        return fn(context);
      } catch (err) {
        throw new TemplateError(name, (err as Error).message.split('\n')[0]);
      }
    },
  };
}

/** The renderer for the built-in templates alone: runtime only. */
export function createPrecompiledRenderer(precompiled: PrecompiledTemplates): Renderer {
  const env = newEnvironment();
  return rendererFor(env, bindPrecompiled(env, precompiled));
}
