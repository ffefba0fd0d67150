/** Where a path really leads (through symlinks), and whether that stays inside the project folder. */
import fs from 'node:fs';
import path from 'node:path';

/**
 * The path the file system will reach: symlinks resolved in the part that exists, a dangling symlink
 * followed to where it points (writing there would create that file).
 */
export function realTarget(p: string, depth = 0): string {
  const tail: string[] = [];
  let head = path.resolve(p);
  for (;;) {
    try {
      return path.join(fs.realpathSync(head), ...tail.reverse());
    } catch {
      let link: string | undefined;
      try {
        if (fs.lstatSync(head).isSymbolicLink()) link = fs.readlinkSync(head);
      } catch {
        // not there at all: go up
      }
      if (link !== undefined && depth < 40) return path.join(realTarget(path.resolve(path.dirname(head), link), depth + 1), ...tail.reverse());
      const up = path.dirname(head);
      if (up === head) return path.join(head, ...tail.reverse());
      tail.push(path.basename(head));
      head = up;
    }
  }
}

export function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** The real path when `target` leads outside `root` (as written, or through a symlink); else undefined. */
export function leadsOutside(root: string, target: string): string | undefined {
  const real = realTarget(target);
  return isInside(realTarget(root), real) && isInside(path.resolve(root), path.resolve(target)) ? undefined : real;
}
