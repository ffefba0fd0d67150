/**
 * A bad answer is a FieldError: the answer's key and what is wrong, which each edge says its own way
 * (`--key: detail` on the command line, `answers.key: detail` in .gitlab-dind.yml, the detail under the
 * wizard's question). Every refusal of the answers gate carries its field, so no edge has to read a message.
 */
import { FLAG_OF, RawAnswers, resolveAnswers } from '../../src/core/answers';
import { parseAnswersFile } from '../../src/core/answers-file';
import { FieldError } from '../../src/core/errors';
import { problemWith } from '../../src/cli/wizard';

const BAD: RawAnswers[] = [
  { mode: 'podman' },
  { mode: 'socket', tls: false },
  { tls: 'yes' },
  { dockerVersion: 'latest' },
  { imageRegistry: 'https://x' },
  { mode: 'shell', imageRegistry: 'harbor.example.com' },
  { registry: 'registry.example.com' },
  { registry: 'registry.example.com', image: 'other.example.com/app' },
  { buildArgs: ['TOKEN=secret'] },
  { buildArgs: ['A', 'A'] },
  { tags: 'a,,b' },
  { tags: 'a,a' },
  { concurrent: '0' },
  { namespace: 'x', mode: 'dind' },
  { mode: 'kubernetes', buildResources: 'cpu=lots' },
  { builderVersion: 'v1' },
  { testImage: 'maven:3.9' },
  { testCommand: 'make test', test: false },
  { testcontainers: true },
  { testcontainers: true, mode: 'shell' },
  { testcontainers: true, mode: 'shell', testCommand: 'make', testImage: 'maven:3.9' },
  { testcontainers: true, testImage: 'alpine:3.20' },
  { dependencyProxy: true, imageRegistry: 'harbor.example.com' },
  { mode: 'socket', mtu: '1400' },
  { mtu: '100' },
  { registryMirror: 'ftp://x' },
];

function refusal(raw: RawAnswers): FieldError {
  try {
    resolveAnswers(raw);
  } catch (err) {
    if (err instanceof FieldError) return err;
    throw err;
  }
  throw new Error(`${JSON.stringify(raw)} was taken`);
}

test.each(BAD.map((raw) => [JSON.stringify(raw), raw]))('%s: refused as a FieldError of a known answer, its message made of field and detail', (_name, raw) => {
  const err = refusal(raw as RawAnswers);
  expect(Object.values(FLAG_OF)).toContain(err.field);
  expect(err.message).toBe(`--${err.negated ? 'no-' : ''}${err.field}: ${err.detail}`);
});

test('--no-tls: the field is tls, the command line says the switch turned off', () => {
  const err = refusal({ mode: 'socket', tls: false });
  expect([err.field, err.negated, err.detail]).toEqual(['tls', true, 'applies to --mode dind or kubernetes only, not "socket"']);
});

test('the answers file says the key under answers, with the same detail', () => {
  const text = 'schema: 2\ntool: 0.1.0\nanswers:\n  mode: dind\n  mtu: 100\n';
  expect(() => parseAnswersFile(text, '0.1.0')).toThrow(`.gitlab-dind.yml: answers.mtu: ${refusal({ mtu: 100 }).detail}`);
});

test("the wizard shows the detail under the answer's own question, the whole line for another answer's", () => {
  expect(problemWith('mtu', '100', {})).toBe(refusal({ mtu: '100' }).detail);
  // --image's complaint is about the registry just given: the image question comes later.
  expect(problemWith('registry', 'registry.example.com', { image: 'other.example.com/app' })).toBe(
    refusal({ registry: 'registry.example.com', image: 'other.example.com/app' }).message,
  );
});
