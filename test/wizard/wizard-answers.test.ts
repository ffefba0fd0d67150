/** How the wizard judges one answer: through resolveAnswers, in the light of what is decided. */
import { problemWith } from '../../src/cli/wizard';

test("a bad answer gets the validator's own explanation, without the flag prefix", () => {
  expect(problemWith('concurrent', '0', { mode: 'dind' })).toBe('"0" is not valid; expected a whole number from 1 to 1000');
  expect(problemWith('dockerVersion', 'latest', {})).toMatch(/^"latest" is not valid; expected a pinned Docker release/);
  expect(problemWith('concurrent', '3', { mode: 'dind' })).toBeUndefined();
});

test('naming a push registry is fine while the image is still to be asked', () => {
  expect(problemWith('registry', 'registry.example.com', { mode: 'socket' })).toBeUndefined();
  expect(problemWith('image', 'other.example.com/app', { mode: 'socket', registry: 'registry.example.com' })).toMatch(/starting with registry\.example\.com\//);
});

test('an answer that conflicts with a flag already given is refused, naming that flag', () => {
  const given = { mode: 'socket', image: 'registry.example.com/group/app' };
  expect(problemWith('registry', 'other.example.com', given)).toMatch(/^--image: "registry\.example\.com\/group\/app" is not valid/);
  expect(problemWith('registry', 'registry.example.com', given)).toBeUndefined();
});

test('TLS off is an answer for dind and kubernetes only', () => {
  expect(problemWith('tls', false, { mode: 'dind' })).toBeUndefined();
  expect(problemWith('tls', false, { mode: 'kubernetes' })).toBeUndefined();
  expect(problemWith('tls', false, { mode: 'socket' })).toBe('applies to --mode dind or kubernetes only, not "socket"');
});
