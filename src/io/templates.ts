/** The built-in templates and a team's overrides (same relative names), as sources or as a ready renderer. */
import fs from 'node:fs';
import { FieldError } from '../core/errors';
import { TemplateSources } from '../core/render/helpers';
import { createPrecompiledRenderer, Renderer } from '../core/render/runtime';
import { builtinTemplates } from './builtin-templates';
import { BUILTIN_TEMPLATES, readTemplateTree } from './template-files';

export { BUILTIN_TEMPLATES };

/** The override folder's templates; each must replace a built-in one. */
function readOverrides(overrideDir: string, builtinNames: string[]): TemplateSources {
  if (!fs.existsSync(overrideDir) || !fs.statSync(overrideDir).isDirectory()) {
    throw new FieldError(
      'templates',
      `${JSON.stringify(overrideDir)} is not a folder; expected a folder of .hbs files named like the built-in ones (ci/dind.yml.hbs, ...)`,
    );
  }
  const overrides = readTemplateTree(overrideDir);
  for (const name of Object.keys(overrides)) {
    if (!builtinNames.includes(name)) {
      throw new FieldError(
        'templates',
        `${JSON.stringify(`${name}.hbs`)} overrides no built-in template; expected one of ${builtinNames.map((n) => `${n}.hbs`).join(', ')}`,
      );
    }
  }
  return overrides;
}

/** Built-in template sources, each replaced by the override folder's file of the same name. */
export function loadTemplates(overrideDir: string | undefined): TemplateSources {
  const sources = readTemplateTree(BUILTIN_TEMPLATES);
  return overrideDir ? { ...sources, ...readOverrides(overrideDir, Object.keys(sources)) } : sources;
}

/**
 * The renderer the CLI uses: the precompiled built-ins (Handlebars runtime only); with an override folder,
 * the Handlebars compiler is loaded to guard and compile the overrides.
 */
export async function loadRenderer(overrideDir: string | undefined): Promise<Renderer> {
  const builtins = builtinTemplates();
  if (!overrideDir) return createPrecompiledRenderer(builtins);
  const overrides = readOverrides(overrideDir, Object.keys(builtins));
  const { createOverriddenRenderer } = await import('../core/render/engine');
  return createOverriddenRenderer(builtins, overrides);
}
