import fs from 'node:fs';
import path from 'node:path';

/** The package root: templates and package.json sit beside dist/. */
export const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');

let version: string | undefined;
export function toolVersion(): string {
  version ??= (JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}
