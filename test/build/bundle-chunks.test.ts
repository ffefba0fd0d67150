/**
 * What start-up loads, read from esbuild's metafile of the last build (npm test builds first): the static
 * import closure of the entry (`--help`) and of the init command must not reach the Handlebars compiler,
 * the wizard (inquirer), lint or merge code; those stay in chunks loaded by `import()` when used.
 */
import fs from 'node:fs';
import path from 'node:path';

interface Output {
  entryPoint?: string;
  inputs: Record<string, unknown>;
  imports: { path: string; kind: string }[];
}

const meta = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '.build', 'meta.json'), 'utf8')) as {
  outputs: Record<string, Output>;
  inputs: Record<string, unknown>;
};
const outputs = meta.outputs;
const LAZY_ONLY = [
  /handlebars\/.*compiler\//,
  /src\/core\/render\/engine\.ts$/,
  /@inquirer\//,
  /src\/cli\/wizard\.ts$/,
  /src\/cli\/prompt\.ts$/,
  /src\/core\/lint\//,
  /src\/core\/merge\//,
];

/** Every input in `start` and in the chunks it imports statically (what loads before any `import()`). */
function staticInputs(start: string): string[] {
  const seen = new Set<string>();
  const inputs: string[] = [];
  const visit = (file: string) => {
    if (seen.has(file) || !outputs[file]) return;
    seen.add(file);
    inputs.push(...Object.keys(outputs[file].inputs));
    for (const imp of outputs[file].imports) if (imp.kind === 'import-statement') visit(imp.path);
  };
  visit(start);
  return inputs;
}

const chunkOf = (input: string) => Object.keys(outputs).find((o) => input in outputs[o].inputs);

test('dist/cli.js is built from main.ts, and the init command is a chunk of its own', () => {
  expect(outputs['dist/cli.js'].entryPoint).toBe('src/cli/main.ts');
  expect(chunkOf('src/cli/commands/init.ts')).not.toBe('dist/cli.js');
});

test('--help loads only argument parsing: no command code, no answer checks, no Handlebars, no YAML or TOML', () => {
  const inputs = staticInputs('dist/cli.js');
  expect(inputs).toContain('src/cli/main.ts');
  for (const input of inputs)
    expect(input).not.toMatch(
      /handlebars|node_modules\/yaml\/|@iarna\/toml|src\/cli\/commands\/(?!\w+-flags\.ts$)|@inquirer|src\/core\/(lint|merge)\/|src\/core\/(answers|validators)\.ts/,
    );
});

test("yargs' package.json lookup is our own file, not a walk up the user's folders (escalade is not bundled)", () => {
  expect(Object.keys(meta.inputs).filter((i) => i.includes('node_modules/escalade'))).toEqual([]);
  expect(Object.keys(meta.inputs)).toContain('own-package-json:escalade-sync');
});

test('init --yes loads the Handlebars runtime but not the compiler, the wizard, lint or merge', () => {
  const inputs = [...staticInputs('dist/cli.js'), ...staticInputs(chunkOf('src/cli/commands/init.ts')!)];
  expect(inputs.some((i) => /handlebars\/.*runtime/.test(i))).toBe(true);
  for (const input of inputs) for (const lazy of LAZY_ONLY) expect(input).not.toMatch(lazy);
  // ... while the compiler is in the build, for --templates overrides.
  expect(chunkOf('src/core/render/engine.ts')).toBeDefined();
});

test('yargs does not render and keep the help text after every named command (the bundle skips its cacheHelpMessage call)', () => {
  const cli = fs.readFileSync(path.resolve(__dirname, '..', '..', 'dist', 'cli.js'), 'utf8');
  expect(cli).toMatch(/cacheHelpMessage\s*=\s*function/); // yargs still has it, for a showHelp() nobody makes
  expect(cli).not.toMatch(/\.cacheHelpMessage\(\)/);
});
