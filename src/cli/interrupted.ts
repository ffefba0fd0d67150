import { ExitCode } from '../core/errors';
import { CliIo } from './io';

/** A signal during the writes: they were finished first, so every file is whole; say so, exit 130. */
export function reportInterrupted(signal: NodeJS.Signals, io: CliIo): number {
  io.stderr(`gitlab-dind: ${signal} while writing: the writes were finished first, so no file is half-written\n`);
  return ExitCode.Interrupted;
}
