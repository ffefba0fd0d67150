#!/usr/bin/env node
'use strict';
const path = require('node:path');
// dist/ is the esbuild bundle: each command in a chunk of its own, required when it runs (scripts/build.js).
const dist = path.join(__dirname, '..', 'dist');
// Node's own compile cache (22.1+), in a folder private to the user: a repeat run skips compiling the bundle.
require(path.join(dist, 'compile-cache.js')).enableCompileCache();
require(path.join(dist, 'cli.js'))
  .run(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
