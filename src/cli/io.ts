/** The world a command sees, injected so commands never reach for process globals. */
export interface CliIo {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Both stdin and stdout are terminals: the wizard may ask. */
  interactive: boolean;
  /** The terminal's width, when stdout is one: --help wraps to it. */
  columns?: number;
  /** The environment variables a command reads (GITLAB_TOKEN for register): the process's at the edge, a test's own in-process. */
  env: Readonly<Record<string, string | undefined>>;
}

export function processIo(): CliIo {
  // `gitlab-dind --dry-run | head` closes the pipe early: that is the reader's choice, not our failure.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
  return {
    cwd: process.cwd(),
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    columns: process.stdout.columns,
    env: process.env,
    // A getter: reading process.stdin creates the stdin stream, which only the wizard's question needs.
    get interactive() {
      return Boolean(process.stdin.isTTY && process.stdout.isTTY);
    },
  };
}
