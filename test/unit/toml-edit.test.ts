/** config.toml edited in its own text: only the changed lines differ, and odd shapes are left to the serializer. */
import TOML from '@iarna/toml';
import { editTomlText, runnerBlock } from '../../src/core/merge/toml-edit';

const FILE = `# top comment
concurrent = 2 # how many at once

[[runners]]
  name = "one"
  [runners.docker]
    image = "a:1"  # pinned
    volumes = [
      "/cache", # shared
      "/certs/client",
    ]

[[runners]]
  name = "two"
  "executor" = "shell"
  [runners.cache]
`;

test('a value is replaced on its own line, its comment kept; a multi-line array becomes one line', () => {
  const out = editTomlText(FILE, [
    { keys: ['concurrent'], value: 4 },
    { runner: 0, keys: ['docker', 'image'], value: 'b:2' },
    { runner: 0, keys: ['docker', 'volumes'], value: ['/cache'] },
  ])!;
  expect(out).toBe(
    FILE.replace('concurrent = 2 #', 'concurrent = 4 #')
      .replace('image = "a:1"  #', 'image = "b:2"  #')
      .replace(/volumes = \[[\s\S]*?\n    \]/, 'volumes = [ "/cache" ]'),
  );
  expect(TOML.parse(out)).toMatchObject({ concurrent: 4, runners: [{ docker: { image: 'b:2', volumes: ['/cache'] } }, { name: 'two' }] });
});

test("a missing key goes below the last one of its table, or below an empty table's header; a quoted key is found", () => {
  const out = editTomlText(FILE, [
    { runner: 0, keys: ['docker', 'privileged'], value: true },
    { runner: 1, keys: ['cache', 'Type'], value: 's3' },
    { runner: 1, keys: ['executor'], value: 'docker' },
    { keys: ['check_interval'], value: 3 },
  ])!;
  const parsed = TOML.parse(out) as { check_interval: number; runners: { executor?: string; docker?: { privileged: boolean }; cache?: { Type: string } }[] };
  expect(parsed.check_interval).toBe(3);
  expect(parsed.runners[0].docker!.privileged).toBe(true);
  expect(parsed.runners[1]).toMatchObject({ executor: 'docker', cache: { Type: 's3' } });
  expect(out).toContain('      "/certs/client",\n    ]\n    privileged = true\n');
  expect(out).toContain('  [runners.cache]\n    Type = "s3"\n');
  expect(out).toContain('concurrent = 2 # how many at once\ncheck_interval = 3\n');
});

test('a table the runner lacks gets a header at the end of that runner, with every key for it', () => {
  const out = editTomlText(FILE, [
    { runner: 1, keys: ['docker', 'image'], value: 'c:3' },
    { runner: 1, keys: ['docker', 'privileged'], value: false },
  ])!;
  expect(out.endsWith('  [runners.cache]\n  [runners.docker]\n    image = "c:3"\n    privileged = false\n')).toBe(true);
  expect((TOML.parse(out) as { runners: { docker?: unknown }[] }).runners[1].docker).toEqual({ image: 'c:3', privileged: false });
});

test('a runner to add goes at the end, after a blank line', () => {
  const block = runnerBlock('concurrent = 1\n\n[[runners]]\n  name = "new"\n  [runners.docker]\n    image = "x:1"\n\n', 'new')!;
  expect(block).toBe('[[runners]]\n  name = "new"\n  [runners.docker]\n    image = "x:1"');
  const out = editTomlText(FILE, [], block)!;
  expect(out).toBe(`${FILE.trimEnd()}\n\n${block}\n`);
});

test.each([
  ['a dotted key', 'a.b = 1\n', [{ keys: ['a', 'b'], value: 2 }]],
  ['a quoted table name', '[[runners]]\n  name = "x"\n  [runners."docker"]\n    image = "a"\n', [{ runner: 0, keys: ['docker', 'image'], value: 'b' }]],
  ['a multi-line string', 'x = """\n[[runners]]\n"""\n', [{ keys: ['x'], value: 'y' }]],
  ['CRLF line ends', 'concurrent = 1\r\n', [{ keys: ['concurrent'], value: 2 }]],
  ['a table as the value', 'concurrent = 1\n', [{ keys: ['session_server'], value: { session_timeout: 1 } }]],
  ['an array of tables as the value', '[[runners]]\n  name = "k"\n', [{ runner: 0, keys: ['kubernetes', 'volumes', 'empty_dir'], value: [{ name: 'v' }] }]],
  ['a runner that is not there', 'concurrent = 1\n', [{ runner: 0, keys: ['executor'], value: 'docker' }]],
])('%s: left to the serializer (undefined)', (_what, text, edits) => {
  expect(editTomlText(text, edits)).toBeUndefined();
});

test('a runner with arrays of tables (Kubernetes volumes) is edited around them', () => {
  const k8s =
    '[[runners]]\n  name = "k"\n  executor = "docker"\n  [runners.kubernetes]\n    image = "a:1"\n    [[runners.kubernetes.volumes.empty_dir]]\n      name = "v"\n';
  const out = editTomlText(k8s, [
    { runner: 0, keys: ['executor'], value: 'kubernetes' },
    { runner: 0, keys: ['kubernetes', 'privileged'], value: true },
  ])!;
  expect(out).toBe(k8s.replace('executor = "docker"', 'executor = "kubernetes"').replace('image = "a:1"\n', 'image = "a:1"\n    privileged = true\n'));
  expect(TOML.parse(out)).toEqual({
    runners: [{ name: 'k', executor: 'kubernetes', kubernetes: { image: 'a:1', privileged: true, volumes: { empty_dir: [{ name: 'v' }] } } }],
  });
});
