/**
 * Every test run gets a temp folder of its own, set as TMPDIR for the test workers and every CLI they
 * spawn, and removed at the end: tests leave nothing in the machine's temp folder, and the CLIs they run
 * keep their compile cache in it, apart from the user's own.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const KEY = 'GITLAB_DIND_TEST_TEMP_ROOT';

async function setup() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gitlab-dind-tests-'));
  process.env[KEY] = root;
  process.env.TMPDIR = root;
}

async function teardown() {
  const root = process.env[KEY];
  if (root && path.basename(root).startsWith('gitlab-dind-tests-')) fs.rmSync(root, { recursive: true, force: true });
}

module.exports = { setup, teardown };
