/**
 * Reads a file lint was pointed at, as untrusted input: a regular file only (a FIFO, device or
 * folder is refused before any read, so nothing blocks), at most `maxSize` bytes whatever its
 * size says (a file that grows while read cannot grow our memory), and UTF-8 text only.
 */
import fs from 'node:fs';

/** The default cap on a linted file: far above any real pipeline, far below what strains memory. */
export const DEFAULT_MAX_SIZE = 10 * 1024 * 1024;

/** Why a file was not read: `line` and `byte` are set when its content was at fault. */
export class FileRefused extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly byte?: number,
  ) {
    super(message);
  }
}

function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'is a folder';
  if (stat.isFIFO()) return 'is a named pipe (FIFO)';
  if (stat.isCharacterDevice()) return 'is a character device';
  if (stat.isBlockDevice()) return 'is a block device';
  if (stat.isSocket()) return 'is a socket';
  return 'is not a regular file';
}

/** Byte offset of the first byte that does not start a valid UTF-8 sequence (as TextDecoder's fatal mode judges), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const c = bytes[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let more: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) more = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      more = 2;
      if (c === 0xe0) lo = 0xa0; // overlong
      if (c === 0xed) hi = 0x9f; // UTF-16 surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      more = 3;
      if (c === 0xf0) lo = 0x90; // overlong
      if (c === 0xf4) hi = 0x8f; // above U+10FFFF
    } else return i;
    for (let k = 1; k <= more; k++) {
      const d = bytes[i + k];
      if (d === undefined || d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) return i;
    }
    i += more + 1;
  }
  return -1;
}

function lineAtByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function readAtMost(fd: number, maxSize: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  // One byte past the cap tells "exactly at the cap" from "over it" without trusting the size fstat gave.
  while (total <= maxSize) {
    const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, maxSize + 1 - total));
    const n = fs.readSync(fd, chunk, 0, chunk.length, null);
    if (n === 0) break;
    chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    total += n;
  }
  return Buffer.concat(chunks, total);
}

const sizeText = (bytes: number): string =>
  bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)}MiB` : bytes % 1024 === 0 ? `${bytes / 1024}KiB` : `${bytes} bytes`;

/** The file's text; throws FileRefused (or the open's own error: ENOENT, EACCES...) otherwise. */
export function readBoundedText(full: string, maxSize: number = DEFAULT_MAX_SIZE): string {
  // O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting for one.
  const fd = fs.openSync(full, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  let bytes: Buffer;
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new FileRefused(`${kindOf(stat)}, expected a regular file`);
    bytes = readAtMost(fd, maxSize);
  } finally {
    fs.closeSync(fd);
  }
  if (bytes.length > maxSize)
    throw new FileRefused(
      `is larger than ${sizeText(maxSize)}, the most lint reads; raise the cap with --max-size SIZE (e.g. --max-size ${sizeText(maxSize * 4)})`,
    );
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = Math.max(0, firstInvalidUtf8(bytes));
    throw new FileRefused(
      `not valid UTF-8 at byte offset ${at} (0x${bytes[at]?.toString(16).padStart(2, '0') ?? '??'}); lint reads UTF-8 text`,
      lineAtByte(bytes, at),
      at,
    );
  }
}
