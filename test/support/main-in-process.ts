/**
 * The CLI's own entry (src/cli/main.ts) run in this process, with the io a real run gets but captured: for
 * properties that run the CLI hundreds of times. The spawned binary (cli.ts) stays the end-to-end check.
 */
import { FLAG_OF, RawAnswers } from '../../src/core/answers';
import { main } from '../../src/cli/main';

export interface MainRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runMain(argv: string[], cwd: string): Promise<MainRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { cwd, interactive: false, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
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
