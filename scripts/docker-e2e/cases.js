'use strict';
/**
 * What the suite runs: each mode's generated pipeline (flags as a user gives them to `init --yes`), what
 * must hold after it, and the negative controls that prove the suite can fail.
 *
 * A case: name; cli (init flags); registry ('containers': the registry as containers reach it, for
 * daemons inside jobs; 'host': as the host's daemon reaches it, for socket and shell); expect ('pass' or
 * 'fail'); jobs (default: all the pipeline has); and optional hooks:
 *   runner(runner)            changes the runner section (controls only: what config.toml would say)
 *   pipeline(text)            changes the pipeline text (controls only)
 *   variables                 extra CI/CD variables; waitForServicesTimeout (gitlab-ci-local's health check)
 *   check(result)             problems (strings) seen in the logs: of a passing run, or of a control's
 *                             failure (that it failed for the reason it stands for)
 */

const { LOOPBACK_HOST } = require('./registry');

const PROBE = 'registry.e2e.test:5000/e2e/testcontainers-probe:1';
/** The registry repository of the base image the test pipelines build FROM (and Testcontainers starts). */
const BASE_REPO = 'e2e/base:busybox';
const MIRROR = 'https://mirror.e2e.test';

/** `docker info` in the job's before_script shows the daemon's mirrors; the dind log shows its flags. */
function mirrorAndMtuReachDockerd(result) {
  const problems = [];
  const build = result.jobs['docker-build'];
  if (!/Registry Mirrors:[^\n]*\n[^\n]*https:\/\/mirror\.e2e\.test\//.test(build.log)) problems.push('docker info shows no registry mirror');
  if (!/dind stand-in: dockerd .*--mtu[= ]1400/.test(build.serviceLog)) problems.push('the dind daemon was not started with --mtu 1400');
  return problems;
}

/** The client in a TLS job must have spoken TLS (else: "Client sent an HTTP request to an HTTPS server"). */
function connectedLate(result) {
  const build = result.jobs['docker-build'];
  const problems = [];
  if (!/Waiting for the Docker daemon/.test(build.log)) problems.push('the job container did not start before the daemon was ready: the timing was not forced');
  return problems;
}

/**
 * A project as issue 22 describes: the Dockerfile in docker/, a multi-stage file whose `prod` stage is the
 * target (a later stage would fail the build), a build arg from a CI/CD variable, and a server as the
 * image's default command (busybox httpd), which never exits: the default smoke check must still end.
 */
const BUILD_ARG_VALUE = 'e2e-build-arg-value';
function serverProject(dir, baseImage) {
  const fs = require('node:fs');
  const path = require('node:path');
  fs.mkdirSync(path.join(dir, 'docker', 'www'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'docker', 'www', 'index.html'), 'hello from the e2e server\n');
  fs.writeFileSync(
    path.join(dir, 'docker', 'app.Dockerfile'),
    [
      `FROM ${baseImage} AS base`,
      'ARG NPM_TOKEN',
      // The value must arrive from the job's variable; the file names only the variable.
      `RUN test "$NPM_TOKEN" = "${BUILD_ARG_VALUE}" && echo "build arg seen" > /arg-seen`,
      'FROM base AS prod',
      'COPY www /www',
      'CMD ["busybox", "httpd", "-f", "-p", "8080", "-h", "/www"]',
      'FROM base AS never',
      'RUN echo "a stage after the target was built" && false',
      '',
    ].join('\n'),
  );
}

/** A one-shot default command that exits 3 after a moment: the smoke check must fail on it, not pass it as a server. */
function failingOneShotProject(dir, baseImage) {
  const fs = require('node:fs');
  const path = require('node:path');
  fs.writeFileSync(path.join(dir, 'Dockerfile'), [`FROM ${baseImage}`, 'CMD ["sh", "-c", "echo app fails; sleep 1; exit 3"]', ''].join('\n'));
}

/** The smoke check, not something before it, failed the job, and said why. */
function smokeCheckFailed(result) {
  const test = result.jobs['docker-test'];
  return test && /smoke check: default command failed with exit code 3/.test(test.log)
    ? []
    : ['docker-test did not fail on the exit code 3 of the default command'];
}

/** The build used the inputs, the default test ended with the server still running, and no file holds the value. */
function builtWithInputs(result) {
  const problems = [];
  const test = result.jobs['docker-test'];
  if (!/smoke check: default command ok/.test(test.log)) problems.push('docker-test did not end with the smoke check passing');
  if (result.files.includes(BUILD_ARG_VALUE)) problems.push('the build arg value is in a generated file');
  return problems;
}

/**
 * The branch build (run.js, case.branch) reused the default branch's layers: the RUN step that takes
 * seconds came from cache (BuildKit prints CACHED for it, the legacy builder "Using cache"). run.js checks
 * that the branch got a cache tag of its own.
 */
function branchReusedCache(result) {
  // The job log prefixes each output line with "docker-build > ".
  const lines = result.jobs['docker-build@branch'].log.split('\n').map((l) => l.replace(/^\S+ > /, ''));
  const step = lines.map((l) => /^#(\d+) \[[^\]]*\] RUN sleep /.exec(l)?.[1]).find(Boolean);
  const buildkit = step !== undefined && lines.includes(`#${step} CACHED`);
  const at = lines.findIndex((l) => /^Step \d+\/\d+ : RUN sleep /.test(l));
  const legacy = at >= 0 && lines[at + 1] === ' ---> Using cache';
  const problems = [];
  if (!buildkit && !legacy) problems.push("the branch build ran the RUN step again: the default branch's cache was not reused");
  return problems;
}

/** The legacy builder was told nothing it does not read (BuildKit's inline cache switch). */
function noBuildkitWarning(result) {
  const log = result.jobs['docker-build'].log;
  return /BUILDKIT_INLINE_CACHE/.test(log) && /were not consumed|not consumed/.test(log) ? ['the legacy builder warned about BUILDKIT_INLINE_CACHE'] : [];
}

/** The test ran in the build job: its smoke check passed there, and there was no docker-test job. */
function testedInBuild(result) {
  const problems = [];
  if (!/smoke check: default command ok/.test(result.jobs['docker-build'].log)) problems.push('docker-build ran no smoke check');
  if (result.jobs['docker-test']) problems.push('a docker-test job ran');
  return problems;
}

const withoutVolume = (volume) => (runner) => ({ ...runner, docker: { ...runner.docker, volumes: runner.docker.volumes.filter((v) => v !== volume) } });
const withoutSecurityOpt = (runner) => ({ ...runner, docker: { ...runner.docker, security_opt: undefined } });
/** Nothing privileged: neither the job nor any service. */
const unprivileged = (runner) => ({ ...runner, docker: { ...runner.docker, privileged: false, services_privileged: false } });
/** Services may run privileged, but the dind image is not one the allowlist names. */
const dindNotAllowed = (runner) => ({
  ...runner,
  docker: { ...runner.docker, privileged: false, services_privileged: true, allowed_privileged_services: ['docker:*-dind-rootless'] },
});
/** The pipeline as it was before the fix: TLS settings for the client only from the CLI image's entrypoint. */
const entrypointOnlyTls = (text) => text.replace(/^\s*DOCKER_TLS_VERIFY: .*\n/m, '').replace(/^\s*DOCKER_CERT_PATH: .*\n/m, '');
const lateCerts = { variables: { E2E_LATE_CERTS: '1' }, waitForServicesTimeout: 1, jobs: ['docker-build'] };

const CASES = [
  // A branch pipeline after the default branch's reuses its layers (BuildKit: Docker 23+ answered).
  { name: 'dind-tls', cli: ['--mode', 'dind'], registry: 'containers', expect: 'pass', branch: 'feature/Cache_Test', check: branchReusedCache },
  // Docker before 23: the legacy builder, cache pulled first; the same branch reuse.
  {
    name: 'dind-legacy-builder',
    cli: ['--mode', 'dind', '--docker-version', '20.10.24'],
    registry: 'containers',
    expect: 'pass',
    branch: 'feature/Cache_Test',
    check: (r) => [...branchReusedCache(r), ...noBuildkitWarning(r)],
  },
  { name: 'dind-test-in-build', cli: ['--mode', 'dind', '--test-in-build'], registry: 'containers', expect: 'pass', check: testedInBuild },
  { name: 'dind-no-tls', cli: ['--mode', 'dind', '--no-tls'], registry: 'containers', expect: 'pass' },
  {
    name: 'dind-mirror-mtu',
    cli: ['--mode', 'dind', '--registry-mirror', MIRROR, '--mtu', '1400'],
    registry: 'containers',
    expect: 'pass',
    jobs: ['docker-build'],
    check: mirrorAndMtuReachDockerd,
  },
  { name: 'socket', cli: ['--mode', 'socket'], registry: 'host', expect: 'pass' },
  { name: 'shell', cli: ['--mode', 'shell'], registry: 'host', expect: 'pass' },
  { name: 'kubernetes-as-dind', cli: ['--mode', 'kubernetes'], registry: 'containers', expect: 'pass' },
  { name: 'buildah', cli: ['--mode', 'buildah'], registry: 'containers', expect: 'pass' },
  {
    name: 'testcontainers-dind',
    cli: ['--mode', 'dind', '--testcontainers', '--test-image', PROBE, '--test-command', 'testcontainers-probe'],
    registry: 'containers',
    expect: 'pass',
    jobs: ['testcontainers-test'],
    variables: { PROBE_SERVER_IMAGE: `registry.e2e.test:5000/${BASE_REPO}` },
  },
  {
    name: 'testcontainers-socket',
    cli: ['--mode', 'socket', '--testcontainers', '--test-image', PROBE, '--test-command', 'testcontainers-probe'],
    registry: 'host',
    expect: 'pass',
    jobs: ['testcontainers-test'],
    variables: { PROBE_SERVER_IMAGE: `${LOOPBACK_HOST}/${BASE_REPO}` },
  },
  {
    name: 'build-inputs-server',
    cli: ['--mode', 'dind', '--dockerfile', 'docker/app.Dockerfile', '--context', 'docker', '--target', 'prod', '--build-arg', 'NPM_TOKEN'],
    registry: 'containers',
    expect: 'pass',
    jobs: ['docker-build', 'docker-test'],
    sources: serverProject,
    variables: { NPM_TOKEN: BUILD_ARG_VALUE },
    check: builtWithInputs,
  },
  { name: 'dind-tls-late-certs', cli: ['--mode', 'dind'], registry: 'containers', expect: 'pass', ...lateCerts, check: connectedLate },
  // Negative controls: each must fail, or the suite proves nothing.
  {
    name: 'control-dind-tls-without-certs-volume',
    cli: ['--mode', 'dind'],
    registry: 'containers',
    expect: 'fail',
    jobs: ['docker-build'],
    runner: withoutVolume('/certs/client'),
  },
  { name: 'control-dind-unprivileged', cli: ['--mode', 'dind'], registry: 'containers', expect: 'fail', jobs: ['docker-build'], runner: unprivileged },
  // Least privilege: the generated config makes only the dind service privileged (the passing cases run so);
  // a service the allowlist does not name runs unprivileged, and its daemon cannot start.
  {
    name: 'control-dind-service-not-allowed-privileged',
    cli: ['--mode', 'dind'],
    registry: 'containers',
    expect: 'fail',
    jobs: ['docker-build'],
    runner: dindNotAllowed,
  },
  // The smoke check waits for the default command, then fails on its exit code (it must not pass it as a server).
  {
    name: 'control-smoke-check-exit-code',
    cli: ['--mode', 'dind'],
    registry: 'containers',
    expect: 'fail',
    jobs: ['docker-build', 'docker-test'],
    sources: failingOneShotProject,
    check: smokeCheckFailed,
  },
  // The two findings, as they were before the fix: buildah's runner without security_opt, and the TLS
  // client settings left to the CLI entrypoint under the same forced timing.
  {
    name: 'control-buildah-without-security-opt',
    cli: ['--mode', 'buildah'],
    registry: 'containers',
    expect: 'fail',
    jobs: ['docker-build'],
    runner: withoutSecurityOpt,
  },
  {
    name: 'control-dind-tls-late-certs-entrypoint-only',
    cli: ['--mode', 'dind'],
    registry: 'containers',
    expect: 'fail',
    ...lateCerts,
    pipeline: entrypointOnlyTls,
  },
];

module.exports = { CASES, PROBE, BASE_REPO };
