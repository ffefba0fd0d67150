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

/** A check found a problem, or a file this tool did not write stands in the way. Exit 1. */
export class ProblemError extends Error {
  readonly exitCode = ExitCode.Problem;
}

/** A rendered file failed to parse or broke a mode rule: a bug in a template, ours or an override. */
export class TemplateError extends Error {
  readonly exitCode = ExitCode.Problem;
  constructor(readonly template: string, message: string) {
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
