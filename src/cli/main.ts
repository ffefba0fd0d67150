/** The one place that parses argv, catches errors and turns them into exit codes. */
import yargs from 'yargs';
import { ExitCode, exitCodeOf, UsageError } from '../core/errors';
import { toolVersion } from '../io/package-info';
import type { InitArgs } from './commands/init';
import { REGENERATE_OPTIONS, RegenerateArgs } from './regenerate-flags';
import type { UpgradeArgs } from './commands/upgrade';
import { INIT_OPTIONS } from './init-flags';
import { CliIo, processIo } from './io';

const COMMANDS = ['init', 'generate', 'upgrade', 'modes', 'lint'];

/** yargs names unknown flags and stray words alike without their dashes: told apart by what was typed. */
function unknownNames(names: string[], argv: string[]): string {
  // A name typed with its dashes is a flag, even if the same text is some flag's value (--runner-name x -x).
  const dashed = (n: string) => argv.some((a) => a === `-${n}` || a === `--${n}` || a.startsWith(`--${n}=`));
  const words = names.filter((n) => !dashed(n) && argv.includes(n));
  if (words.length > 0 && argv[0] === words[0]) return `${words[0]}: unknown command; expected one of ${COMMANDS.join(', ')}`;
  if (words.length > 0) return `${words[0]}: unexpected word; expected flags only after the command`;
  return `${names.map((n) => (n.length > 1 ? `--${n}` : `-${n}`)).join(', ')}: unknown`;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  let code: number = ExitCode.Ok;
  const parser = yargs(argv)
    .scriptName('gitlab-dind')
    .usage('$0 [init] [flags]\n\nWrites .gitlab-ci.yml and the GitLab Runner config.toml for building Docker images in CI.')
    .command(['init', '$0'], 'write the pipeline and runner config (the wizard in a terminal; --yes for none)', (y) => y.options(INIT_OPTIONS), async (args) => {
      // Each command's code is loaded when it runs (its own chunk in the bundle): --help loads none of it,
      // and the wizard (inquirer) only when it asks.
      const { initCommand } = await import('./commands/init');
      code = await initCommand(args as InitArgs, io, async () => (await import('./wizard')).terminalWizard());
    })
    .command('generate', 're-render from .gitlab-dind.yml, keeping your own jobs, keys and comments', (y) => y.options(REGENERATE_OPTIONS), async (args) => {
      const { generateCommand } = await import('./commands/generate');
      code = await generateCommand(args as RegenerateArgs, io);
    })
    .command('upgrade', 'move the pinned versions to this tool\'s defaults (or --docker-version / --builder-version), then generate', (y) => y.options({ ...REGENERATE_OPTIONS, 'docker-version': INIT_OPTIONS['docker-version'], 'builder-version': INIT_OPTIONS['builder-version'] }), async (args) => {
      const { upgradeCommand } = await import('./commands/upgrade');
      code = await upgradeCommand(args as UpgradeArgs, io);
    })
    .command('modes', 'the build modes and their trade-offs', {}, async () => {
      const { modesCommand } = await import('./commands/modes');
      code = modesCommand(io);
    })
    .command('lint', 'find Docker-mode pitfalls in an existing .gitlab-ci.yml and runner config.toml; exit 1 on an error', (y) => y.options({
      ci: { type: 'string', describe: 'the pipeline to lint (default .gitlab-ci.yml when present)' },
      runner: { type: 'string', describe: 'the runner config.toml, or a Helm values.yaml (default gitlab-runner/config.toml when present)' },
      format: { type: 'string', describe: 'text, or json: one JSON array of findings', default: 'text' },
      'max-size': { type: 'string', describe: 'the largest file lint reads: bytes, or with KiB, MiB (default 10MiB)' },
    }), async (args) => {
      // Loaded only when used: lint's rules are not needed by the other commands.
      const { lintCommand } = await import('./commands/lint');
      code = lintCommand(args, io);
    })
    .strict()
    .version(toolVersion())
    .help()
    .alias('help', 'h') // what most CLIs take; runKind() counts it as a help run too
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .exitProcess(false)
    .showHelpOnFail(false)
    .fail((msg, err) => {
      throw err ?? new UsageError(`${msg.replace(/^Unknown arguments?: (.*)$/, (_m, names: string) => unknownNames(names.split(', '), argv))}; see gitlab-dind --help`);
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

export function run(argv: string[]): Promise<number> {
  return main(argv, processIo());
}
