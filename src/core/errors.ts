/** Exit codes of the contract (README, "Exit codes"). */
export const ExitCode = {
  Ok: 0,
  Problem: 1,
  Usage: 2,
  Interrupted: 130,
} as const;

/** Bad input or usage: one line naming the flag, the value and what is expected. Exit 2. */
export class UsageError extends Error {
  readonly exitCode = ExitCode.Usage;
}

/**
 * Bad input for one named thing: an answer or a flag, by its key (`docker-version`: the flag's name, and the
 * answer's key in .gitlab-dind.yml), and what is wrong with it (`detail`). `message` is the command line's
 * wording, `--key: detail` (`--no-key` for a switch turned off); the answers file and the wizard say it their
 * own way from `field` and `detail`, never by reading `message`.
 */
export class FieldError extends UsageError {
  constructor(
    readonly field: string,
    readonly detail: string,
    /** About the switch turned off (--no-tls): the command line names it so. */
    readonly negated = false,
  ) {
    super(`--${negated ? 'no-' : ''}${field}: ${detail}`);
  }
}

/**
 * Bad input at a place in a file: `where` (`config.toml:7`) and what is wrong there; `unparsable`: the
 * file does not parse at all (lint leaves a guessed runner config out for that, naming the place).
 */
export class SourceError extends UsageError {
  constructor(
    readonly where: string,
    readonly detail: string,
    readonly unparsable = false,
  ) {
    super(`${where}: ${detail}`);
  }
}

/** A check found a problem, or a file this tool did not write stands in the way. Exit 1. */
export class ProblemError extends Error {
  readonly exitCode = ExitCode.Problem;
}

/** A rendered file failed to parse or broke a mode rule: a bug in a template, ours or an override. */
export class TemplateError extends Error {
  readonly exitCode = ExitCode.Problem;
  constructor(
    readonly template: string,
    message: string,
  ) {
    super(`template ${template}: ${message}`);
  }
}

/** The user pressed Ctrl-C. Exit 130, nothing written. */
export class InterruptedError extends Error {
  readonly exitCode = ExitCode.Interrupted;
  constructor() {
    super('interrupted; nothing written');
  }
}

export function exitCodeOf(err: unknown): number | undefined {
  if (err instanceof UsageError || err instanceof ProblemError || err instanceof TemplateError || err instanceof InterruptedError) {
    return err.exitCode;
  }
  return undefined;
}
