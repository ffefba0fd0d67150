/**
 * Quoting for each output format. Every value reaches a template through one of these, so a
 * user's string lands in the file as exactly that string (the rendered file is parsed back to prove it).
 */

function hex4(code: number): string {
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

// YAML 1.2 printable set excludes C0/C1 controls (but tab and NEL) and a few non-characters.
const YAML_ESCAPE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff"\\]/gu;
const YAML_NAMED: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\t': '\\t', '\r': '\\r' };

/** A YAML double-quoted scalar. */
export function yamlString(value: string): string {
  return `"${value.replace(YAML_ESCAPE, (c) => YAML_NAMED[c] ?? hex4(c.charCodeAt(0)))}"`;
}

// TOML basic strings must escape ", \ and control characters other than tab.
const TOML_ESCAPE = /[\u0000-\u001f\u007f"\\]/g;
const TOML_NAMED: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\t': '\\t', '\r': '\\r', '\b': '\\b', '\f': '\\f' };

/** A TOML value: basic string, integer, boolean, or array of those. */
export function tomlValue(value: unknown): string {
  if (typeof value === 'string') return `"${value.replace(TOML_ESCAPE, (c) => TOML_NAMED[c] ?? hex4(c.charCodeAt(0)))}"`;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (Array.isArray(value)) return `[${value.map(tomlValue).join(', ')}]`;
  throw new TypeError(`no TOML form for ${JSON.stringify(value)}`);
}

/** A TOML key: bare when TOML allows it, else a quoted key. */
export function tomlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : tomlValue(key);
}

/** A word for a POSIX shell: bare when it is plainly safe, else single-quoted. */
export function shellWord(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Text inside a `#` comment of YAML, TOML or sh: must stay on one line. */
export function commentText(value: string): string {
  if (/[\r\n\u0085\u2028\u2029]/.test(value)) throw new TypeError(`comment text spans lines: ${JSON.stringify(value)}`);
  return value;
}

/**
 * A YAML literal block scalar (`|`), indented two spaces past its key's column by the template's
 * own indentation. Falls back to a double-quoted scalar for text a block cannot hold exactly.
 */
export function yamlLiteralBlock(value: string, indent = '  '): string {
  const blockSafe = value.endsWith('\n') && !value.endsWith('\n\n') && !/^[ \t]/.test(value) && !/[\r\t]/.test(value) && !YAML_ESCAPE_IN_BLOCK.test(value);
  if (!blockSafe) return yamlString(value);
  return `|\n${value
    .slice(0, -1)
    .split('\n')
    .map((line) => (line === '' ? '' : `${indent}${line}`))
    .join('\n')}`;
}
const YAML_ESCAPE_IN_BLOCK = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/u;
