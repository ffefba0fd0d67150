/** Build-time only (scripts/build.js): the built-in templates, guarded and precompiled. */
import { precompileSources } from '../src/core/render/engine';
import { readTemplateTree } from '../src/io/template-files';

export function precompileBuiltins(dir: string): Record<string, string> {
  return precompileSources(readTemplateTree(dir));
}
