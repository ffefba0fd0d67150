/**
 * The built-in templates, precompiled. The bundle replaces this module with one generated at build time by
 * scripts/build.js (same guard, same precompiler, so start-up needs no Handlebars compiler); run from
 * source (ts-jest), it precompiles the files in templates/ on first use.
 */
import { precompileSources } from '../core/render/engine';
import { PrecompiledTemplates } from '../core/render/runtime';
import { BUILTIN_TEMPLATES, readTemplateTree } from './template-files';

let cached: PrecompiledTemplates | undefined;
export function builtinTemplates(): PrecompiledTemplates {
  cached ??= Object.fromEntries(
    Object.entries(precompileSources(readTemplateTree(BUILTIN_TEMPLATES))).map(([name, spec]) => [
      name,
      new Function(`return ${spec}`)() as TemplateSpecification,
    ]),
  );
  return cached;
}
