/**
 * The npx path: pack the tarball, install it into an empty folder as npm would, run the installed bin.
 * Catches packaging mistakes (a file left out of `files`, a dependency the bundle still needs) that
 * running bin/gitlab-dind.js from the repository cannot see.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
let tmp: string;
let installDir: string;
let packedFiles: string[];
let bin: string;
let installWarnings: string;

function run(args: string[], cwd = installDir) {
  return spawnSync(bin, args, { cwd, encoding: 'utf8' });
}

function templateFiles(dir: string, prefix = 'templates'): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? templateFiles(path.join(dir, e.name), `${prefix}/${e.name}`) : [`${prefix}/${e.name}`]));
}

// --ignore-scripts: the dist/ that npm test (or test:smoke) built is packed as it is. prepack's build would
// rewrite dist/ while test/smoke/bin.test.ts spawns the CLI from it in the other worker.
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gitlab-dind-pack-'));
  const [info] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  ) as [{ filename: string; files: { path: string }[] }];
  packedFiles = info.files.map((f) => f.path);
  installDir = path.join(tmp, 'project');
  fs.mkdirSync(installDir);
  fs.writeFileSync(path.join(installDir, 'package.json'), '{"private":true}\n');
  const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', path.join(tmp, info.filename)], { cwd: installDir, encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`npm install of the tarball failed: ${install.stderr}`);
  installWarnings = install.stderr;
  bin = path.join(installDir, 'node_modules', '.bin', 'gitlab-dind');
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('the packed package.json declares no runtime dependencies and nothing else got installed', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(installDir, 'node_modules', 'gitlab-dind', 'package.json'), 'utf8')) as Record<string, unknown>;
  expect(manifest.dependencies).toBeUndefined();
  expect(fs.readdirSync(path.join(installDir, 'node_modules')).filter((n) => !n.startsWith('.'))).toEqual(['gitlab-dind']);
});

test('installing the package runs no script of ours, so npm warns of none', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(installDir, 'node_modules', 'gitlab-dind', 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  const installScripts = Object.keys(manifest.scripts ?? {}).filter((name) => /^(preinstall|install|postinstall|prepare)$/.test(name));
  expect(installScripts).toEqual([]);
  expect(installWarnings).not.toMatch(/install-scripts|gitlab-dind@/);
});

test('every template is in the tarball, and only what runs ships', () => {
  const templates = templateFiles(path.join(ROOT, 'templates'));
  expect(templates.length).toBeGreaterThan(0);
  for (const t of templates) expect(packedFiles).toContain(t);
  expect(packedFiles.filter((f) => !/^(bin\/|dist\/|templates\/|package\.json$|README\.md$|LICENSE$)/.test(f))).toEqual([]);
  expect(packedFiles.some((f) => /^(src|test|scripts)\//.test(f) || f.endsWith('.ts'))).toBe(false);
  // tsc's per-module output (dist/cli/main.js, ...) is for tests; the package runs the bundle only.
  expect(packedFiles.filter((f) => /^dist\/.*\//.test(f))).toEqual([]);
  expect(packedFiles).toContain('dist/cli.js');
});

test('--help and --version run from the installed bin', () => {
  const help = run(['--help']);
  expect(help.stderr).toBe('');
  expect(help.status).toBe(0);
  expect(help.stdout).toMatch(/gitlab-dind \[init\] \[flags\]/);
  expect(help.stdout).toMatch(/--mode/);
  const version = run(['--version']);
  expect(version.stdout.trim()).toBe((JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
});

test('init --yes --dry-run prints the files and writes nothing', () => {
  const before = fs.readdirSync(installDir).sort();
  const r = run(['init', '--yes', '--dry-run']);
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^# ==> \.gitlab-ci\.yml <==$/m);
  expect(r.stdout).toMatch(/^# ==> gitlab-runner\/config\.toml <==$/m);
  expect(fs.readdirSync(installDir).sort()).toEqual(before);
});

test('init --yes --out DIR writes the same pipeline the dry run showed', () => {
  const out = path.join(tmp, 'out');
  fs.mkdirSync(out);
  const dry = run(['init', '--yes', '--dry-run', '--out', out]);
  const r = run(['init', '--yes', '--out', out]);
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/created \.gitlab-ci\.yml/);
  const ci = fs.readFileSync(path.join(out, '.gitlab-ci.yml'), 'utf8');
  expect(ci).toMatch(/docker:\$\{DOCKER_VERSION\}-dind/);
  expect(dry.stdout).toContain(`# ==> .gitlab-ci.yml <==\n${ci}`);
  expect(fs.existsSync(path.join(out, 'gitlab-runner', 'config.toml'))).toBe(true);
  expect(fs.existsSync(path.join(out, '.gitlab-dind.yml'))).toBe(true);
});

test('--templates DIR overrides a built-in template, compiled at run time, and the quoting guard still holds', () => {
  const shipped = path.join(installDir, 'node_modules', 'gitlab-dind', 'templates', 'ci', 'partials', 'header.yml.hbs');
  const good = path.join(tmp, 'good', 'ci', 'partials');
  fs.mkdirSync(good, { recursive: true });
  fs.writeFileSync(path.join(good, 'header.yml.hbs'), `# our team's header for {{comment mode.id}}\n${fs.readFileSync(shipped, 'utf8')}`);
  const r = run(['init', '--yes', '--dry-run', '--mode', 'socket', '--templates', path.join(tmp, 'good')]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^# our team's header for socket$/m);

  const bad = path.join(tmp, 'bad', 'ci', 'partials');
  fs.mkdirSync(bad, { recursive: true });
  fs.writeFileSync(path.join(bad, 'header.yml.hbs'), `# {{mode.id}}\n${fs.readFileSync(shipped, 'utf8')}`);
  const rejected = run(['init', '--yes', '--dry-run', '--templates', path.join(tmp, 'bad')]);
  expect(rejected.status).toBe(1);
  expect(rejected.stderr).toMatch(/template ci\/partials\/header\.yml: line 1: values must go through a quoting helper/);
  expect(rejected.stdout).toBe('');
});

test("a locales folder beside the package in node_modules is not read as yargs' translations", () => {
  const foreign = path.join(installDir, 'node_modules', 'locales');
  fs.mkdirSync(foreign);
  try {
    for (const name of ['en.json', 'en_US.json', 'de.json', 'C.json']) fs.writeFileSync(path.join(foreign, name), '{ not json');
    for (const LANG of ['en_US.UTF-8', 'de_DE.UTF-8', 'C.UTF-8']) {
      const help = spawnSync(bin, ['--help'], { cwd: installDir, encoding: 'utf8', env: { ...process.env, LANG, LC_ALL: '' } });
      expect({ LANG, status: help.status, stderr: help.stderr }).toEqual({ LANG, status: 0, stderr: '' });
      expect(help.stdout).toContain('Show help');
    }
  } finally {
    fs.rmSync(foreign, { recursive: true, force: true });
  }
});
