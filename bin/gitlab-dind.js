#!/usr/bin/env node
'use strict';
// Node 22.1+ keeps compiled code between runs (in the OS temp folder, as TypeScript's tsc does); a no-op on 20.
require('node:module').enableCompileCache?.();
// dist/ is the esbuild bundle: each command in a chunk of its own, required when it runs (scripts/build.js).
require('../dist/cli.js').run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
