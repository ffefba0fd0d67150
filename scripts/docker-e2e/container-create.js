#!/usr/bin/env node
'use strict';
/**
 * `docker create` for gitlab-ci-local (called by ./container-executable): adds to each job or service
 * container what the runner section grants (runner-emulation.js), then runs the real docker client.
 *
 * Environment (set by pipeline-runner.js per job run):
 *   E2E_DOCKER          the docker client to run
 *   E2E_RUNNER_JSON     the [[runners]] section, as JSON
 *   E2E_VOLUME_PREFIX   names the job run's shared volumes
 *   E2E_PRIVILEGED      JSON array: how this machine grants privileged
 *   E2E_PLUMBING        JSON array: registry plumbing for job and service containers (never a runner setting)
 *   E2E_IMAGE_MAP       JSON object: image name → the stand-in image ID this run built (see images.js imageIds)
 */
const { spawnSync } = require('node:child_process');
const { createFlags } = require('./runner-emulation');

// docker create options that take a separate value; enough to find the image among gitlab-ci-local's flags.
const TAKES_VALUE = new Set([
  '-e',
  '--env',
  '-v',
  '--volume',
  '-w',
  '--workdir',
  '--network',
  '--network-alias',
  '--entrypoint',
  '--user',
  '-u',
  '--add-host',
  '--device',
  '--ulimit',
  '--userns',
  '--shm-size',
  '--mac-address',
  '--memory',
  '--kernel-memory',
  '--cpus',
  '--name',
  '--security-opt',
  '--cap-add',
  '--cap-drop',
  '--label',
  '-l',
]);

function imageIndex(args) {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('-')) return i;
    if (TAKES_VALUE.has(a)) i++;
  }
  return -1;
}

/** gitlab-ci-local's helper container copies files (`--user=0:0` first); job containers get a workdir. */
function roleOf(options) {
  if (options[0] === '--user=0:0') return 'helper';
  return options.includes('--workdir') ? 'job' : 'service';
}

function main(argv) {
  const docker = process.env.E2E_DOCKER || 'docker';
  let args = argv;
  if (argv[0] === 'create' && process.env.E2E_RUNNER_JSON) {
    const rest = argv.slice(1).filter((a) => a !== '--privileged'); // privileged comes from config.toml only
    const at = imageIndex(rest);
    const options = rest.slice(0, at);
    const role = roleOf(options);
    if (role !== 'helper' && at >= 0) {
      const flags = createFlags(JSON.parse(process.env.E2E_RUNNER_JSON), {
        role,
        image: rest[at],
        volumePrefix: process.env.E2E_VOLUME_PREFIX,
        privilegedFlags: JSON.parse(process.env.E2E_PRIVILEGED || '["--privileged"]'),
      });
      flags.push(...JSON.parse(process.env.E2E_PLUMBING || '[]'));
      const standIn = JSON.parse(process.env.E2E_IMAGE_MAP || '{}')[rest[at]];
      args = ['create', ...flags, ...rest.slice(0, at), standIn ?? rest[at], ...rest.slice(at + 1)];
      if (process.env.E2E_TRACE) process.stderr.write(`[e2e] ${role} ${rest[at]}: ${flags.join(' ')}\n`);
    }
  }
  const result = spawnSync(docker, args, { stdio: 'inherit' });
  if (result.error) throw result.error;
  process.exit(result.status ?? 1);
}

module.exports = { imageIndex, roleOf };

if (require.main === module) main(process.argv.slice(2));
