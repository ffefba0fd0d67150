/** Reads the built-in templates and a team's overrides (same relative names) from disk. */
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../core/errors';
import { TemplateSources } from '../core/render/engine';
import { PACKAGE_ROOT } from './package-info';

export const BUILTIN_TEMPLATES = path.join(PACKAGE_ROOT, 'templates');

function readTree(root: string, dir = root, out: TemplateSources = {}): TemplateSources {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) readTree(root, full, out);
    else if (entry.name.endsWith('.hbs')) out[path.relative(root, full).split(path.sep).join('/').slice(0, -4)] = fs.readFileSync(full, 'utf8');
  }
  return out;
}

/** Built-in templates, each replaced by the override folder's file of the same name. */
export function loadTemplates(overrideDir: string | undefined): TemplateSources {
  const sources = readTree(BUILTIN_TEMPLATES);
  if (!overrideDir) return sources;
  if (!fs.existsSync(overrideDir) || !fs.statSync(overrideDir).isDirectory()) {
    throw new UsageError(`--templates: ${JSON.stringify(overrideDir)} is not a folder; expected a folder of .hbs files named like the built-in ones (ci/dind.yml.hbs, ...)`);
  }
  const overrides = readTree(overrideDir);
  for (const name of Object.keys(overrides)) {
    if (!(name in sources)) {
      throw new UsageError(`--templates: ${JSON.stringify(`${name}.hbs`)} overrides no built-in template; expected one of ${Object.keys(sources).map((n) => `${n}.hbs`).join(', ')}`);
    }
  }
  return { ...sources, ...overrides };
}
