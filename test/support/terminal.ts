/**
 * A person at a terminal: runs the built CLI in a real pseudo-terminal (node-pty), waits for
 * what it shows and types keys. Waits are hang guards, never timing assertions.
 */
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import * as pty from 'node-pty';

export const KEY = { enter: '\r', down: '\u001b[B', up: '\u001b[A', backspace: '\u007f', ctrlC: '\u0003' } as const;

const BIN = path.resolve(__dirname, '../../bin/gitlab-dind.js');
const PATIENCE_MS = 60_000;

export class Terminal {
  private raw = '';
  /** Where the next wait starts looking: what was seen before is not seen again. */
  private cursor = 0;
  private readonly proc: pty.IPty;
  readonly exited: Promise<number>;
  private waiter: (() => void) | undefined;

  /** `size`: the terminal's columns and rows (a roomy 160×50 unless a test is about a small one). */
  constructor(args: string[], cwd: string, size: { cols: number; rows: number } = { cols: 160, rows: 50 }) {
    const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
    this.proc = pty.spawn(process.execPath, [BIN, ...args], { cwd, cols: size.cols, rows: size.rows, env, name: 'xterm' });
    this.proc.onData((data) => {
      this.raw += data;
      this.waiter?.();
    });
    this.exited = new Promise((resolve) => this.proc.onExit(({ exitCode }) => resolve(exitCode)));
  }

  /** Everything shown so far, without colours and cursor moves. */
  get screen(): string {
    return stripVTControlCharacters(this.raw);
  }

  /** Waits until `text` appears after what earlier waits consumed; returns what came before it. */
  async waitFor(text: string): Promise<string> {
    const deadline = Date.now() + PATIENCE_MS;
    for (;;) {
      const screen = this.screen;
      const at = screen.indexOf(text, this.cursor);
      if (at >= 0) {
        const before = screen.slice(this.cursor, at);
        this.cursor = at + text.length;
        return before;
      }
      if (Date.now() > deadline) throw new Error(`never saw ${JSON.stringify(text)}; the screen was:\n${screen}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1000);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Waits for a question, then types the keys that answer it. */
  async answer(question: string, ...keys: string[]): Promise<string> {
    const before = await this.waitFor(question);
    for (const key of keys) this.proc.write(key);
    return before;
  }

  /** Waits for a text question, types `text`, waits to see it echoed, then presses Enter. */
  async answerText(question: string, text: string): Promise<string> {
    const before = await this.answer(question, text);
    await this.waitFor(text);
    this.proc.write(KEY.enter);
    return before;
  }

  /** Waits for a list question, moves down `steps` choices, waits to see `choice` pointed at, presses Enter. */
  async choose(question: string, steps: number, choice: string): Promise<void> {
    await this.answer(question, ...Array<string>(steps).fill(KEY.down));
    await this.waitFor(`❯ ${choice}`);
    this.proc.write(KEY.enter);
  }

  async exitCode(): Promise<number> {
    const guard = new Promise<never>((_r, reject) => setTimeout(() => reject(new Error(`did not exit; the screen was:\n${this.screen}`)), PATIENCE_MS).unref());
    return Promise.race([this.exited, guard]);
  }

  kill(): void {
    try {
      this.proc.kill();
    } catch {
      // already gone
    }
  }
}

/**
 * A test file's terminals: each opened through the function returned is killed after its test, so a failed
 * expectation never leaves a wizard waiting for keys.
 */
export function terminalsKilledAfterEach(): (cwd: string, ...args: string[]) => Terminal {
  const open: Terminal[] = [];
  afterEach(() => open.splice(0).forEach((t) => t.kill()));
  return (cwd, ...args) => {
    const t = new Terminal(args, cwd);
    open.push(t);
    return t;
  };
}

/** The wizard's questions, as the terminal shows them (each a part the wait looks for). */
export const QUESTION = {
  mode: 'Build mode',
  source: 'Jobs in this repository, or a shared CI/CD component?',
  version: 'Docker version',
  tls: 'TLS between the job',
  pull: 'Where are the docker images pulled from?',
  push: 'Where does the built image go?',
  tags: 'Runner tags',
  url: 'GitLab URL',
  name: 'Runner name',
  concurrent: 'Jobs the runner runs at once',
  dockerfile: 'Dockerfile to build',
  test: 'Test of the built image',
  out: 'Folder to write the files in',
  confirm: 'Write these files?',
} as const;

/**
 * The questions a run where Enter takes every default asks, in order, from `from` through `through` (the whole
 * run by default); `tls` for the modes with a dind service, which ask it.
 */
export function questionsInOrder(tls: boolean, from: string = QUESTION.out, through: string = QUESTION.concurrent): string[] {
  const Q = QUESTION;
  const all: string[] = [
    Q.out,
    Q.mode,
    Q.source,
    Q.version,
    ...(tls ? [Q.tls] : []),
    Q.pull,
    Q.push,
    Q.dockerfile,
    Q.test,
    Q.tags,
    Q.url,
    Q.name,
    Q.concurrent,
  ];
  return all.slice(all.indexOf(from), all.indexOf(through) + 1);
}

/** The Dockerfiles the Dockerfile question offers, as its choices read on `screen`. */
export function dockerfileChoices(screen: string): string[] {
  return screen
    .slice(screen.indexOf(QUESTION.dockerfile))
    .split(/\r?\n/)
    .filter((l) => /^[❯ ] \S/.test(l))
    .map((l) => l.slice(2).trim());
}

/** The wizard's jobs-or-component question (src/cli/wizard-component.ts) and its choices. */
export const COMPONENT_QUESTION = {
  source: QUESTION.source,
  reference: 'Component to include',
  include: 'include a shared CI/CD component',
  copy: 'copy the jobs into the pipeline',
} as const;
