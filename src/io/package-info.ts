import fs from 'node:fs';
import path from 'node:path';

/** Set by the bundler (scripts/build.js): the version, and the package root relative to the bundle's folder. */
declare const BUNDLED_VERSION: string | undefined;
declare const BUNDLED_ROOT: string | undefined;

/** The package root: templates and package.json sit beside dist/. */
export const PACKAGE_ROOT = typeof BUNDLED_ROOT === 'string' ? path.resolve(__dirname, BUNDLED_ROOT) : path.resolve(__dirname, '..', '..');

let version: string | undefined = typeof BUNDLED_VERSION === 'string' ? BUNDLED_VERSION : undefined;
export function toolVersion(): string {
  version ??= (JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}
