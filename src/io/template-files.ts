/** Where the built-in templates live, and reading a folder of `.hbs` files by relative name. */
import fs from 'node:fs';
import path from 'node:path';
import { TemplateSources } from '../core/render/helpers';
import { PACKAGE_ROOT } from './package-info';

export const BUILTIN_TEMPLATES = path.join(PACKAGE_ROOT, 'templates');

export function readTemplateTree(root: string, dir = root, out: TemplateSources = {}): TemplateSources {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) readTemplateTree(root, full, out);
    else if (entry.name.endsWith('.hbs')) out[path.relative(root, full).split(path.sep).join('/').slice(0, -4)] = fs.readFileSync(full, 'utf8');
  }
  return out;
}
