/**
 * Secrets kept out of what is printed: the values of token, password and secret keys (TOML, YAML, or
 * KEY=value in a string) and the user:password part of URLs. References such as "$RUNNER_TOKEN" are not
 * secrets and are shown.
 */
export const REDACTED = '[redacted]';

/** A key whose value is a secret: token, password, ..._secret, secret_key, access_key (not token_expires_at). */
const SECRET_KEY = String.raw`[\w.-]*?(?:token|password|passwd|[a-z0-9_-]secret|secret[_-]?key|access[_-]?key|private[_-]?key)`;
/** `key = "v"` (TOML) or `key: v` (YAML), with an optional leading `- ` or quotes around the key. */
const KEY_VALUE = new RegExp(
  String.raw`^([ \t]*(?:[-+][ \t]*)?(?:-[ \t]+)?["']?${SECRET_KEY}["']?[ \t]*[=:][ \t]*)("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^\s#]+)(.*)$`,
  'gim',
);
/** `NAME_TOKEN=value` inside a string (environment = ["CI_SERVER_TOKEN=..."], a shell line). */
const ENV_ASSIGN = /\b([A-Z0-9_]*(?:TOKEN|PASSWORD|SECRET|SECRET_KEY|ACCESS_KEY|PRIVATE_KEY))=([^\s"',\]]+)/g;
/** scheme://user:password@ or scheme://token@ */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@"'<>]+)@/gi;

function isReference(value: string): boolean {
  const v = value.replace(/^["']|["']$/g, '');
  // "$RUNNER_TOKEN", or a placeholder in an instruction (glrt-..., <token>): no secret.
  return v === '' || /^\$(\{?[A-Za-z_][A-Za-z0-9_]*\}?)$/.test(v) || v === REDACTED || /\.\.\.$|^<[^>]*>$/.test(v);
}

export interface Redacted {
  text: string;
  redacted: boolean;
}

export function redact(text: string): Redacted {
  let redacted = false;
  let out = text.replace(KEY_VALUE, (whole, head: string, value: string, tail: string) => {
    if (isReference(value) || /^[{[|>&*]/.test(value)) return whole;
    redacted = true;
    const quote = /^["']/.exec(value)?.[0] ?? '';
    return `${head}${quote}${REDACTED}${quote}${tail}`;
  });
  out = out.replace(ENV_ASSIGN, (whole, name: string, value: string) => {
    if (isReference(value)) return whole;
    redacted = true;
    return `${name}=${REDACTED}`;
  });
  out = out.replace(URL_CREDENTIALS, (whole, scheme: string, cred: string) => {
    // A bare user name (ssh://git@) is no secret; user:password, or a long token as the user, is.
    if ((!cred.includes(':') && cred.length < 20) || /^\$\{?[A-Za-z_]\w*\}?(:\$\{?[A-Za-z_]\w*\}?)?$/.test(cred)) return whole;
    redacted = true;
    return `${scheme}${REDACTED}@`;
  });
  return { text: out, redacted };
}
