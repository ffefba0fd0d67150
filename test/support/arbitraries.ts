/** fast-check generators of answer sets across the whole answer space, valid by construction. */
import fc from 'fast-check';
import { RawAnswers } from '../../src/core/answers';
import { Mode, MODE_IDS } from '../../src/core/modes';
import * as v from '../../src/core/validators';

/** How many cases a property runs: 100 in `npm test` (fast-check's own default), many more under `npm run fuzz`. */
export const RUNS = Number(process.env.FC_RUNS ?? 100);

/** `npm test` runs a fixed sample (CI must not fail by the draw); `npm run fuzz` or FC_SEED explore anew. */
export const FC_PARAMS: { seed?: number } = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : process.env.FC_RUNS ? {} : { seed: 20261128 };

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
// A numeric last label would read as an IPv4 address in a URL: end with a letter-led label, as real names do.
const tld = fc.stringMatching(/^[a-z]([a-z0-9-]{0,6}[a-z0-9])?$/);
const domain = fc.tuple(fc.array(label, { minLength: 1, maxLength: 3 }), tld).map(([rest, last]) => [...rest, last].join('.'));
const port = fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined });
// Only hosts the gate takes (a malformed punycode `xn--` label is refused, as a URL parser refuses it).
export const hostPort = fc
  .tuple(domain, port)
  .map(([h, p]) => (p === undefined ? h : `${h}:${p}`))
  .filter((h) => v.checkRegistryHost(h) === undefined);
const component = fc.stringMatching(/^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)?$/).filter((c) => c.length <= 30);
const repoPath = fc.array(component, { minLength: 1, maxLength: 3 }).map((c) => c.join('/'));

/** A path in a repository as people name them, quotes, spaces and all (the gate refuses .., absolute and -x). */
const repoFile = fc
  .array(fc.stringMatching(/^[^/\u0000-\u001f\u007f-\u009f]{1,12}$/), { minLength: 1, maxLength: 3 })
  .map((c) => c.join('/'))
  .filter((p) => v.checkRepoPath(p) === undefined);

/** Text a person might type: quotes, #, :, braces, backslashes, unicode, emoji. */
const SPICY = ['"', "'", '#', ':', ' ', '{', '}', '[', ']', ',', '\\', '$', '&', '*', '!', '%', '@', '`', '|', '>', 'ü', 'ß', '日', '本', '🚀', 'é', '-', '?'];
const spicyChar = fc.oneof(fc.constantFrom(...SPICY), fc.stringMatching(/^[A-Za-z0-9]$/));
export const freeText = (max: number) => fc.array(spicyChar, { minLength: 1, maxLength: max }).map((cs) => cs.join(''));

const dockerVersion = fc
  .tuple(fc.integer({ min: 19, max: 35 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 }), fc.constantFrom(0, 1, 2, 3))
  .map(([a, b, c, form]) => [`${a}.${b}.${c}`, `${a}.${b}`, `${a}`, `${a}.${b}.${c}-rc.${c}`][form]);
const quantity = (kind: 'cpu' | 'memory') =>
  kind === 'cpu'
    ? fc.oneof(
        fc.integer({ min: 1, max: 64 }).map(String),
        fc.integer({ min: 1, max: 4000 }).map((n) => `${n}m`),
      )
    : fc.tuple(fc.integer({ min: 1, max: 512 }), fc.constantFrom('Mi', 'Gi', 'M', 'G', '')).map(([n, u]) => `${n}${u}`);
const resources = fc
  .tuple(
    fc.option(quantity('cpu'), { nil: undefined }),
    fc.option(quantity('cpu'), { nil: undefined }),
    quantity('memory'),
    fc.option(quantity('memory'), { nil: undefined }),
  )
  .map(([cr, cl, mr, ml]) =>
    [cr === undefined ? undefined : `cpu=${cr}${cl === undefined ? '' : `:${cl}`}`, `memory=${mr}${ml === undefined ? '' : `:${ml}`}`]
      .filter(Boolean)
      .join(','),
  );

/**
 * A relative path a shell would trip on: quotes, $, backticks, spaces, globs, a leading dash, unicode.
 * No `.` or `..` part: it stays below the folder it is relative to.
 */
const HOSTILE_PARTS = ['-x', '--help', '$(id)', '`id`', "it's", 'a "b"', '*', '?', '[ab]', '~', '$HOME', '${X:-y}', 'a  b', '\\n', '#c', 'ü 日'];
const pathPart = fc
  .oneof(fc.constantFrom(...HOSTILE_PARTS), freeText(10))
  .filter((p) => !p.includes('/') && p !== '.' && p !== '..' && v.checkPath(p) === undefined);
export const hostilePath = fc.array(pathPart, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/'));

/** The image that is built, without --registry: GitLab's registry, a path below it, Docker Hub, or a host of its own. */
const imageWithoutRegistry = fc.oneof(
  fc.constant(v.CI_REGISTRY_IMAGE),
  repoPath.map((p) => `${v.CI_REGISTRY_IMAGE}/${p}`),
  repoPath,
  fc.tuple(hostPort, repoPath).map(([h, p]) => `${h}/${p}`),
);

const KNOWN_TEST_IMAGES = ['maven', 'node', 'golang', 'python', 'gradle'];
const tagText = fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,15}$/).map((t) => (t === 'latest' ? '1' : t));
const digest = fc.stringMatching(/^[a-f0-9]{64}$/).map((h) => `sha256:${h}`);
/** A pinned test image: a known one (its command derived), one of a registry's own, by tag, digest or both. */
const testImage = fc
  .tuple(
    fc.oneof(
      fc.constantFrom(...KNOWN_TEST_IMAGES, 'eclipse-temurin', 'library/ruby'),
      fc.tuple(hostPort, repoPath).map(([h, p]) => `${h}/${p}`),
    ),
    fc.option(tagText, { nil: undefined }),
    fc.option(digest, { nil: undefined }),
  )
  .map(
    ([name, tag, sha]) => `${name}${tag === undefined && sha === undefined ? ':1' : tag === undefined ? '' : `:${tag}`}${sha === undefined ? '' : `@${sha}`}`,
  );
/** Whether the tool derives a test command from the image (SPEC: maven, gradle, node, golang, python by tag). */
const derivesCommand = (image: string) => KNOWN_TEST_IMAGES.some((n) => new RegExp(`(^|/)${n}:`).test(image));

/** A distributed cache as --cache takes it: s3://, gs:// or azure://, with or without a prefix. */
const bucket = fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,20}[a-z0-9]$/);
const cachePrefix = fc.option(
  fc
    .array(
      fc.stringMatching(/^[A-Za-z0-9._-]{1,12}$/).filter((p) => p !== '.' && p !== '..'),
      { minLength: 1, maxLength: 3 },
    )
    .map((p) => `/${p.join('/')}`),
  { nil: '' },
);
const cacheUrl = fc.oneof(
  fc.tuple(fc.constantFrom('s3', 'gs'), bucket, cachePrefix).map(([s, b, p]) => `${s}://${b}${p}`),
  fc.tuple(fc.stringMatching(/^[a-z0-9]{3,24}$/), fc.stringMatching(/^[a-z0-9]{3,20}$/), cachePrefix).map(([a, c, p]) => `azure://${a}/${c}${p}`),
);

const tags = fc.uniqueArray(
  freeText(20)
    .map((t) => t.trim().replace(/,/g, ''))
    .filter((t) => v.checkRunnerTag(t) === undefined),
  { maxLength: 4 },
);

function modeRaw(mode: Mode): fc.Arbitrary<RawAnswers> {
  const daemon = mode === 'dind' || mode === 'kubernetes';
  const builder = mode === 'buildah' || mode === 'buildkit';
  const tc = !builder;
  return fc
    .record(
      {
        tls: daemon ? fc.boolean() : fc.constant(undefined),
        mtu: daemon ? fc.option(fc.integer({ min: 576, max: 9216 }).map(String), { nil: undefined }) : fc.constant(undefined),
        registryMirror:
          daemon || builder
            ? fc.option(
                hostPort.map((h) => `https://${h}`),
                { nil: undefined },
              )
            : fc.constant(undefined),
        builderVersion: builder ? fc.tuple(fc.nat(3), fc.nat(60), fc.nat(9)).map(([a, b, c]) => `v${a}.${b}.${c}`) : fc.constant(undefined),
        namespace: mode === 'kubernetes' ? label : fc.constant(undefined),
        quayRegistry: builder ? fc.tuple(hostPort, fc.option(repoPath, { nil: undefined })).map(([h, p]) => (p ? `${h}/${p}` : h)) : fc.constant(undefined),
        legacyPrivileged: daemon ? fc.boolean() : fc.constant(undefined),
        pullPolicy:
          mode === 'shell'
            ? fc.constant(undefined)
            : fc.uniqueArray(fc.constantFrom('always', 'if-not-present', 'never'), { minLength: 1, maxLength: 3 }).map((p) => p.join(',')),
        buildResources: mode === 'kubernetes' ? resources : fc.constant(undefined),
        serviceResources: mode === 'kubernetes' ? resources : fc.constant(undefined),
        helperResources: mode === 'kubernetes' ? resources : fc.constant(undefined),
        testcontainers: tc ? fc.boolean() : fc.constant(undefined),
        testImage,
        testCommand: fc.option(
          freeText(40).filter((s) => v.checkCommand(s) === undefined),
          { nil: undefined },
        ),
        imageTest: fc.constantFrom('default', 'none'),
        // The Docker modes only (a daemon to run the image in while building), and only with a test.
        testInBuild: tc ? fc.boolean() : fc.constant(undefined),
      },
      { requiredKeys: [] },
    )
    .map(({ imageTest, ...r }) => {
      const out: RawAnswers = { ...r };
      if (!out.testcontainers) {
        delete out.testImage;
        // Without Testcontainers the command is docker-test's, run in the built image: one simple command, or no test job.
        if (typeof out.testCommand !== 'string' || v.checkImageCommand(out.testCommand) !== undefined) delete out.testCommand;
        if (out.testCommand === undefined && imageTest === 'none') out.test = false;
      } else if (mode === 'shell') {
        delete out.testImage;
        out.testCommand ??= 'make test';
      } else {
        out.testImage ??= 'maven:3.9-eclipse-temurin-21';
        if (!derivesCommand(String(out.testImage))) out.testCommand ??= './run-tests --all';
      }
      if (out.test === false) delete out.testInBuild;
      return out;
    });
}

/** A valid raw answer set for any mode, with every option the mode takes. */
export const rawAnswers: fc.Arbitrary<RawAnswers> = fc.constantFrom(...MODE_IDS).chain((mode) =>
  fc
    .tuple(
      modeRaw(mode),
      fc.record(
        {
          dockerVersion: dockerVersion,
          imageRegistry: fc.tuple(hostPort, fc.option(repoPath, { nil: undefined })).map(([h, p]) => (p ? `${h}/${p}` : h)),
          registry: hostPort,
          tags: tags.map((t) => t.join(',')),
          gitlabUrl: fc.tuple(fc.constantFrom('https', 'http'), hostPort, fc.constantFrom('/', '/gitlab/', '')).map(([s, h, p]) => `${s}://${h}${p}`),
          runnerName: freeText(40).filter((s) => v.checkRunnerName(s) === undefined),
          concurrent: fc.integer({ min: 1, max: 1000 }).map(String),
          dependencyProxy: fc.boolean(),
          runnerConfig: fc.oneof(
            hostilePath,
            hostilePath.map((p) => `${p}.toml`),
          ),
          templates: hostilePath,
          image: imageWithoutRegistry,
          dockerfile: repoFile,
          context: repoFile,
          target: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.-]{0,20}$/),
          buildArgs: fc.uniqueArray(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,15}$/), { maxLength: 3 }),
          cache: cacheUrl,
        },
        { requiredKeys: [] },
      ),
      repoPath,
    )
    .map(([modeSpecific, common, path]) => {
      const raw: RawAnswers = { mode, ...modeSpecific, ...common };
      // With --registry the image must be on it; without, any image name (common.image) goes.
      if (raw.registry) raw.image = `${raw.registry}/${path}`;
      if (mode === 'shell') delete raw.imageRegistry; // the shell executor pulls no images
      if (raw.dependencyProxy && (raw.imageRegistry || !['dind', 'socket', 'kubernetes', 'buildkit'].includes(mode))) delete raw.dependencyProxy;
      for (const k of Object.keys(raw) as (keyof RawAnswers)[]) if (raw[k] === undefined) delete raw[k];
      return raw;
    }),
);

/** A character no one-line answer takes: line breaks, tab, NUL, DEL, C1 controls, Unicode line separators. */
const CONTROL = ['\n', '\r', '\t', '\u0000', '\u007f', '\u0085', '\u2028', '\u2029', '\ufeff'];
const withControl = (base: fc.Arbitrary<string>) =>
  fc.tuple(base, fc.constantFrom(...CONTROL), fc.nat()).map(([b, c, at]) => `${b.slice(0, at % (b.length + 1))}${c}${b.slice(at % (b.length + 1))}`);
const bad = (...values: string[]) => fc.constantFrom(...values);

/** What a field needs around it for its own value to be the one judged (its mode, the flags it goes with). */
const CONTEXT: Partial<Record<keyof RawAnswers, RawAnswers>> = {
  namespace: { mode: 'kubernetes' },
  buildResources: { mode: 'kubernetes' },
  serviceResources: { mode: 'kubernetes' },
  helperResources: { mode: 'kubernetes' },
  builderVersion: { mode: 'buildah' },
  quayRegistry: { mode: 'buildah' },
  mtu: { mode: 'dind' },
  registryMirror: { mode: 'dind' },
  testImage: { mode: 'dind', testcontainers: true },
  testCommand: { mode: 'dind', testcontainers: true, testImage: 'eclipse-temurin:21' },
};

/**
 * Values each validated answer must refuse, invalid by construction (not drawn through the validators they
 * test): the usual mistakes, out-of-range numbers, and a control character put anywhere in a good value.
 */
export const INVALID: Partial<Record<keyof RawAnswers, fc.Arbitrary<string>>> = {
  mode: fc.oneof(bad('docker', 'DIND', '', 'dind ', 'kubernetes,dind', 'k8s'), withControl(fc.constantFrom(...MODE_IDS))),
  dockerVersion: fc.oneof(
    bad('latest', 'dind', 'cli', '', '29.x', 'v29.1', '29.1.0.1', '18.09', '1.13', ' 29.1', '29.1 ', '29.1-ce', '29..1', '29.1.0-rc'),
    fc.integer({ min: 0, max: 18 }).map(String),
    withControl(dockerVersion),
  ),
  imageRegistry: fc.oneof(
    bad(
      'https://harbor.example.com',
      'harbor.example.com/',
      'harbor.example.com/Dev',
      'harbor.example.com:0',
      'harbor.example.com:70000',
      'harbor .example.com',
      'harbor.example.com//x',
      '/devops',
      'h.example/a b',
      '-h.example',
    ),
    fc.tuple(hostPort, fc.stringMatching(/^[A-Z][a-z]{0,5}$/)).map(([h, p]) => `${h}/${p}`),
    withControl(hostPort),
  ),
  registry: fc.oneof(
    bad('registry.example.com/group', 'https://registry.example.com', 'registry.example.com:99999', ':5000', 'a b', 'registry_example.com', '-r.example'),
    fc.tuple(hostPort, repoPath).map(([h, p]) => `${h}/${p}`),
    withControl(hostPort),
  ),
  image: fc.oneof(
    bad('App', 'registry.example.com/group/app:1.0', 'group/', '/app', '', 'a b', '$CI_REGISTRY_IMAGE:1', '$OTHER/app', 'group//app', 'x'.repeat(256)),
    repoPath.map((p) => `${p}:1`),
    repoPath.map((p) => p.toUpperCase()).filter((p) => /[A-Z]/.test(p)),
    withControl(repoPath),
  ),
  // Inside a tag: the list is split on commas and each tag trimmed, so a line break at its edge is only space.
  tags: fc.oneof(
    bad('a,,b', 'a,a', 'a, ,b', ',', `${'t'.repeat(256)}`),
    fc.tuple(freeText(8), fc.constantFrom(...CONTROL), freeText(8)).map(([a, c, b]) => `t${a}${c}${b}t`.replace(/,/g, '')),
  ),
  gitlabUrl: fc.oneof(
    bad(
      'gitlab.example.com',
      'ftp://gitlab.example.com',
      'https://user:pw@gitlab.example.com',
      'https://gitlab.example.com/?a=1',
      'https://gitlab.example.com/#x',
      'https://gitlab example.com',
      '',
      'https://',
      'https://gitlab.example.com/a b',
      'file:///etc',
    ),
    withControl(fc.constant('https://gitlab.example.com/')),
  ),
  runnerName: fc.oneof(bad('', '   ', 'x'.repeat(256)), withControl(freeText(20))),
  concurrent: fc.oneof(
    bad('0', '-1', '1.5', 'four', '', ' 4', '4 ', '+4', '0x10', '1e2'),
    fc.integer({ min: 1001, max: 99999 }).map(String),
    withControl(fc.constant('4')),
  ),
  runnerConfig: fc.oneof(bad(''), withControl(hostilePath)),
  templates: withControl(hostilePath),
  namespace: fc.oneof(bad('Gitlab', '-ns', 'ns-', 'a_b', 'x'.repeat(64), '', 'a.b', 'a b'), withControl(label)),
  buildResources: fc.oneof(
    bad('cpu', 'cpu=abc', 'gpu=1', 'cpu=1,cpu=2', 'memory=1Q', 'cpu=1:', 'cpu=:', 'memory=512MB', 'cpu=1;memory=1Gi'),
    withControl(resources),
  ),
  serviceResources: fc.oneof(bad('cpu=-1', 'memory', 'cpu=1,,memory=1Gi', 'CPU=1'), withControl(resources)),
  helperResources: fc.oneof(bad('cpu=1m:x', 'memory=1Gi:1Gi:2Gi', 'cpu=1 ', 'cpu=1,memory=1Gi,'), withControl(resources)),
  builderVersion: fc.oneof(bad('1.2.3', 'v1.2', 'latest', 'v1.2.3-rc.1', 'V1.2.3', '', 'v1.2.3 '), withControl(fc.constant('v1.43.1'))),
  testImage: fc.oneof(bad('maven', 'maven:latest', 'Maven:3', '$IMAGE:1', 'maven:3@sha256:abc', 'maven:', ':3', ''), withControl(fc.constant('maven:3'))),
  testCommand: fc.oneof(bad('', '   ', 'x'.repeat(1001)), withControl(freeText(20))),
  registryMirror: fc.oneof(
    bad(
      'mirror.example.com',
      'https://mirror.example.com/path',
      'ftp://mirror.example.com',
      'https://u@mirror.example.com',
      'https://mirror.example.com:0',
      'https://mirror.example.com?x',
      'https://mirror example.com',
      'https://mirror.example.com:99999',
    ),
    withControl(hostPort.map((h) => `https://${h}`)),
  ),
  quayRegistry: fc.oneof(bad('https://quay.example.com', 'quay.example.com/', 'quay.example.com/Quay', 'quay .example.com', '/quay'), withControl(hostPort)),
  pullPolicy: fc.oneof(bad('latest', 'always,always', 'always,', 'Always', 'if_not_present', 'pull', ',never'), withControl(fc.constant('always'))),
  cache: fc.oneof(
    bad(
      's3://',
      's3://B',
      's3://ab',
      's3://bucket/',
      's3://bucket/../x',
      'S3://bucket',
      'http://bucket',
      'bucket',
      'gs://-x-',
      'azure://acct',
      'azure://acct/c--c',
      's3://bucket/a b',
      's3://bucket?x=1',
    ),
    withControl(fc.constant('s3://bucket/prefix')),
  ),
  mtu: fc.oneof(
    bad('575', '9217', 'abc', '1500.0', '-1500', ' 1500', '99999', '1e3', '0'),
    fc.integer({ min: 0, max: 575 }).map(String),
    fc.integer({ min: 9217, max: 99999 }).map(String),
  ),
};

/** A validated answer, a value it must refuse, and what must stand around it. */
export const invalidAnswer = fc
  .constantFrom(...(Object.keys(INVALID) as (keyof RawAnswers)[]))
  .chain((field) => INVALID[field]!.map((value) => ({ field, value, context: CONTEXT[field] ?? {} })));
