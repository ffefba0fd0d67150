/**
 * The CLI's own entry (src/cli/main.ts) run in this process, with the io a spawned run gets (no terminal, no
 * stdin) but captured. `runCli` and `cli` here take and return what test/support/cli.ts's do, as promises: a
 * test moves between a spawned and an in-process run by its import and an `await`. Spawn (cli.ts) where the
 * process itself is under test: the bin's start-up, signals, stdin, umask, locks between processes, a uid.
 *
 * Each run checks it left this process as it found it: no change to the working folder, process.exitCode,
 * the environment or the signal handlers, and nothing written to the real stdout/stderr (all output goes
 * through io): a run that reaches for a process global fails the test that made it.
 */
import { FLAG_OF, RawAnswers } from '../../src/core/answers';
import { main } from '../../src/cli/main';
import type { Run, StatusRun } from './cli';

export { gitlabCiLocalList, ROOT, snapshot, tempDir, tree } from './cli';
export type { Run, StatusRun } from './cli';

export interface MainRun {
  code: number;
  stdout: string;
  stderr: string;
}

const WATCHED_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'uncaughtException', 'unhandledRejection'] as const;

interface ProcessState {
  cwd: string;
  exitCode: typeof process.exitCode;
  env: string;
  listeners: Record<string, number>;
}

function processState(): ProcessState {
  return {
    cwd: process.cwd(),
    exitCode: process.exitCode,
    env: JSON.stringify(Object.entries(process.env).sort(([a], [b]) => (a < b ? -1 : 1))),
    listeners: Object.fromEntries(WATCHED_EVENTS.map((e) => [e, process.listenerCount(e)])),
  };
}

/** src/io/lock.ts adds one 'exit' handler per loaded module, once: more than that is a leak. */
let exitListenersAllowed: number | undefined;

/** `env` is the environment the CLI sees (io.env): none by default, as a run with a clean environment. */
export async function runMain(argv: string[], cwd: string, env: Record<string, string> = {}): Promise<MainRun> {
  const before = processState();
  exitListenersAllowed ??= process.listenerCount('exit') + 1;
  let stdout = '';
  let stderr = '';
  // What the CLI writes past io would be output of a spawned run that this capture misses: caught here.
  const stray: string[] = [];
  const realOut = process.stdout.write;
  const realErr = process.stderr.write;
  const catchStray = (chunk: unknown) => {
    stray.push(String(chunk));
    return true;
  };
  process.stdout.write = catchStray as typeof process.stdout.write;
  process.stderr.write = catchStray as typeof process.stderr.write;
  // jest's console does not write to process.stdout: its methods are caught too.
  const consoleMethods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const realConsole = consoleMethods.map((m) => console[m]);
  for (const m of consoleMethods) console[m] = (...args: unknown[]) => void catchStray(args.join(' '));
  let code: number;
  try {
    code = await main(argv, { cwd, interactive: false, env, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  } finally {
    process.stdout.write = realOut;
    process.stderr.write = realErr;
    consoleMethods.forEach((m, i) => (console[m] = realConsole[i]));
  }
  const after = processState();
  const leaks: string[] = [];
  if (after.cwd !== before.cwd) leaks.push(`the working folder became ${after.cwd}`);
  if (after.exitCode !== before.exitCode) leaks.push(`process.exitCode became ${String(after.exitCode)}`);
  if (after.env !== before.env) leaks.push('process.env changed');
  for (const e of WATCHED_EVENTS) if (after.listeners[e] !== before.listeners[e]) leaks.push(`${before.listeners[e]} → ${after.listeners[e]} '${e}' listeners`);
  if (process.listenerCount('exit') > exitListenersAllowed) leaks.push(`${process.listenerCount('exit')} 'exit' listeners`);
  if (stray.length > 0) leaks.push(`wrote past io: ${JSON.stringify(stray.join('').slice(0, 200))}`);
  if (leaks.length > 0) throw new Error(`gitlab-dind ${argv.join(' ')}: the in-process run changed this process: ${leaks.join('; ')}`);
  return { code, stdout, stderr };
}

/** As cli.ts's runCli, in this process. There is no stdin here: a test that gives input spawns. */
export async function runCli(args: string[], cwd: string, input?: string): Promise<Run> {
  if (input) throw new Error('runCli in-process has no stdin: use test/support/cli.ts for a run that reads input');
  return runMain(args, cwd);
}

/** As cli.ts's cli (the regenerate suites read `status`), in this process. */
export async function cli(cwd: string, ...args: string[]): Promise<StatusRun> {
  const { code, stdout, stderr } = await runMain(args, cwd);
  return { status: code, stdout, stderr };
}

/** Raw answers as flags: `--flag=value` (a value may start with a dash), `--flag` / `--no-flag` for yes/no. */
export function argvOf(raw: RawAnswers): string[] {
  return (Object.keys(raw) as (keyof RawAnswers)[]).flatMap((field) => {
    const value = raw[field];
    if (value === undefined) return [];
    if (typeof value === 'boolean') return [value ? `--${FLAG_OF[field]}` : `--no-${FLAG_OF[field]}`];
    return [`--${FLAG_OF[field]}=${String(value)}`];
  });
}
