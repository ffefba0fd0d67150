/** `gitlab-dind lint`: read the pipeline and runner config, print the findings; exit 1 on an error. */
import { UsageError } from '../../core/errors';
import { Finding, lint } from '../../core/lint';
import { readLintFiles } from '../../io/read-lint-files';
import { CliIo } from '../io';

export interface LintArgs {
  ci?: string;
  runner?: string;
  format?: string;
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
  const files = readLintFiles(io.cwd, { ci: args.ci, runner: args.runner });
  const findings = lint(files);
  const names = [files.ci?.name, files.runner?.name].filter((n): n is string => n !== undefined);
  io.stdout(format === 'json' ? `${JSON.stringify(findings, null, 2)}\n` : text(findings, names));
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}
