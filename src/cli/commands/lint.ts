/** `gitlab-dind lint`: read the pipeline and runner config, print the findings; exit 1 on an error. */
import { UsageError } from '../../core/errors';
import { Finding, lint } from '../../core/lint';
import { DEFAULT_MAX_SIZE } from '../../io/read-bounded-text';
import { readLintFiles } from '../../io/read-lint-files';
import { CliIo } from '../io';

export interface LintArgs {
  ci?: string;
  runner?: string;
  format?: string;
  maxSize?: string;
}

/** Parsing takes up to ~26 bytes of memory per byte of input (long quoted scalars): above 64MiB that nears the heap limit. */
export const MAX_SIZE_LIMIT = 64 * 1024 * 1024;
const UNITS: Record<string, number> = { '': 1, k: 1024, kib: 1024, m: 1024 ** 2, mib: 1024 ** 2 };

/** --max-size: bytes, or a number with K/KiB or M/MiB (binary units). */
export function parseMaxSize(value: unknown): number {
  if (value === undefined) return DEFAULT_MAX_SIZE;
  const m = typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value) : null;
  const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
  const bytes = m && unit !== undefined ? Math.floor(Number(m[1]) * unit) : NaN;
  const shown = JSON.stringify(String(value).length > 40 ? `${String(value).slice(0, 37)}...` : value);
  if (!Number.isFinite(bytes) || bytes < 1) throw new UsageError(`--max-size: ${shown} is not valid; expected a size such as 20MiB, 512KiB or 1000000 (bytes)`);
  if (bytes > MAX_SIZE_LIMIT) throw new UsageError(`--max-size: ${shown} is over the ${MAX_SIZE_LIMIT / 1024 ** 2}MiB this tool can lint; expected at most 64MiB`);
  return bytes;
}

function text(findings: Finding[], names: string[]): string {
  if (findings.length === 0) return `no problems found in ${names.join(' and ')}\n`;
  const lines = findings.map((f) => `${f.file}:${f.line} ${f.severity} ${f.rule} ${f.message}\n  fix: ${f.fix}\n`);
  const errors = findings.filter((f) => f.severity === 'error').length;
  return `${lines.join('')}${errors} error(s), ${findings.length - errors} warning(s)\n`;
}

export function lintCommand(args: LintArgs, io: CliIo): number {
  const format = args.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format: ${JSON.stringify(format)} is not valid; expected text or json`);
  for (const flag of ['ci', 'runner'] as const) {
    if (args[flag] !== undefined && (typeof args[flag] !== 'string' || args[flag] === '')) throw new UsageError(`--${flag}: ${JSON.stringify(args[flag])} is not valid; expected one file path`);
  }
  const maxSize = parseMaxSize(args.maxSize);
  const files = readLintFiles(io.cwd, { ci: args.ci, runner: args.runner }, { maxSize });
  const findings = lint(files);
  const names = [files.ci?.name, files.runner?.name].filter((n): n is string => n !== undefined);
  io.stdout(format === 'json' ? `${JSON.stringify(findings, null, 2)}\n` : text(findings, names));
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}
