#!/usr/bin/env node
'use strict';
// dist/ is the esbuild bundle: each command in a chunk of its own, required when it runs (scripts/build.js).
require('../dist/cli.js').run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
