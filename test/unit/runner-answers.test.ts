/**
 * Issue 18's runner answers: --pull-policy, --cache, --quay-registry, --legacy-privileged. Bad values are one
 * line and exit 2 with nothing written; good ones land in config.toml and register.sh (no credential ever),
 * are recorded in .gitlab-dind.yml and read back from it.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { resolveAnswers } from '../../src/core/answers';
import { parseAnswersFile, serializeAnswersFile } from '../../src/core/answers-file';
import { parseCacheUrl, parsePullPolicy } from '../../src/core/runner-answers';
import { splitShellWords } from '../../src/core/shell-words';
import { tempDir, tree } from '../support/cli';
import { runMain } from '../support/main-in-process';
import { render } from '../support/render';
import { schemaErrors, validateRunner } from '../support/schemas';

const registerWords = (script: string): string[] =>
  splitShellWords(script.slice(script.indexOf('gitlab-runner register')).replace(/\\\n/g, ' ').split('\n')[0]);

describe('--pull-policy', () => {
  test('default: always, then if-not-present, in [runners.docker] and [runners.kubernetes]; none for shell', () => {
    expect(render({ mode: 'dind' }).runner.runners[0].docker.pull_policy).toEqual(['always', 'if-not-present']);
    expect(render({ mode: 'kubernetes' }).runner.runners[0].kubernetes.pull_policy).toEqual(['always', 'if-not-present']);
    expect(render({ mode: 'buildah' }).runner.runners[0].docker.pull_policy).toEqual(['always', 'if-not-present']);
    expect(render({ mode: 'shell' }).text.runner).not.toMatch(/pull_policy/);
  });

  test('the default says why, and what a shared runner should take instead', () => {
    expect(render({}).text.runner).toMatch(/a runner shared with others takes --pull-policy always/);
    expect(render({ pullPolicy: 'never' }).text.runner).not.toMatch(/# Pull each time/);
  });

  test('a given policy, in order, in config.toml and register.sh alike', () => {
    const r = render({ mode: 'socket', pullPolicy: 'if-not-present,always' });
    expect(r.runner.runners[0].docker.pull_policy).toEqual(['if-not-present', 'always']);
    const words = registerWords(r.text.register);
    expect(words[words.indexOf('--docker-pull-policy') + 1]).toBe('if-not-present,always');
    expect(schemaErrors(validateRunner, r.runner)).toEqual([]);
  });

  test.each([['latest'], ['always,always'], [''], ['always,'], ['Always'], ['if_not_present']])('refuses %j', (value) => {
    expect(parsePullPolicy(value).policies).toBeUndefined();
  });

  test('refused on the shell executor, which pulls nothing', () => {
    expect(() => resolveAnswers({ mode: 'shell', pullPolicy: 'always' })).toThrow(
      /^--pull-policy: applies to --mode dind, socket, kubernetes, buildah or buildkit only, not "shell"$/,
    );
  });
});

describe('--cache', () => {
  test("s3://BUCKET/PREFIX: shared, the bucket, AWS's credential chain; no key written", () => {
    const r = render({ mode: 'dind', cache: 's3://ci-cache/runners/docker' });
    expect(r.runner.runners[0].cache).toEqual({ Type: 's3', Shared: true, Path: 'runners/docker', s3: { BucketName: 'ci-cache', AuthenticationType: 'iam' } });
    expect(r.text.runner).toMatch(/AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the runner's\n\s+# environment/);
    const words = registerWords(r.text.register);
    expect(words.slice(words.indexOf('--cache-type'))).toEqual([
      '--cache-type',
      's3',
      '--cache-shared',
      '--cache-path',
      'runners/docker',
      '--cache-s3-bucket-name',
      'ci-cache',
      '--cache-s3-authentication_type',
      'iam',
    ]);
    expect(schemaErrors(validateRunner, r.runner)).toEqual([]);
  });

  test('gs://BUCKET and azure://ACCOUNT/CONTAINER/PREFIX', () => {
    expect(render({ mode: 'socket', cache: 'gs://ci_cache' }).runner.runners[0].cache).toEqual({ Type: 'gcs', Shared: true, gcs: { BucketName: 'ci_cache' } });
    const azure = render({ mode: 'kubernetes', cache: 'azure://ciaccount/cache-container/k8s' });
    expect(azure.runner.runners[0].cache).toEqual({
      Type: 'azure',
      Shared: true,
      Path: 'k8s',
      azure: { AccountName: 'ciaccount', ContainerName: 'cache-container' },
    });
    // The Helm chart's runners.config carries the same table.
    expect(azure.text.values).toMatch(/\[runners\.cache\.azure\]\n\s+# No AccountKey/);
    expect(schemaErrors(validateRunner, azure.runner)).toEqual([]);
    expect(render({ mode: 'shell', cache: 'gs://ci-cache' }).runner.runners[0].cache.Type).toBe('gcs');
  });

  test('no mode writes a credential key, whatever the store', () => {
    for (const cache of ['s3://b-1/p', 'gs://b-1', 'azure://acct1/cont1']) {
      for (const mode of ['dind', 'socket', 'shell', 'kubernetes', 'buildah', 'buildkit'] as const) {
        const text = render({ mode, cache }).text;
        for (const file of [text.runner, text.register, text.values ?? '']) {
          expect([
            mode,
            cache,
            /\b(AccessKey|SecretKey|SessionToken|AccountKey|PrivateKey|AccessID|CredentialsFile) =|--cache-\w+-(access-key|secret-key|account-key|private-key)/.test(
              file.replace(/^\s*#.*$/gm, ''),
            ),
          ]).toEqual([mode, cache, false]);
        }
      }
    }
  });

  test.each([
    's3://',
    's3://B',
    's3://ab',
    's3://bucket/../x',
    's3://bucket/a//b',
    's3://bucket/',
    'S3://bucket',
    'http://bucket',
    'bucket',
    'gs://-x-',
    'azure://acct',
    'azure://Acct/c1c',
    'azure://acct/c--c',
    'azure://acct/cont?x=1',
    's3://bucket/a b',
  ])('refuses %j', (value) => {
    expect(parseCacheUrl(value).cache).toBeUndefined();
  });

  test('a URL with credentials is refused without being said back', () => {
    expect(() => resolveAnswers({ cache: 's3://AKIAEXAMPLE:s3cr3t@bucket/x' })).toThrow(
      /^--cache: a URL with credentials \(user:secret@\) is not valid and is not repeated here; expected/,
    );
    try {
      resolveAnswers({ cache: 's3://AKIAEXAMPLE:s3cr3t@bucket/x' });
    } catch (err) {
      expect((err as Error).message).not.toMatch(/s3cr3t|AKIAEXAMPLE/);
    }
  });
});

describe('the CLI: one line and exit 2 for a bad value, nothing written', () => {
  test.each([
    [['--pull-policy', 'sometimes'], /^--pull-policy: "sometimes" is not valid; expected pull policies separated by commas/],
    [['--cache', 's3:/bucket'], /^--cache: "s3:\/bucket" is not valid; expected s3:\/\/BUCKET\[\/PREFIX\]/],
    [['--mode', 'buildah', '--quay-registry', 'quay.example.com/'], /^--quay-registry: "quay.example.com\/" is not valid; expected a registry prefix/],
    [['--mode', 'socket', '--legacy-privileged'], /^--legacy-privileged: applies to --mode dind or kubernetes only, not "socket"$/],
    [['--mode', 'shell', '--pull-policy', 'never'], /^--pull-policy: applies to --mode /],
  ])('%j', async (args, message) => {
    const dir = tempDir();
    const run = await runMain(['init', '--yes', ...args], dir);
    expect(run.code).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0].replace(/^gitlab-dind: /, '')).toMatch(message);
    expect(tree(dir)).toEqual({});
  });
});

describe('.gitlab-dind.yml records the new answers and takes them back', () => {
  test('written by init, read back as the same answers, and generate --check is clean', async () => {
    const dir = tempDir();
    const args = [
      '--mode',
      'buildkit',
      '--image-registry',
      'harbor.example.com/dockerhub',
      '--quay-registry',
      'harbor.example.com/quay',
      '--pull-policy',
      'if-not-present',
      '--cache',
      'gs://ci-cache/bk',
    ];
    expect((await runMain(['init', '--yes', ...args], dir)).code).toBe(0);
    const recorded = YAML.parse(fs.readFileSync(path.join(dir, '.gitlab-dind.yml'), 'utf8')).answers;
    expect(recorded).toMatchObject({ 'quay-registry': 'harbor.example.com/quay', 'pull-policy': ['if-not-present'], cache: 'gs://ci-cache/bk' });
    expect(recorded['legacy-privileged']).toBeUndefined(); // buildkit: nothing privileged to choose
    expect((await runMain(['generate', '--check'], dir)).code).toBe(0);
  });

  test('an answers file round-trips every new answer', () => {
    const answers = resolveAnswers({ mode: 'dind', legacyPrivileged: true, pullPolicy: 'never', cache: 'azure://acct1/cont1/p' });
    const text = serializeAnswersFile({ schema: 2, tool: '0.1.0', answers, files: {} });
    expect(text).toMatch(/legacy-privileged: true/);
    expect(parseAnswersFile(text, '0.1.0').answers).toEqual(answers);
  });

  test('a bad value in the file is refused naming the answer; an old file without them takes the defaults', () => {
    const base = serializeAnswersFile({ schema: 2, tool: '0.1.0', answers: resolveAnswers({}), files: {} });
    expect(() => parseAnswersFile(base.replace(/pull-policy:\n([ ]+- .*\n)+/, 'pull-policy: sometimes\n'), '0.1.0')).toThrow(
      /^\.gitlab-dind\.yml: answers\.pull-policy: "sometimes" is not valid/,
    );
    const old = base.replace(/^[ ]+(quay-registry|legacy-privileged|cache):.*\n/gm, '').replace(/^[ ]+pull-policy:\n([ ]+- .*\n)+/m, '');
    expect(old).not.toMatch(/pull-policy|legacy-privileged/);
    expect(parseAnswersFile(old, '0.1.0').answers).toEqual(resolveAnswers({}));
  });

  test('a builder file from before quay-registry keeps pulling quay.io images through its image-registry, and says so', () => {
    const strip = (text: string) => text.replace(/^[ ]+quay-registry:.*\n/m, '');
    const buildah = strip(
      serializeAnswersFile({ schema: 2, tool: '0.1.0', answers: resolveAnswers({ mode: 'buildah', quayRegistry: 'harbor.example.com/quay' }), files: {} }),
    ).replace(/image-registry: ""/, 'image-registry: harbor.example.com/quay');
    const notes: string[] = [];
    const a = parseAnswersFile(buildah, '0.1.0', notes).answers;
    expect([a.quayRegistry, a.imageRegistry]).toEqual(['harbor.example.com/quay', '']);
    expect(notes).toEqual([
      '.gitlab-dind.yml: image-registry "harbor.example.com/quay" now stands for Docker Hub images only; moved to quay-registry for the quay.io images (buildah, skopeo), as this file was written before the two were apart',
    ]);
    const buildkit = strip(
      serializeAnswersFile({ schema: 2, tool: '0.1.0', answers: resolveAnswers({ mode: 'buildkit', imageRegistry: 'harbor.example.com/hub' }), files: {} }),
    );
    const b = parseAnswersFile(buildkit, '0.1.0').answers;
    expect([b.quayRegistry, b.imageRegistry]).toEqual(['harbor.example.com/hub', 'harbor.example.com/hub']);
    // A file that records quay-registry (this version's) is read as it says.
    const now = serializeAnswersFile({
      schema: 2,
      tool: '0.1.0',
      answers: resolveAnswers({ mode: 'buildkit', imageRegistry: 'harbor.example.com/hub' }),
      files: {},
    });
    expect(parseAnswersFile(now, '0.1.0').answers.quayRegistry).toBe('');
  });

  test('changing mode to shell in the file drops the recorded default pull policy', () => {
    const dind = serializeAnswersFile({ schema: 2, tool: '0.1.0', answers: resolveAnswers({}), files: {} });
    const shell = dind
      .replace('mode: dind', 'mode: shell')
      .replace(/^[ ]+(tls|mtu|legacy-privileged|image-registry|registry-mirror|dependency-proxy|runner-name):.*\n/gm, '');
    expect(parseAnswersFile(shell, '0.1.0').answers.pullPolicy).toEqual([]);
  });
});
