#!/usr/bin/env node
'use strict';
const path = require('node:path');
// dist/ is the esbuild bundle: each command in a chunk of its own, required when it runs (scripts/build.js).
const dist = path.join(__dirname, '..', 'dist');
// V8's compiled code kept between runs (Node's own compile cache on 22.1+): most of a run is compiling the bundle.
const compileCache = require(path.join(dist, 'compile-cache.js'));
compileCache.enableCompileCache(dist, { kind: compileCache.runKind(process.argv.slice(2)) });
require(path.join(dist, 'cli.js')).run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
