#!/usr/bin/env node
/**
 * Bundles the CLI into dist/ so the published package needs no runtime dependencies.
 *
 * ESM with code splitting: dist/cli.mjs holds argument parsing (yargs) and the error-to-exit-code mapping;
 * every `await import('./x')` in src/ becomes its own chunk, loaded when that command runs, and code shared
 * by several commands (errors, answers, ...) lands in shared chunks, so `instanceof UsageError` holds across
 * them (separate CommonJS bundles per command would each carry their own copy of the error classes).
 *
 * The built-in templates are guarded and precompiled here (src/io/builtin-templates.ts is replaced by the
 * generated specs), so start-up needs the Handlebars runtime only; the compiler is a chunk loaded when
 * `--templates DIR` overrides have to be compiled.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const ENTRY = path.join(DIST, 'cli.js');
const META = path.join(ROOT, '.build', 'meta.json');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** The guard and precompiler come from src/ itself, bundled for this script to call. */
function loadPrecompiler() {
  const out = esbuild.buildSync({
    entryPoints: [path.join(ROOT, 'scripts', 'precompile-entry.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    logLevel: 'error',
  });
  const mod = { exports: {} };
  new Function('module', 'exports', 'require', '__filename', '__dirname', out.outputFiles[0].text)(mod, mod.exports, require, __filename, __dirname);
  return mod.exports;
}

function precompiledModule() {
  const { precompileBuiltins } = loadPrecompiler();
  const specs = precompileBuiltins(path.join(ROOT, 'templates')); // throws on an unquoted {{x}}: the build fails
  const entries = Object.entries(specs).map(([name, spec]) => `  ${JSON.stringify(name)}: ${spec},`);
  return `const TEMPLATES = {\n${entries.join('\n')}\n};\nexport function builtinTemplates() {\n  return TEMPLATES;\n}\n`;
}

const builtinTemplatesPlugin = {
  name: 'precompiled-builtin-templates',
  setup(build) {
    const target = path.join(ROOT, 'src', 'io', 'builtin-templates.ts');
    const contents = precompiledModule();
    build.onLoad({ filter: /builtin-templates\.ts$/ }, (args) => (args.path === target ? { contents, loader: 'js' } : undefined));
  },
};

/**
 * yargs checks its own invariants with assert.strictEqual/notStrictEqual on every run; loading assert also
 * sets up colours and process.stderr, ~10% of a --help. A check that holds needs no assert module (both
 * compare with Object.is); one that fails calls the real assert, which throws its usual AssertionError.
 */
const ASSERT_SOURCE = `
const real = () => require('assert');
export const strictEqual = (a, b, ...rest) => (Object.is(a, b) ? undefined : real().strictEqual(a, b, ...rest));
export const notStrictEqual = (a, b, ...rest) => (Object.is(a, b) ? real().notStrictEqual(a, b, ...rest) : undefined);
export default { strictEqual, notStrictEqual };
`;

const RESERVED = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await arguments eval'.split(
    ' ',
  ),
);

/**
 * Each built-in module (fs, path, ...) as a small ES module over require(). Two costs avoided:
 * - `import ... from 'fs'` kept as a native import makes Node build the module's whole export list, which
 *   runs every lazy getter (fs.promises → readline, util → parseArgs, ...);
 * - a CommonJS stand-in makes esbuild copy the module's every property into a fresh object in each file
 *   that imports it (fs 8 times over: ~4% of a run).
 * Each name is read once, at load, and only if some file imports it: the read is marked pure, so esbuild drops
 * the unused ones. Reading every property would run getters (Node 24 has AsyncLocalStorage as one) and
 * deprecated ones (fs.F_OK warns on Node 24: DEP0176) on every run.
 */
function builtinModuleSource(name) {
  if (name.replace(/^node:/, '') === 'assert') return ASSERT_SOURCE;
  const mod = require(name);
  const names = Object.getOwnPropertyNames(mod).filter((key) => /^[A-Za-z_$][\w$]*$/.test(key) && !RESERVED.has(key));
  const read = (key) => `export const ${key} = /* @__PURE__ */ (() => m.${key})();`;
  return [`const m = require(${JSON.stringify(name)});`, 'export default m;', ...names.map(read)].join('\n');
}

/**
 * yargs looks for a package.json by listing every folder from the user's working folder up (escalade), to
 * guess a version we set ourselves anyway: a needless walk (a few ms in a big project) that reads somebody
 * else's file. Its one caller gets our own package.json instead, beside dist/.
 */
const ownPackageJsonPlugin = {
  name: 'own-package-json',
  setup(build) {
    build.onResolve({ filter: /^escalade\/sync$/ }, () => ({ path: 'escalade-sync', namespace: 'own-package-json' }));
    build.onLoad({ filter: /.*/, namespace: 'own-package-json' }, () => ({
      contents: 'module.exports = () => require("node:path").join(__dirname, "..", "package.json");',
      loader: 'js',
    }));
  },
};

/**
 * yargs' ES module build takes cliui's ES module glue, whose wrap cuts help lines every N characters,
 * mid-word; the glue is rebuilt here around src/cli/help-wrap.ts, which wraps between words.
 */
const helpWrapPlugin = {
  name: 'help-wrap',
  setup(build) {
    build.onLoad({ filter: /[\\/]cliui[\\/]index\.mjs$/ }, () => ({
      contents: [
        "import { cliui } from './build/lib/index.js';",
        "import { stripAnsi } from './build/lib/string-utils.js';",
        `import { textWidth, wrapText } from ${JSON.stringify(path.join(ROOT, 'src', 'cli', 'help-wrap.ts'))};`,
        'export default function ui(opts) {',
        '  return cliui(opts, { stringWidth: textWidth, stripAnsi, wrap: (text, width) => wrapText(text, width) });',
        '}',
      ].join('\n'),
      loader: 'js',
    }));
  },
};

/**
 * A plugin that changes one exact piece of a dependency's file (`file` ends the path, as in
 * yargs/build/lib/command.js). The build fails when the piece is not there: a new release of the
 * dependency must be looked at, not silently left unpatched.
 */
function replaceInDependency(name, file, from, to) {
  const filter = new RegExp(
    `[\\\\/]${file
      .split('/')
      .map((part) => part.replace(/[.]/g, '\\.'))
      .join('[\\\\/]')}$`,
  );
  return {
    name,
    setup(build) {
      build.onLoad({ filter }, (args) => {
        const source = fs.readFileSync(args.path, 'utf8');
        if (!source.includes(from)) throw new Error(`${name}: ${args.path} no longer has ${from}; check the patch against this release`);
        return { contents: source.replace(from, to), loader: 'js' };
      });
    },
  };
}

/**
 * yargs' ES module shim finds its translations three folders up from its own file, as laid out in
 * node_modules/yargs/lib/platform-shims/. From dist/cli.js that lands outside this package (next to it in
 * the user's node_modules), where an unrelated locales/en.json would be read, and a malformed one would
 * crash the CLI. Our help is English only: the folder is pointed into dist/, where none exists.
 */
const yargsLocalesPlugin = replaceInDependency(
  'yargs-locales',
  'yargs/lib/platform-shims/esm.mjs',
  "resolve(__dirname, '../../../locales')",
  "resolve(__dirname, '../locales')",
);

/**
 * After running a named command's handler, yargs renders the whole help text and keeps it, for a
 * showHelp() the program might call later: a quarter of an `init`'s own work. We never call it (failures
 * throw, with showHelpOnFail off), so the bundle skips that render. Were help asked for later, yargs
 * would render it then.
 */
const yargsNoHelpCachePlugin = replaceInDependency(
  'yargs-no-help-cache',
  'yargs/build/lib/command.js',
  'yargs.getInternalMethods().getUsageInstance().cacheHelpMessage();',
  '/* help not cached: see scripts/build.js */',
);

const builtinsAsRequirePlugin = {
  name: 'builtins-as-require',
  setup(build) {
    const builtins = new Set(require('node:module').builtinModules);
    build.onResolve({ filter: /^[a-z_:/]+$/ }, (args) => {
      if (args.kind === 'require-call' || !builtins.has(args.path.replace(/^node:/, ''))) return undefined;
      return { path: args.path, namespace: 'builtin-as-require' };
    });
    build.onLoad({ filter: /.*/, namespace: 'builtin-as-require' }, (args) => ({ contents: builtinModuleSource(args.path), loader: 'js' }));
  },
};

/**
 * Only dist/'s top-level files are the bundle (and only they are packed: `files` in package.json). `npm run
 * build` then lets tsc type-check and emit dist/<folder>/*.js beside it, for tests that load one module.
 * A build can run while the CLI runs from dist/ (`npm pack` in the packed-package test builds beside other
 * tests): each file is replaced by a rename, never missing, and stale files go only after the new ones stand.
 */
function writeWhole(file, contents) {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, contents);
  fs.renameSync(temp, file);
}

function removeStaleBundleFiles(keep) {
  for (const entry of fs.readdirSync(DIST, { withFileTypes: true })) {
    if (entry.isFile() && !keep.has(entry.name)) fs.rmSync(path.join(DIST, entry.name));
  }
}

async function main() {
  const result = await esbuild.build({
    entryPoints: { cli: path.join(ROOT, 'src', 'cli', 'main.ts') },
    outdir: DIST,
    bundle: true,
    splitting: true, // needs format esm; each output is turned into CommonJS below
    format: 'esm',
    platform: 'node',
    target: 'node20',
    chunkNames: 'chunk-[hash]', // flat in dist/, so every chunk's __dirname is dist/
    minify: process.env.BUILD_NO_MINIFY !== '1',
    legalComments: 'none', // the licences of bundled packages are listed in dist/THIRD-PARTY.txt below
    metafile: true,
    write: false,
    logLevel: 'warning',
    // yargs' ESM build reads import.meta.url (to find its locale files); in CommonJS that is this file's URL.
    define: { BUNDLED_VERSION: JSON.stringify(pkg.version), BUNDLED_ROOT: JSON.stringify('..'), 'import.meta.url': '__importMetaUrl' },
    plugins: [builtinTemplatesPlugin, ownPackageJsonPlugin, helpWrapPlugin, yargsLocalesPlugin, yargsNoHelpCachePlugin, builtinsAsRequirePlugin],
  });
  fs.mkdirSync(DIST, { recursive: true });
  // Chunks before the entry, so a CLI started mid-build finds the new cli.js's chunks in place (chunk names
  // change with the Node line: builtinModules differ). A CLI already running the old cli.js may still miss a
  // chunk it loads late once the stale ones go: tests never build beside a running CLI (the packed-package
  // test packs with --ignore-scripts).
  const entryLast = [...result.outputFiles].sort((a, b) => Number(a.path === ENTRY) - Number(b.path === ENTRY));
  for (const file of entryLast) writeWhole(file.path, toCommonJs(file.text));
  const cacheLoader = await buildCompileCache();
  writeWhole(path.join(DIST, 'compile-cache.js'), cacheLoader);
  fs.mkdirSync(path.dirname(META), { recursive: true });
  fs.writeFileSync(META, JSON.stringify(result.metafile));
  writeWhole(path.join(DIST, 'THIRD-PARTY.txt'), thirdPartyNotices(result.metafile));
  removeStaleBundleFiles(new Set([...result.outputFiles.map((f) => path.basename(f.path)), 'compile-cache.js', 'THIRD-PARTY.txt']));
}

/**
 * Node 20 loads ES modules through a loader that itself costs about a tenth of Node's start-up (fs/promises,
 * readline, async module jobs); CommonJS chunks are read and compiled synchronously. Chunks still share one
 * copy of each module through require's cache, so `instanceof UsageError` holds across them, and each
 * `import()` becomes a require() run when that command runs.
 */
function toCommonJs(code) {
  const out = esbuild.transformSync(code, {
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    supported: { 'dynamic-import': false },
    minify: process.env.BUILD_NO_MINIFY !== '1',
    legalComments: 'none',
  }).code;
  // Only a chunk that reads import.meta.url (yargs' own) pays for building its file URL.
  const url = out.includes('__importMetaUrl') ? 'var __importMetaUrl=require("node:url").pathToFileURL(__filename).href;' : '';
  return `"use strict";${url}${out}`;
}

/**
 * dist/compile-cache.js is loaded by the bin before the bundle, to turn on Node's compile cache
 * (src/io/compile-cache.ts): a file of its own, needing nothing of the bundle, so the cache covers all of it.
 */
async function buildCompileCache() {
  const result = await esbuild.build({
    write: false,
    plugins: [builtinsAsRequirePlugin],
    entryPoints: { 'compile-cache': path.join(ROOT, 'src', 'io', 'compile-cache.ts') },
    outdir: DIST,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minify: process.env.BUILD_NO_MINIFY !== '1',
    legalComments: 'none',
    logLevel: 'warning',
  });
  return result.outputFiles[0].text;
}

/** The bundled packages, with their licence texts: minified code drops the comments that carried them. */
function thirdPartyNotices(metafile) {
  const packages = new Map();
  for (const input of Object.keys(metafile.inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m && !packages.has(m[1])) packages.set(m[1], path.join(ROOT, 'node_modules', m[1]));
  }
  const parts = [];
  for (const [name, dir] of [...packages].sort()) {
    const info = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const licenceFile = fs.readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
    parts.push(`${name}@${info.version} (${info.license})\n${licenceFile ? fs.readFileSync(path.join(dir, licenceFile), 'utf8').trim() : ''}\n`);
  }
  return parts.join('\n----------------------------------------\n\n');
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
