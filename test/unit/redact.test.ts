import { redact } from '../../src/core/redact';
import { shortenForMessage } from '../../src/cli/main';

describe('redact: secrets out of what is printed', () => {
  test.each([
    ['a TOML token', '  token = "glrt-abc_DEF-123"', '  token = "[redacted]"'],
    ['a token with a comment after it', '  token = "glrt-abc" # rotated in May', '  token = "[redacted]" # rotated in May'],
    ['a # inside the quoted value', '  token = "abc#def"', '  token = "[redacted]"'],
    ['S3 keys', '    AccessKey = "AKIAX"\n    SecretKey = "s3cr3t"', '    AccessKey = "[redacted]"\n    SecretKey = "[redacted]"'],
    ['a YAML password', 'password: hunter2', 'password: [redacted]'],
    ['a camelCase secret', '  clientSecret: "zzz"', '  clientSecret: "[redacted]"'],
    ['a diff line', '-  token = "glrt-old"\n+  token = "glrt-new"', '-  token = "[redacted]"\n+  token = "[redacted]"'],
    ['URL credentials', 'url = "https://deploy:pa55@gitlab.example.com/"', 'url = "https://[redacted]@gitlab.example.com/"'],
    ['a long token as URL user', 'https://glpat-0123456789abcdefghij@gitlab.example.com', 'https://[redacted]@gitlab.example.com'],
    ['a secret in an environment entry', 'environment = ["CI_SERVER_TOKEN=abc", "FOO=bar"]', 'environment = ["CI_SERVER_TOKEN=[redacted]", "FOO=bar"]'],
  ])('%s', (_name, text, expected) => {
    expect(redact(text)).toEqual({ text: expected, redacted: true });
  });

  test.each([
    ['a reference to the environment', '  token = "$RUNNER_TOKEN"'],
    ['a braced reference', 'TOKEN=${RUNNER_TOKEN}'],
    ['a placeholder in an instruction', 'RUNNER_TOKEN=glrt-... sh register.sh'],
    ['the token timestamps', '  token_obtained_at = 2025-09-02T08:14:31Z\n  token_expires_at = 0001-01-01T00:00:00Z'],
    ['the name of a Kubernetes secret', '  secret: gitlab-runner-token'],
    ['an empty token', '  token = ""'],
    ['a bare ssh user', 'ssh://git@gitlab.example.com/group/repo.git'],
    ['a flag in help text', '--token  the runner token'],
  ])('keeps %s', (_name, text) => {
    expect(redact(text)).toEqual({ text, redacted: false });
  });
});

describe('shortenForMessage', () => {
  test('a quoted value over 200 characters is cut, its length said; a short one is kept', () => {
    const long = `--mode: ${JSON.stringify('x'.repeat(5000))} is not valid; expected dind`;
    expect(shortenForMessage(long)).toBe(`--mode: "${'x'.repeat(100)}…" (5000 characters) is not valid; expected dind`);
    expect(shortenForMessage('--mode: "abc" is not valid')).toBe('--mode: "abc" is not valid');
  });

  test('an overlong line without quotes is cut too', () => {
    expect(shortenForMessage(`line 1: ${'y'.repeat(3000)}`)).toMatch(/^line 1: y+… \(3008 characters\)$/);
  });
});
