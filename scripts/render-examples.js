#!/usr/bin/env node
// Renders examples/<name>/ with the built CLI from the flags in examples/examples.json.
// The test suite renders them again and fails when these files drift from the tool.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const examples = JSON.parse(fs.readFileSync(path.join(root, 'examples', 'examples.json'), 'utf8'));

for (const [name, flags] of Object.entries(examples)) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gitlab-dind-example-'));
  const run = spawnSync(process.execPath, [path.join(root, 'bin', 'gitlab-dind.js'), 'init', '--yes', ...flags], { cwd: tmp, encoding: 'utf8' });
  if (run.status !== 0) {
    process.stderr.write(`example ${name}: exit ${run.status}\n${run.stderr}`);
    process.exit(1);
  }
  const target = path.join(root, 'examples', name);
  fs.rmSync(target, { recursive: true, force: true });
  fs.cpSync(tmp, target, { recursive: true });
  fs.rmSync(tmp, { recursive: true, force: true });
  process.stdout.write(`examples/${name}\n`);
}
