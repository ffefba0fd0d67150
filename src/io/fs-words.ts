/** A file system error said in the user's words, not the system's (`ENOTDIR: not a directory, open '…'`). */
const WORDS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  ENOTDIR: 'a file stands where a folder of that path goes',
  EISDIR: 'a folder stands where the file goes',
  ENOENT: 'no such file or folder',
  EEXIST: 'something else is already there',
  EIO: 'the device reported an input/output error',
  EMFILE: 'too many files open',
  ENFILE: 'too many files open',
  ENAMETOOLONG: 'the path is too long',
  ELOOP: 'too many symlinks in the path',
  EBUSY: 'the file is busy',
  ETXTBSY: 'the file is busy',
  EXDEV: 'it is on another file system',
};

export function fsWords(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  // The code as well: what a search or a bug report needs.
  if (e.code && WORDS[e.code]) return `${WORDS[e.code]} (${e.code})`;
  // An unknown code: its text without the path, which may be a temporary name the user never chose.
  return (e.message ?? String(err)).replace(/,\s*\w+\s+'[^']*'(\s*->\s*'[^']*')?$/, '');
}
