#!/usr/bin/env node
'use strict';
// The bundle is ESM (code-split: each command loads its own chunk); see scripts/build.js.
import('../dist/cli.mjs').then((cli) => cli.run(process.argv.slice(2))).then((code) => {
  process.exitCode = code;
});
