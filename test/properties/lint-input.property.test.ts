/**
 * Whatever bytes lint is handed, as a pipeline or a runner config: exit 0 or 1 with nothing on
 * stderr, or exit 2 with one line naming the file (or the flag and file) — never a crash, an
 * "internal error" or a stack trace. The CLI runs in-process (main) on files in a temp folder;
 * random bytes, token soup that stresses the YAML parser, and generated deep and aliased YAML.
 */
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { main } from '../../src/cli/main';
import { firstInvalidUtf8 } from '../../src/io/read-bounded-text';
import { FC_PARAMS, RUNS } from '../support/arbitraries';
import { tempDir } from '../support/cli';

const dir = tempDir('gitlab-dind-lint-fuzz-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function lintBytes(name: string, bytes: Uint8Array | string, flag: '--ci' | '--runner'): Promise<{ code: number; out: string; err: string }> {
  fs.writeFileSync(path.join(dir, name), bytes);
  let out = '';
  let err = '';
  const code = await main(['lint', flag, name], { cwd: dir, stdout: (t) => (out += t), stderr: (t) => (err += t), interactive: false, env: {} });
  return { code, out, err };
}

/** The contract, for a file reported as `name`. */
function clean(r: { code: number; out: string; err: string }, name: string): boolean {
  if (r.code === 0 || r.code === 1) return r.err === '' && r.out !== '';
  if (r.code !== 2 || r.out !== '' || /internal error|\n\s+at /.test(r.err)) return false;
  const esc = name.replace(/[.]/g, '\\.');
  return new RegExp(`^gitlab-dind: (--(ci|runner) ${esc}: |${esc}:\\d+: )[^\\n]+\\n$`).test(r.err);
}

async function check(name: string, bytes: Uint8Array | string, flag: '--ci' | '--runner'): Promise<void> {
  const r = await lintBytes(name, bytes, flag);
  if (!clean(r, name)) throw new Error(`not clean: exit ${r.code}, stderr ${JSON.stringify(r.err.slice(0, 500))}`);
}

const TARGETS = [
  ['ci.yml', '--ci'],
  ['config.toml', '--runner'],
  ['values.yaml', '--runner'],
] as const;
const target = fc.constantFrom(...TARGETS);

// Pieces of YAML and TOML syntax, glued at random: reaches the parsers' corners far more often than random bytes.
const SOUP = [
  '[',
  ']',
  '{',
  '}',
  '[[',
  ']]',
  '- ',
  ': ',
  ':',
  '? ',
  ',',
  '&a ',
  '&b ',
  '*a',
  '*b',
  '<<: ',
  '<<: *a',
  '!reference ',
  '!!str ',
  '!!map ',
  '!x ',
  '|',
  '|-',
  '>',
  '"',
  "'",
  '\\',
  '#',
  '\n',
  '\n  ',
  '\n    ',
  '\t',
  ' ',
  '---\n',
  '...\n',
  '%YAML 1.2\n',
  'key',
  'job',
  'image',
  'services',
  'variables',
  'script',
  'extends',
  'runners',
  'config',
  '=',
  '"""',
  '1e400',
  '0x',
  '\u0000',
  '\uFEFF',
  'ü',
  '🚀',
  'docker:dind',
  'DOCKER_HOST',
  'tcp://docker:2375',
];
const soup = fc.array(fc.constantFrom(...SOUP), { maxLength: 80 }).map((parts) => parts.join(''));

interface Tree {
  text: string;
}

/** Generated YAML with anchors and aliases (some to later or enclosing anchors), merges, and nesting up to ~150 deep. */
const yamlTree: fc.Arbitrary<string> = fc
  .record({
    depth: fc.integer({ min: 0, max: 150 }),
    fanout: fc.integer({ min: 1, max: 12 }),
    levels: fc.integer({ min: 1, max: 8 }),
    flow: fc.boolean(),
    merge: fc.boolean(),
    dangling: fc.boolean(),
  })
  .map(({ depth, fanout, levels, flow, merge, dangling }): Tree => {
    const lines: string[] = [`a0: &a0 [${Array(fanout).fill('x').join(', ')}]`];
    for (let i = 1; i < levels; i++) {
      const items = Array(fanout).fill(`*a${i - 1}`);
      lines.push(merge ? `a${i}: &a${i} {<<: {k: *a${i - 1}}, ${items.map((it, j) => `m${j}: ${it}`).join(', ')}}` : `a${i}: &a${i} [${items.join(', ')}]`);
    }
    const nest = flow
      ? `deep: ${'['.repeat(depth)}*a0${']'.repeat(depth)}`
      : `deep:\n${Array.from({ length: depth }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n')} *a0`;
    lines.push(nest);
    if (dangling) lines.push('late: *a99', 'self: &s {x: *s}');
    lines.push(
      'job:\n  image: docker:29.1.0-cli\n  services: [docker:29.1.0-dind]\n  variables: {DOCKER_HOST: "tcp://docker:2376"}\n  script: [*a0, docker info]',
    );
    return { text: `${lines.join('\n')}\n` };
  })
  .map((t) => t.text);

describe('lint on any input: exit 0, 1 or 2 with one clean line', () => {
  it('random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), target, async (bytes, [name, flag]) => check(name, bytes, flag)),
      { numRuns: RUNS, ...FC_PARAMS },
    );
  });

  it('token soup of YAML and TOML syntax', async () => {
    await fc.assert(
      fc.asyncProperty(soup, target, async (text, [name, flag]) => check(name, text, flag)),
      { numRuns: RUNS * 2, ...FC_PARAMS },
    );
  });

  it('deep, aliased and merged YAML (alias bombs, cycles, dangling aliases)', async () => {
    await fc.assert(
      fc.asyncProperty(yamlTree, async (text) => check('ci.yml', text, '--ci')),
      { numRuns: Math.max(40, Math.floor(RUNS / 2)), ...FC_PARAMS },
    );
  });

  it('valid YAML with a byte flipped', async () => {
    const base = Buffer.from(
      'stages: [build]\n.t: &t\n  image: docker:29.1.0-cli\nbuild:\n  <<: *t\n  services:\n    - name: docker:29.1.0-dind\n      alias: docker\n  variables:\n    DOCKER_HOST: tcp://docker:2376\n  script: [docker info]\n',
    );
    await fc.assert(
      fc.asyncProperty(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 }), async (at, byte) => {
        const bytes = Buffer.from(base);
        bytes[at] = byte;
        await check('ci.yml', bytes, '--ci');
      }),
      { numRuns: RUNS, ...FC_PARAMS },
    );
  });
});

describe('the UTF-8 check', () => {
  it('finds an invalid byte exactly when TextDecoder (fatal) refuses, and the prefix before it decodes', () => {
    const bytes = fc
      .array(fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0xc2, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0x80, 0xbf, 0xa0, 0x9f, 0x8f, 0x90)), {
        maxLength: 40,
      })
      .map((a) => Uint8Array.from(a));
    fc.assert(
      fc.property(bytes, (b) => {
        const at = firstInvalidUtf8(b);
        let valid = true;
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(b);
        } catch {
          valid = false;
        }
        if (valid) return at === -1;
        new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(0, at));
        return at >= 0;
      }),
      { numRuns: RUNS * 10, ...FC_PARAMS },
    );
  });
});
