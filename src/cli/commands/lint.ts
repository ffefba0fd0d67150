/** `gitlab-dind lint [DIR]`: read the pipeline and runner config, print the findings; exit 1 on an error. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { FieldError, UsageError } from '../../core/errors';
import { lint } from '../../core/lint';
import { codeQuality } from '../../core/lint/format-codequality';
import { sarif } from '../../core/lint/format-sarif';
import { LintReport, listNames, reportNotes } from '../../core/lint/report';
import { readRepository } from '../../io/lint-repository';
import { toolVersion } from '../../io/package-info';
import { DEFAULT_MAX_SIZE } from '../../io/read-bounded-text';
import { CliIo } from '../io';
import { closest } from '../suggest';
import { LintArgs } from './lint-flags';

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
  if (!Number.isFinite(bytes) || bytes < 1) throw new FieldError('max-size', `${shown} is not valid; expected a size such as 20MiB, 512KiB or 1000000 (bytes)`);
  if (bytes > MAX_SIZE_LIMIT)
    throw new FieldError('max-size', `${shown} is over the ${MAX_SIZE_LIMIT / 1024 ** 2}MiB this tool can lint; expected at most 64MiB`);
  return bytes;
}

export const LINT_FORMATS = ['text', 'json', 'codequality', 'sarif'] as const;

function text(report: LintReport): string {
  const names = listNames(report.files.map((f) => f.name));
  const notes = reportNotes(report)
    .map((n) => `note: ${n}\n`)
    .join('');
  const { findings } = report;
  if (findings.length === 0) return `no problems found in ${names}\n${notes}`;
  const lines = findings.map((f) => `${f.file}:${f.line} ${f.severity} ${f.rule} ${f.message}\n  fix: ${f.fix}\n`);
  const errors = findings.filter((f) => f.severity === 'error').length;
  return `${lines.join('')}${notes}${errors} error(s), ${findings.length - errors} warning(s) in ${names}\n`;
}

const sha256 = (t: string): string => createHash('sha256').update(t).digest('hex');

/** --component-dir: a folder, from the current one. */
function componentDir(value: unknown, cwd: string): string | undefined {
  if (value === undefined) return undefined;
  const dir = typeof value === 'string' && value !== '' ? path.resolve(cwd, value) : undefined;
  if (dir === undefined || !fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
    throw new FieldError('component-dir', `${JSON.stringify(value)} is not valid; expected the folder of a component project (with templates/)`);
  return dir;
}

export function lintCommand(args: LintArgs, io: CliIo): number {
  const format = args.format ?? 'text';
  if (!(LINT_FORMATS as readonly string[]).includes(format)) {
    const near = typeof format === 'string' ? closest(format, LINT_FORMATS) : undefined;
    throw new FieldError(
      'format',
      `${JSON.stringify(format)} is not valid; expected ${listNames([...LINT_FORMATS]).replace(' and ', ' or ')}${near ? ` (did you mean ${near}?)` : ''}`,
    );
  }
  for (const flag of ['ci', 'runner'] as const) {
    if (args[flag] !== undefined && (typeof args[flag] !== 'string' || args[flag] === ''))
      throw new FieldError(flag, `${JSON.stringify(args[flag])} is not valid; expected one file path`);
  }
  if (args.dir !== undefined && (typeof args.dir !== 'string' || args.dir === ''))
    throw new UsageError(`lint DIR: ${JSON.stringify(args.dir)} is not valid; expected one folder`);
  const maxSize = parseMaxSize(args.maxSize);
  const repo = readRepository(
    io.cwd,
    { dir: args.dir as string | undefined, ci: args.ci, runner: args.runner },
    { maxSize, componentDir: componentDir(args.componentDir, io.cwd) },
  );
  const findings = lint({ ci: repo.ci, included: repo.included, runner: repo.runners, repository: repo.repository });
  const report: LintReport = {
    findings,
    files: [
      ...(repo.ci ? [{ name: repo.ci.name, role: 'pipeline' as const }] : []),
      ...repo.included.map((f) => ({ name: f.name, role: 'included' as const })),
      ...repo.runners.map((f) => ({ name: f.name, role: 'runner' as const })),
    ],
    notes: repo.notes,
  };
  if (format === 'text') io.stdout(text(report));
  else {
    // Machine formats keep stdout to the report alone: the notes go to stderr.
    const out = format === 'json' ? findings : format === 'codequality' ? codeQuality(report, sha256) : sarif(report, { version: toolVersion(), hash: sha256 });
    io.stdout(`${JSON.stringify(out, null, 2)}\n`);
    for (const note of reportNotes(report)) io.stderr(`gitlab-dind: note: ${note}\n`);
  }
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}
