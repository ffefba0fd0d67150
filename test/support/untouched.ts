/**
 * Properties write only in temp folders. Call at the end of a property file: it takes a snapshot of the
 * repository's fixtures and built-in templates when the file is loaded (before any of its tests run) and adds a
 * last test that finds them exactly as they were: every file's bytes (by hash) and mode, and every folder.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './cli';

const GUARDED = ['test/fixtures', 'templates'];

function entries(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      const rel = path.relative(ROOT, full);
      const stat = fs.lstatSync(full);
      if (e.isDirectory()) {
        out[`${rel}/`] = (stat.mode & 0o7777).toString(8);
        walk(full);
      } else {
        out[rel] =
          `${(stat.mode & 0o7777).toString(8)} ${e.isSymbolicLink() ? `-> ${fs.readlinkSync(full)}` : createHash('sha256').update(fs.readFileSync(full)).digest('hex')}`;
      }
    }
  };
  walk(dir);
  return out;
}

const snapshot = () => Object.assign({}, ...GUARDED.map((d) => entries(path.join(ROOT, d)))) as Record<string, string>;

export function fixturesUntouched(): void {
  const before = snapshot();
  test('the fixtures and templates folders are not touched by properties', () => {
    expect(Object.keys(before).length).toBeGreaterThan(10);
    expect(snapshot()).toEqual(before);
  });
}
