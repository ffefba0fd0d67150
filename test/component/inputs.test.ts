/** spec:inputs validation and $[[ ]] interpolation, as GitLab's docs (doc/ci/inputs) describe them. */
import { interpolate, interpolateString, posixEscape } from '../../src/core/component/interpolate';
import { BUILDER_VERSION_REGEX, dockerVersionRegex, IMAGE_REGEX, REPO_PATH_REGEX, TEST_COMMAND_REGEX } from '../../src/core/component/inputs';
import { InputSpecs, readSpec, resolveInputs } from '../../src/core/component/spec-inputs';
import * as v from '../../src/core/validators';

const SPECS: InputSpecs = readSpec({
  inputs: {
    stage: { default: 'test' },
    environment: { options: ['test', 'staging', 'production'] },
    concurrency: { type: 'number', default: 1 },
    version: { type: 'string', regex: '^v\\d\\.\\d+(\\.\\d+)$' },
    export_results: { type: 'boolean', default: true },
    tags: { type: 'array', default: ['docker'] },
  },
});
const REQUIRED = { environment: 'staging', version: 'v1.3.2' };

describe('inputs are validated as GitLab does', () => {
  test('defaults fill what is not given; given values win', () => {
    expect(resolveInputs(SPECS, REQUIRED)).toEqual({
      stage: 'test',
      environment: 'staging',
      concurrency: 1,
      version: 'v1.3.2',
      export_results: true,
      tags: ['docker'],
    });
    expect(resolveInputs(SPECS, { ...REQUIRED, concurrency: 2, export_results: false }).concurrency).toBe(2);
  });

  test.each<[string, Record<string, unknown>, RegExp]>([
    ['a mandatory input missing', { version: 'v1.3.2' }, /`environment` input: required value has not been provided/],
    ['a value outside options', { ...REQUIRED, environment: 'prod' }, /`prod` cannot be used because it is not in the list of allowed options/],
    ['a string failing its regex', { ...REQUIRED, version: '1.3.2' }, /`version` input: provided value does not match required RegEx pattern/],
    ['a number given as text', { ...REQUIRED, concurrency: '2' }, /`concurrency` input: provided value is not a number/],
    ['a boolean given as text', { ...REQUIRED, export_results: 'false' }, /provided value is not a boolean/],
    ['an array given as text', { ...REQUIRED, tags: 'docker' }, /`tags` input: provided value is not a array/],
    ['an unknown input', { ...REQUIRED, stages: 'x' }, /unknown input arguments: stages/],
  ])('refuses %s', (_what, given, message) => {
    expect(() => resolveInputs(SPECS, given)).toThrow(message);
  });

  test("a default is held to its own spec too, and the spec to GitLab's keys", () => {
    expect(() => resolveInputs(readSpec({ inputs: { n: { type: 'number', default: 'one' } } }), {})).toThrow(/default value is not a number/);
    expect(() => readSpec({ inputs: { n: { type: 'number', regex: '^1$' } } })).toThrow(/RegEx validation can only be used with string inputs/);
    expect(() => readSpec({ inputs: { n: { typ: 'string' } } })).toThrow(/unknown key typ/);
  });
});

describe('interpolation', () => {
  const inputs = { stage: 'build', n: 2, ok: false, tags: ['a', 'b'], path: "odd dir/it's" };

  test("a whole value takes the input's type; inside a longer string it is text", () => {
    expect(interpolateString('$[[ inputs.tags ]]', inputs)).toEqual(['a', 'b']);
    expect(interpolateString('$[[inputs.n]]', inputs)).toBe(2);
    expect(interpolateString('$[[ inputs.ok ]]', inputs)).toBe(false);
    expect(interpolateString('port $[[ inputs.n ]] on $[[ inputs.stage ]]', inputs)).toBe('port 2 on build');
  });

  test('keys and nested values are interpolated', () => {
    expect(interpolate({ 'job-$[[ inputs.stage ]]': { stage: '$[[ inputs.stage ]]', tags: '$[[ inputs.tags ]]' } }, inputs)).toEqual({
      'job-build': { stage: 'build', tags: ['a', 'b'] },
    });
  });

  test('posix_escape and truncate; an unknown input or function is an error', () => {
    expect(interpolateString('cd $[[ inputs.path | posix_escape ]]', inputs)).toBe("cd odd\\ dir/it\\'s");
    expect(posixEscape('')).toBe("''");
    expect(posixEscape('Dockerfile')).toBe('Dockerfile');
    expect(interpolateString('$[[ inputs.stage | truncate(1,3) ]]', inputs)).toBe('uil');
    expect(() => interpolateString('$[[ inputs.nope ]]', inputs)).toThrow(/unknown interpolation key/);
    expect(() => interpolateString('$[[ inputs.stage | upcase ]]', inputs)).toThrow(/unknown function/);
    expect(() => interpolateString('$[[ inputs.stage | expand_vars ]]', inputs)).toThrow(/expand_vars/);
  });
});

describe("the component inputs' regexes admit only what the tool's own validators admit", () => {
  const ok = (regex: string, value: string) => new RegExp(regex, 'u').test(value);

  test.each([
    ['$CI_REGISTRY_IMAGE', true],
    ['$CI_REGISTRY_IMAGE/app', true],
    ['registry.example.com:5000/group/app', true],
    ['group/app', true],
    ['localhost/app', true],
    ['Group/app', false],
    ['app:1.0', false],
    ['$CI_REGISTRY_IMAGE/App', false],
    ['https://registry/app', false],
    ['app; rm -rf /', false],
    ['', false],
  ])('image %j', (value, expected) => {
    expect(ok(IMAGE_REGEX, value)).toBe(expected);
    if (expected) expect(v.checkImageName(value)).toBeUndefined();
  });

  test.each([
    ['29.10.1', true],
    ['23', true],
    ['100.1', true],
    ['27.0.0-rc.1', true],
    ['22.1', false],
    ['latest', false],
    ['29.10.1-cli', false],
    ['29.10.1; id', false],
  ])('docker version %j (default 29: the -cli tags)', (value, expected) => {
    expect(ok(dockerVersionRegex('29.10.1'), value)).toBe(expected);
    if (expected) expect(v.checkDockerVersion(value)).toBeUndefined();
  });

  test('before Docker 23 (no -cli tag) only majors without one', () => {
    expect(ok(dockerVersionRegex('20.10.16'), '20.10.24')).toBe(true);
    expect(ok(dockerVersionRegex('20.10.16'), '23.0.1')).toBe(false);
    expect(ok(dockerVersionRegex('20.10.16'), '18.09')).toBe(false);
  });

  test.each([
    ['v1.43.1', true],
    ['1.43.1', false],
    ['v1.43', false],
    ['latest', false],
  ])('builder version %j', (value, expected) => {
    expect(ok(BUILDER_VERSION_REGEX, value)).toBe(expected);
    if (expected) expect(v.checkBuilderVersion(value)).toBeUndefined();
  });

  test.each([
    ['Dockerfile', true],
    ['.', true],
    ['docker/app.Dockerfile', true],
    ['./Dockerfile', true],
    ['.docker/x', true],
    ['a/..b', true],
    ['../Dockerfile', false],
    ['a/../b', false],
    ['..', false],
    ['/etc/passwd', false],
    ['-f', false],
    ['~/x', false],
    ['odd dir', false],
    ['a\\b', false],
    ['$HOME/x', false],
    ['a/', false],
    ['', false],
  ])('repository path %j', (value, expected) => {
    expect(ok(REPO_PATH_REGEX, value)).toBe(expected);
    if (expected) expect(v.checkRepoPath(value)).toBeUndefined();
    // Only characters a shell takes literally: posix_escape leaves the path as it is.
    if (expected) expect(posixEscape(value)).toBe(value);
  });

  test.each([
    ['npm test', true],
    ['curl -fsS "http://localhost:8080/health"', true],
    ["sh -c 'npm ci && npm test'", true],
    ['echo $HOME ${USER}', true],
    ['true', true],
    ['npm ci && npm test', false],
    ['a; b', false],
    ['a | b', false],
    ['echo $(id)', false],
    ['echo `id`', false],
    ['echo "$(id)"', false],
    ['a > f', false],
    ['a # c', false],
    ['a \\', false],
    ["echo 'x", false],
    [' npm test', false],
    ['', false],
  ])('test command %j', (value, expected) => {
    expect(ok(TEST_COMMAND_REGEX, value)).toBe(expected);
    if (expected) expect(v.checkImageCommand(value)).toBeUndefined();
  });
});
