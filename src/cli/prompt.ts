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

export const terminalPrompter: Prompter = {
  select: (message, choices, defaultValue) => interruptible(select({ message, choices, default: defaultValue, loop: false })),
  input: (message, { default: defaultValue, check }) =>
    interruptible(input({ message, default: defaultValue, validate: (value) => check(value) ?? true })),
  confirm: (message, defaultValue) => interruptible(confirm({ message, default: defaultValue })),
};
