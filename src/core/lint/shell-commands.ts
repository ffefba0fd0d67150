/**
 * A script item read as simple commands, enough for lint to follow `cd` and the build commands:
 * quotes, `$(...)`, backticks, `${...}`, comments, continuations, redirections and the operators
 * between commands. Not a shell: what it cannot read (a here-document) it says so, and the
 * caller stops judging.
 */
export interface Word {
  /** The word with its quotes removed (`$X` and `$(...)` left as written). */
  value: string;
  /** As written, quotes included. */
  raw: string;
}

export interface Redirect {
  op: string;
  target: string;
}

export interface SimpleCommand {
  words: Word[];
  redirects: Redirect[];
  /** The operator before and after it: '' (start or end), '\n', ';', '&&', '||', '|', '&', '(' or ')'. */
  before: string;
  after: string;
}

export interface ParsedScript {
  commands: SimpleCommand[];
  /** A here-document: its body is not commands, and lint does not read it as such. */
  heredoc: boolean;
  /** Command substitutions ($(...) and backticks), as written inside. */
  substitutions: string[];
}

/** The index just past the `)` closing the `(` at `open`, quotes and nesting honoured; text.length when unclosed. */
function closeParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === "'") i = text.indexOf("'", i + 1) < 0 ? text.length : text.indexOf("'", i + 1);
    else if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  return text.length;
}

export function parseScript(source: string): ParsedScript {
  const text = source.replace(/\\\r?\n/g, '');
  const commands: SimpleCommand[] = [];
  const substitutions: string[] = [];
  let heredoc = false;
  let words: Word[] = [];
  let redirects: Redirect[] = [];
  let before = '';
  let value: string | null = null;
  let raw = '';
  let pendingRedirect: string | undefined;

  const endWord = () => {
    if (value === null) return;
    if (pendingRedirect !== undefined) redirects.push({ op: pendingRedirect, target: value });
    else words.push({ value, raw });
    pendingRedirect = undefined;
    value = null;
    raw = '';
  };
  const endCommand = (op: string) => {
    endWord();
    if (words.length || redirects.length) {
      commands.push({ words, redirects, before, after: op });
    }
    words = [];
    redirects = [];
    before = op;
  };
  const add = (v: string, r = v) => {
    value = (value ?? '') + v;
    raw += r;
  };

  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
    } else if (c === '\n') {
      endCommand('\n');
    } else if (c === '#' && value === null) {
      const end = text.indexOf('\n', i);
      i = (end < 0 ? text.length : end) - 1;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      const stop = end < 0 ? text.length : end;
      add(text.slice(i + 1, stop), text.slice(i, stop + 1));
      i = stop;
    } else if (c === '"') {
      let v = '';
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && '"\\$`'.includes(text[j + 1] ?? '')) v += text[++j];
        else if (text[j] === '$' && text[j + 1] === '(') {
          const end = closeParen(text, j + 1);
          substitutions.push(text.slice(j + 2, end - 1));
          v += text.slice(j, end);
          j = end - 1;
        } else if (text[j] === '`') {
          const end = text.indexOf('`', j + 1);
          const stop = end < 0 ? text.length : end;
          substitutions.push(text.slice(j + 1, stop));
          v += text.slice(j, stop + 1);
          j = stop;
        } else v += text[j];
      }
      add(v, text.slice(i, j + 1));
      i = j;
    } else if (c === '\\') {
      add(text[i + 1] ?? '', text.slice(i, i + 2));
      i++;
    } else if (c === '$' && text[i + 1] === '(') {
      const end = closeParen(text, i + 1);
      substitutions.push(text.slice(i + 2, end - 1));
      add(text.slice(i, end));
      i = end - 1;
    } else if (c === '$' && text[i + 1] === '{') {
      const end = text.indexOf('}', i);
      const stop = end < 0 ? text.length : end + 1;
      add(text.slice(i, stop));
      i = stop - 1;
    } else if (c === '`') {
      const end = text.indexOf('`', i + 1);
      const stop = end < 0 ? text.length : end;
      substitutions.push(text.slice(i + 1, stop));
      add(text.slice(i, stop + 1));
      i = stop;
    } else if (c === '<' || c === '>' || (c === '&' && text[i + 1] === '>')) {
      // A word of digits just before is the descriptor, not an argument.
      if (value !== null && /^\d+$/.test(raw)) {
        value = null;
        raw = '';
      } else endWord();
      const op = /^(?:&>>?|<<<|<<-?|<>|<&|>&|>>|>\||<|>)/.exec(text.slice(i))![0];
      i += op.length - 1;
      if (op === '<<' || op === '<<-') heredoc = true;
      // `>&2`, `2>&1`: a descriptor, no file.
      const dup = /^\s*(\d+|-)(?![\w./])/.exec(text.slice(i + 1));
      if ((op === '>&' || op === '<&') && dup) i += dup[0].length;
      else pendingRedirect = op;
    } else if (c === '&' || c === '|' || c === ';' || c === '(' || c === ')') {
      const two = text.slice(i, i + 2);
      const op = two === '&&' || two === '||' || two === ';;' ? two : c;
      i += op.length - 1;
      endCommand(op);
    } else {
      add(c);
    }
  }
  endCommand('');
  return { commands, heredoc, substitutions };
}
