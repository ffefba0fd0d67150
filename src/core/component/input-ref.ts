/**
 * A component input standing where an answer's value goes (the component render mode of the plan).
 * It is text no validated answer can hold (a NUL on each side: every validator refuses control
 * characters), so the quoting helpers tell it apart from a user's string without weakening a check,
 * and write GitLab's `$[[ inputs.NAME ]]` in its place.
 */
const REF = /\u0000([a-z][a-z0-9_]*)\u0000/g;

/** The stand-in for input `name` inside a plan. */
export function inputRef(name: string): string {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new TypeError(`input name ${JSON.stringify(name)}: expected lowercase letters, digits and _`);
  return `\u0000${name}\u0000`;
}

/** The input a value stands for when it is exactly one stand-in; undefined otherwise. */
export function wholeInputRef(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^\u0000([a-z][a-z0-9_]*)\u0000$/.exec(value);
  return m ? m[1] : undefined;
}

export function hasInputRef(value: unknown): boolean {
  return typeof value === 'string' && value.includes('\u0000');
}

/** GitLab's interpolation block for `name`, with functions applied in order (`posix_escape`). */
export function interpolationBlock(name: string, ...functions: string[]): string {
  return `$[[ ${['inputs.' + name, ...functions].join(' | ')} ]]`;
}

/** Every stand-in in `text` written as its interpolation block (a value built around an input, `$[[ inputs.image ]]:tag`). */
export function withInterpolationBlocks(text: string): string {
  return text.replace(REF, (_m, name: string) => interpolationBlock(name));
}
