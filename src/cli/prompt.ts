/**
 * The only module that imports inquirer: the three kinds of question the wizard asks.
 * Ctrl-C (inquirer's ExitPromptError) becomes InterruptedError, which main.ts maps to exit 130.
 */
import confirm from '@inquirer/confirm';
import input from '@inquirer/input';
import select from '@inquirer/select';
import { InterruptedError } from '../core/errors';

export interface Choice<T> {
  value: T;
  /** The line shown in the list. */
  name: string;
  /** Shown after the question once answered. */
  short: string;
  /** The longer story, shown under the list for the highlighted choice only. */
  description?: string;
}

export interface InputOptions {
  default?: string;
  /** undefined when the value is fine, else why not: shown under the question, which is asked again. */
  check: (value: string) => string | undefined;
}

export interface Prompter {
  select<T>(message: string, choices: Choice<T>[], defaultValue: T): Promise<T>;
  input(message: string, options: InputOptions): Promise<string>;
  confirm(message: string, defaultValue: boolean): Promise<boolean>;
}

async function interruptible<T>(question: Promise<T>): Promise<T> {
  try {
    return await question;
  } catch (err) {
    // Matched by name: the prompt packages do not re-export inquirer's error classes.
    if (err instanceof Error && err.name === 'ExitPromptError') throw new InterruptedError();
    throw err;
  }
}

/**
 * Each choice on one line of the terminal: a name too long for it is shown short, the whole of it under the
 * list while that choice is highlighted (a wrapped choice leaves half-lines that read as choices of their own).
 */
export function fitChoices<T>(choices: Choice<T>[], columns: number): Choice<T>[] {
  const room = Math.max(20, columns - 4); // the pointer and its space, and a margin
  return choices.map((c) => (c.name.length <= room ? c : { ...c, name: c.short, description: c.description ?? c.name }));
}

export const terminalPrompter: Prompter = {
  select: (message, choices, defaultValue) =>
    interruptible(
      select({
        message,
        choices: fitChoices(choices, process.stdout.columns || 80),
        default: defaultValue,
        loop: false,
        pageSize: Math.min(choices.length, 10),
      }),
    ),
  input: (message, { default: defaultValue, check }) => interruptible(input({ message, default: defaultValue, validate: (value) => check(value) ?? true })),
  confirm: (message, defaultValue) => interruptible(confirm({ message, default: defaultValue })),
};
