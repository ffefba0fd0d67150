/** fast-check generators of answer sets across the whole answer space, valid by construction. */
import fc from 'fast-check';
import { RawAnswers } from '../../src/core/answers';
import { Mode, MODE_IDS } from '../../src/core/modes';
import * as v from '../../src/core/validators';

/** How many cases a property runs: bounded in `npm test`, many more under `npm run fuzz`. */
export const RUNS = Number(process.env.FC_RUNS ?? 150);

/** `npm test` runs a fixed sample (CI must not fail by the draw); `npm run fuzz` or FC_SEED explore anew. */
export const FC_PARAMS: { seed?: number } = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : process.env.FC_RUNS ? {} : { seed: 20261128 };

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
// A numeric last label would read as an IPv4 address in a URL: end with a letter-led label, as real names do.
const tld = fc.stringMatching(/^[a-z]([a-z0-9-]{0,6}[a-z0-9])?$/);
const domain = fc.tuple(fc.array(label, { minLength: 1, maxLength: 3 }), tld).map(([rest, last]) => [...rest, last].join('.'));
const port = fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined });
// Only hosts the gate takes (a malformed punycode `xn--` label is refused, as a URL parser refuses it).
export const hostPort = fc.tuple(domain, port).map(([h, p]) => (p === undefined ? h : `${h}:${p}`)).filter((h) => v.checkRegistryHost(h) === undefined);
const component = fc.stringMatching(/^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)?$/).filter((c) => c.length <= 30);
const repoPath = fc.array(component, { minLength: 1, maxLength: 3 }).map((c) => c.join('/'));

/** A path in a repository as people name them, quotes, spaces and all (the gate refuses .., absolute and -x). */
const repoFile = fc.array(fc.stringMatching(/^[^/\u0000-\u001f\u007f-\u009f]{1,12}$/), { minLength: 1, maxLength: 3 }).map((c) => c.join('/')).filter((p) => v.checkRepoPath(p) === undefined);

/** Text a person might type: quotes, #, :, braces, backslashes, unicode, emoji. */
const SPICY = ['"', "'", '#', ':', ' ', '{', '}', '[', ']', ',', '\\', '$', '&', '*', '!', '%', '@', '`', '|', '>', 'ü', 'ß', '日', '本', '🚀', 'é', '-', '?'];
const spicyChar = fc.oneof(fc.constantFrom(...SPICY), fc.stringMatching(/^[A-Za-z0-9]$/));
export const freeText = (max: number) => fc.array(spicyChar, { minLength: 1, maxLength: max }).map((cs) => cs.join(''));

const dockerVersion = fc
  .tuple(fc.integer({ min: 19, max: 35 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 }), fc.constantFrom(0, 1, 2, 3))
  .map(([a, b, c, form]) => [`${a}.${b}.${c}`, `${a}.${b}`, `${a}`, `${a}.${b}.${c}-rc.${c}`][form]);
const quantity = (kind: 'cpu' | 'memory') =>
  kind === 'cpu' ? fc.oneof(fc.integer({ min: 1, max: 64 }).map(String), fc.integer({ min: 1, max: 4000 }).map((n) => `${n}m`)) : fc.tuple(fc.integer({ min: 1, max: 512 }), fc.constantFrom('Mi', 'Gi', 'M', 'G', '')).map(([n, u]) => `${n}${u}`);
const resources = fc
  .tuple(fc.option(quantity('cpu'), { nil: undefined }), fc.option(quantity('cpu'), { nil: undefined }), quantity('memory'), fc.option(quantity('memory'), { nil: undefined }))
  .map(([cr, cl, mr, ml]) => [cr === undefined ? undefined : `cpu=${cr}${cl === undefined ? '' : `:${cl}`}`, `memory=${mr}${ml === undefined ? '' : `:${ml}`}`].filter(Boolean).join(','));

const tags = fc.uniqueArray(freeText(20).map((t) => t.trim().replace(/,/g, '')).filter((t) => v.checkRunnerTag(t) === undefined), { maxLength: 4 });

function modeRaw(mode: Mode): fc.Arbitrary<RawAnswers> {
  const daemon = mode === 'dind' || mode === 'kubernetes';
  const builder = mode === 'buildah' || mode === 'buildkit';
  const tc = !builder;
  return fc.record(
    {
      tls: daemon ? fc.boolean() : fc.constant(undefined),
      mtu: daemon ? fc.option(fc.integer({ min: 576, max: 9216 }).map(String), { nil: undefined }) : fc.constant(undefined),
      registryMirror: daemon || builder ? fc.option(hostPort.map((h) => `https://${h}`), { nil: undefined }) : fc.constant(undefined),
      builderVersion: builder ? fc.tuple(fc.nat(3), fc.nat(60), fc.nat(9)).map(([a, b, c]) => `v${a}.${b}.${c}`) : fc.constant(undefined),
      namespace: mode === 'kubernetes' ? label : fc.constant(undefined),
      buildResources: mode === 'kubernetes' ? resources : fc.constant(undefined),
      serviceResources: mode === 'kubernetes' ? resources : fc.constant(undefined),
      testcontainers: tc ? fc.boolean() : fc.constant(undefined),
      testImage: fc.tuple(fc.constantFrom('maven', 'node', 'golang', 'python', 'gradle'), fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,15}$/)).map(([n, t]) => `${n}:${t === 'latest' ? '1' : t}`),
      testCommand: fc.option(freeText(40).filter((s) => v.checkCommand(s) === undefined), { nil: undefined }),
      imageTest: fc.constantFrom('default', 'none'),
    },
    { requiredKeys: [] },
  ).map(({ imageTest, ...r }) => {
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
    }
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
          dockerfile: repoFile,
          context: repoFile,
          target: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.-]{0,20}$/),
          buildArgs: fc.uniqueArray(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,15}$/), { maxLength: 3 }),
        },
        { requiredKeys: [] },
      ),
      repoPath,
    )
    .map(([modeSpecific, common, path]) => {
      const raw: RawAnswers = { mode, ...modeSpecific, ...common };
      if (raw.registry) raw.image = `${raw.registry}/${path}`;
      if (raw.dependencyProxy && (raw.imageRegistry || !['dind', 'socket', 'kubernetes', 'buildkit'].includes(mode))) delete raw.dependencyProxy;
      for (const k of Object.keys(raw) as (keyof RawAnswers)[]) if (raw[k] === undefined) delete raw[k];
      return raw;
    }),
);
