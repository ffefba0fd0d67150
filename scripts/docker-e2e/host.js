'use strict';
/**
 * The machine the suite runs on: Debian packages it needs, a Docker daemon that answers, and how this
 * machine grants a privileged container.
 */
const { execFileSync, spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');

/** E2E_INSTANCE: a name for a suite run apart from others on the same daemon (see registry.js); '' = the shared one. */
const INSTANCE = process.env.E2E_INSTANCE ?? '';
if (!/^[a-z0-9-]{0,20}$/.test(INSTANCE)) throw new Error(`E2E_INSTANCE ${JSON.stringify(INSTANCE)}: expected up to 20 of a-z, 0-9 and -`);

/** Debian's docker client (20.10), matching Debian's daemon; another client earlier on PATH is not used. */
const DOCKER = '/usr/bin/docker';

// gitlab-ci-local copies the project with rsync; ip finds the bridge's address.
const PACKAGES = { dockerd: 'docker.io', [DOCKER]: 'docker.io', debootstrap: 'debootstrap', git: 'git', rsync: 'rsync', ip: 'iproute2' };

function log(message) {
  process.stdout.write(`[docker-e2e] ${message}\n`);
}

function run(cmd, args, options = {}) {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
}

function tryRun(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
  return { ok: r.status === 0, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function hasCommand(name) {
  return tryRun('sh', ['-c', `command -v ${name}`]).ok;
}

/** apt-get installs what is missing (root on Debian); says what it does. */
function ensurePackages() {
  const missing = [
    ...new Set(
      Object.entries(PACKAGES)
        .filter(([cmd]) => !hasCommand(cmd))
        .map(([, pkg]) => pkg),
    ),
  ];
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) throw new Error(`missing ${missing.join(', ')}: run as root, or install them`);
  log(`installing ${missing.join(' ')} (apt-get)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-q'], { env, stdio: 'inherit' });
  run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { env, stdio: 'inherit' });
}

function daemonAnswers() {
  return tryRun(DOCKER, ['info', '--format', '{{.ServerVersion}}']).ok;
}

/** Starts dockerd in the background when no daemon answers; waits up to a minute for it. */
async function ensureDaemon() {
  if (daemonAnswers()) return;
  log('no Docker daemon answers: starting dockerd (log: /var/log/dockerd-e2e.log)');
  const out = fs.openSync('/var/log/dockerd-e2e.log', 'a');
  const child = spawn('dockerd', [], { detached: true, stdio: ['ignore', out, out] });
  child.unref();
  for (let i = 0; i < 60; i++) {
    if (daemonAnswers()) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error('dockerd did not answer within 60 s (see /var/log/dockerd-e2e.log)');
}

/**
 * How to grant "privileged" on this machine. Where `--privileged` itself fails (a VM whose capability
 * bounding set lacks some capability: runc "unable to apply caps"), the nearest equivalent: every
 * capability the machine has, no seccomp or AppArmor filter, all devices, cgroups writable.
 */
function privilegedFlags(image) {
  if (tryRun(DOCKER, ['run', '--rm', '--privileged', image, 'true']).ok) return ['--privileged'];
  const missing = missingCapabilities();
  const flags = [
    '--cap-add=ALL',
    ...missing.map((c) => `--cap-drop=${c}`),
    '--security-opt=seccomp=unconfined',
    '--security-opt=apparmor=unconfined',
    '--security-opt=systempaths=unconfined',
    '--device-cgroup-rule=a *:* rwm',
    '--volume=/sys/fs/cgroup:/sys/fs/cgroup:rw',
  ];
  const probe = tryRun(DOCKER, ['run', '--rm', ...flags, image, 'true']);
  if (!probe.ok) throw new Error(`neither --privileged nor its equivalent runs here: ${probe.stderr.trim()}`);
  log(`--privileged fails on this machine; privileged is granted as: ${flags.join(' ')}`);
  return flags;
}

/** Capabilities Docker knows that this process's bounding set lacks (they cannot be granted). */
function missingCapabilities() {
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  const bnd = BigInt(`0x${/CapBnd:\s*([0-9a-f]+)/.exec(status)[1]}`);
  const names = [
    'CHOWN',
    'DAC_OVERRIDE',
    'DAC_READ_SEARCH',
    'FOWNER',
    'FSETID',
    'KILL',
    'SETGID',
    'SETUID',
    'SETPCAP',
    'LINUX_IMMUTABLE',
    'NET_BIND_SERVICE',
    'NET_BROADCAST',
    'NET_ADMIN',
    'NET_RAW',
    'IPC_LOCK',
    'IPC_OWNER',
    'SYS_MODULE',
    'SYS_RAWIO',
    'SYS_CHROOT',
    'SYS_PTRACE',
    'SYS_PACCT',
    'SYS_ADMIN',
    'SYS_BOOT',
    'SYS_NICE',
    'SYS_RESOURCE',
    'SYS_TIME',
    'SYS_TTY_CONFIG',
    'MKNOD',
    'LEASE',
    'AUDIT_WRITE',
    'AUDIT_CONTROL',
    'SETFCAP',
    'MAC_OVERRIDE',
    'MAC_ADMIN',
    'SYSLOG',
    'WAKE_ALARM',
    'BLOCK_SUSPEND',
    'AUDIT_READ',
    'PERFMON',
    'BPF',
    'CHECKPOINT_RESTORE',
  ];
  return names.filter((_, bit) => (bnd & (1n << BigInt(bit))) === 0n);
}

module.exports = { INSTANCE, DOCKER, log, run, tryRun, ensurePackages, ensureDaemon, privilegedFlags };
