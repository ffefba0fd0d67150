/** The one place that parses argv, catches errors and turns them into exit codes. */
import yargs, { Options, PositionalOptions } from 'yargs';
import { ExitCode, exitCodeOf, UsageError } from '../core/errors';
import { toolVersion } from '../io/package-info';
import { GENERATE_OPTIONS, GenerateArgs } from './commands/generate-flags';
import { INIT_OPTIONS, InitArgs } from './commands/init-flags';
import { LINT_OPTIONS } from './commands/lint-flags';
import { UPGRADE_OPTIONS, UpgradeArgs } from './commands/upgrade-flags';
import { COMPONENT_OPTIONS } from './commands/component-flags';
import type { ComponentArgs } from './commands/component';
import { CliIo, processIo } from './io';
import { REDACTED, redact } from '../core/redact';
import { signalsHeld } from '../io/signal-hold';
import { didYouMean, didYouMeanFlag } from './suggest';
import { REGISTER_DESCRIBE, REGISTER_EPILOG, REGISTER_OPTIONS, RegisterArgs } from './commands/register-flags';

/** What --help says of each command, in its order. */
const DESCRIBE = {
  init: 'write the pipeline and runner config (the wizard in a terminal; --yes for none)',
  generate: 're-render from .gitlab-dind.yml, keeping your own jobs, keys and comments',
  upgrade: "move the pinned versions to this tool's defaults (or --docker-version / --builder-version), then generate",
  component: 'write a CI/CD Catalog component project: one component per mode (spec: inputs), its tests and release',
  modes: 'the build modes and their trade-offs',
  lint: 'find Docker-mode pitfalls in a repository (.gitlab-ci.yml, its include: local: files, a runner config.toml found there) or the files named; exit 1 on an error',
  register: REGISTER_DESCRIBE,
};
type CommandName = keyof typeof DESCRIBE;
const COMMANDS = Object.keys(DESCRIBE) as CommandName[];

/** Said under a command's own --help. */
const EPILOG: Partial<Record<CommandName, string>> = { register: REGISTER_EPILOG };

/** How a command is typed where that is more than its name: init is the default command too; lint takes a folder. */
const USAGE: Partial<Record<CommandName, string | string[]>> = { init: ['init', '$0'], lint: 'lint [dir]' };
const LINT_DIR: PositionalOptions = { type: 'string', describe: 'the repository folder (default: the current folder)' };

/** Each command's flags: yargs is given them, and "did you mean" suggests from them. */
const OPTIONS: Record<CommandName, Record<string, Options>> = {
  init: INIT_OPTIONS,
  generate: GENERATE_OPTIONS,
  upgrade: UPGRADE_OPTIONS,
  modes: {},
  lint: LINT_OPTIONS,
  register: REGISTER_OPTIONS,
  component: COMPONENT_OPTIONS,
};

/** The wizard (inquirer) is loaded only when it asks. */
const loadWizard = async () => (await import('./wizard')).terminalWizard();

/** The prompt (inquirer) is loaded only when a downgrade is to be confirmed at a terminal. */
async function confirmAtTerminal() {
  const { terminalPrompter } = await import('./prompt');
  return (message: string) => terminalPrompter.confirm(message, false);
}

/**
 * Each command's code, loaded when it runs (its own chunk in the bundle): --help loads none of it, and lint's
 * rules are not loaded by the other commands.
 */
const RUN: Record<CommandName, (args: Record<string, unknown>, io: CliIo) => Promise<number>> = {
  init: async (args, io) => (await import('./commands/init')).initCommand(args as InitArgs, io, loadWizard),
  generate: async (args, io) => (await import('./commands/generate')).generateCommand(args as GenerateArgs, io),
  upgrade: async (args, io) => (await import('./commands/upgrade')).upgradeCommand(args as UpgradeArgs, io, confirmAtTerminal),
  component: async (args, io) => (await import('./commands/component')).componentCommand(args as ComponentArgs, io),
  modes: async (_args, io) => (await import('./commands/modes')).modesCommand(io),
  lint: async (args, io) => (await import('./commands/lint')).lintCommand(args, io),
  // The token comes from the environment, never from a flag.
  register: async (args, io) => (await import('./commands/register')).registerCommand(args as RegisterArgs, io, io.env.GITLAB_TOKEN),
};

/** The flags the command being run takes (init when none is named), for "did you mean". */
function knownFlags(argv: string[]): string[] {
  const command = COMMANDS.find((c) => c === argv[0]) ?? 'init';
  return [...Object.keys(OPTIONS[command]), 'help', 'version'];
}

/** yargs' complaint in this tool's words; yargs' text is read only for the names it does not know. */
function usageProblem(msg: string, argv: string[]): string {
  const unknown = /^Unknown arguments?: (.*)$/.exec(msg);
  return unknown ? unknownNames(unknown[1].split(', '), argv) : msg;
}

/**
 * yargs names unknown flags and stray words alike without their dashes: told apart by what was typed.
 * A command or flag near a known one is suggested ("did you mean").
 */
function unknownNames(names: string[], argv: string[]): string {
  // A name typed with its dashes is a flag, even if the same text is some flag's value (--runner-name x -x).
  const dashed = (n: string) => argv.some((a) => a === `-${n}` || a === `--${n}` || a.startsWith(`--${n}=`));
  const words = names.filter((n) => !dashed(n) && argv.includes(n));
  if (words.length > 0 && argv[0] === words[0]) return `${words[0]}: unknown command; expected one of ${COMMANDS.join(', ')}${didYouMean(words[0], COMMANDS)}`;
  if (words.length > 0) return `${words[0]}: unexpected word; expected flags only after the command`;
  const flags = typedFlags(names, argv);
  return `${flags.join(', ')}: unknown${didYouMeanFlag(flags[0], knownFlags(argv))}`;
}

/**
 * The unknown flags as the user typed them, once each: yargs adds a camel-case alias (ciFile for
 * ci-file) and reads --no-x as x, so its names are matched back to the words of argv.
 */
function typedFlags(names: string[], argv: string[]): string[] {
  const unknown = new Set(names);
  const camel = (n: string) => n.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
  const typed: string[] = [];
  for (const arg of argv) {
    if (arg === '--') break;
    const long = /^--([^=]+)/.exec(arg)?.[1];
    const named =
      long !== undefined
        ? [long, long.replace(/^no-/, '')].some((n) => unknown.has(n) || unknown.has(camel(n)))
          ? [`--${long}`]
          : []
        : /^-[^-]/.test(arg)
          ? [...arg.slice(1).replace(/=.*$/, '')].filter((c) => unknown.has(c)).map((c) => `-${c}`)
          : [];
    for (const flag of named) if (!typed.includes(flag)) typed.push(flag);
  }
  return typed.length > 0 ? typed : names.map((n) => (n.length > 1 ? `--${n}` : `-${n}`));
}

/** A value quoted in a message is shortened past this many characters (a 100 MB answer is not echoed whole). */
const LONGEST_QUOTED = 200;
const LONGEST_LINE = 2000;

/** Long quoted values shortened, with their length said; an overlong line cut. */
export function shortenForMessage(text: string): string {
  const quoted = text.replace(
    new RegExp(`"((?:[^"\\\\\n]|\\\\.){${LONGEST_QUOTED + 1},})"`, 'g'),
    (_m, inner: string) => `"${inner.slice(0, 100)}…" (${inner.length} characters)`,
  );
  return quoted
    .split('\n')
    .map((line) => (line.length > LONGEST_LINE ? `${line.slice(0, LONGEST_LINE)}… (${line.length} characters)` : line))
    .join('\n');
}

/**
 * What every command prints, with tokens, passwords and URL credentials redacted (docs/regenerate.md,
 * "Safety": tokens are never printed) and long values shortened on stderr; `redacted` tells whether anything was hidden.
 */
function guardedIo(io: CliIo): CliIo & { redacted: boolean } {
  const guarded = {
    redacted: false,
    get cwd() {
      return io.cwd;
    },
    get interactive() {
      return io.interactive;
    },
    columns: io.columns,
    env: io.env,
    stdout: (t: string) => io.stdout(hide(t)),
    stderr: (t: string) => io.stderr(shortenForMessage(hide(t))),
  };
  const hide = (t: string) => {
    const r = redact(t);
    if (r.redacted) guarded.redacted = true;
    return r.text;
  };
  return guarded;
}

export async function main(argv: string[], rawIo: CliIo): Promise<number> {
  const io = guardedIo(rawIo);
  const code = await runCommand(argv, io);
  // Said once, after the output: what was hidden, and where the real values are.
  if (io.redacted)
    rawIo.stderr(`note: tokens, passwords and URL credentials are shown as ${REDACTED}; the files themselves hold them (open the file to see it)\n`);
  return code;
}

async function runCommand(argv: string[], io: CliIo): Promise<number> {
  let code: number = ExitCode.Ok;
  let parser = yargs(argv)
    .scriptName('gitlab-dind')
    .usage('$0 [init] [flags]\n\nWrites .gitlab-ci.yml and the GitLab Runner config.toml for building Docker images in CI.');
  for (const name of COMMANDS)
    parser = parser.command(
      USAGE[name] ?? name,
      DESCRIBE[name],
      (y) => {
        const own = (name === 'lint' ? y.positional('dir', LINT_DIR) : y).options(OPTIONS[name]);
        const epilog = EPILOG[name];
        return epilog ? own.epilog(epilog) : own;
      },
      async (args) => {
        code = await RUN[name](args, io);
      },
    );
  parser = parser
    .strict()
    .version(toolVersion())
    .help()
    .alias('help', 'h') // what most CLIs take
    .wrap(Math.min(110, io.columns ?? 100))
    .exitProcess(false)
    .showHelpOnFail(false)
    .fail((msg, err) => {
      throw err ?? new UsageError(`${usageProblem(msg, argv)}; see gitlab-dind --help`);
    });
  try {
    // With a callback yargs hands over what it would print (--help, --version) instead of calling
    // console.log: it goes out through io like every other line, and console's setup is not paid for.
    let printed = '';
    await parser.parseAsync(argv, (_err: unknown, _argv: unknown, output: string) => {
      printed = output;
    });
    if (printed) io.stdout(`${printed}\n`);
    return code;
  } catch (err) {
    const known = exitCodeOf(err);
    if (known === undefined) {
      io.stderr(`gitlab-dind: internal error, please report it: ${(err as Error).stack ?? String(err)}\n`);
      return ExitCode.Problem;
    }
    io.stderr(`gitlab-dind: ${(err as Error).message}\n`);
    return known;
  }
}

/**
 * SIGTERM and SIGHUP end a run as Ctrl-C does (README, "Exit codes": 130). Before the write phase nothing was
 * written; during it the signal waits for the writes to finish (src/io/write-files.ts writeAll), which then report it.
 */
function exitOnSignals(io: CliIo): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (signalsHeld()) return;
      io.stderr(`gitlab-dind: interrupted (${signal}); nothing written\n`);
      process.exit(ExitCode.Interrupted);
    });
  }
}

export function run(argv: string[]): Promise<number> {
  const io = processIo();
  // Not for lint: it writes nothing, and a handler runs only between its synchronous reads, where the
  // default action ends it at once.
  if (argv.find((a) => !a.startsWith('-')) !== 'lint') exitOnSignals(io);
  return main(argv, io);
}
