/**
 * The Docker end-to-end suite's reading of config.toml (scripts/docker-e2e/runner-emulation.js): what
 * GitLab Runner's docker executor would grant each container. Docker-free.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const emulation = require('../../scripts/docker-e2e/runner-emulation.js');

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');
const PRIV = ['--privileged'];
const example = (name: string) => emulation.readRunner(fs.readFileSync(path.join(EXAMPLES, name, 'gitlab-runner', 'config.toml'), 'utf8'));
const flags = (runner: unknown, role: 'job' | 'service', image = 'docker:29-dind') =>
  emulation.createFlags(runner, { role, image, volumePrefix: 'run1', privilegedFlags: PRIV });

describe('runner emulation of the generated config.toml', () => {
  test('dind TLS: only the dind service privileged, one shared /certs/client volume for job and service', () => {
    const runner = example('dind');
    const volumes = ['--volume=run1-certs-client:/certs/client', '--volume=run1-cache:/cache'];
    expect(flags(runner, 'service', 'docker:29.10.1-dind')).toEqual(['--privileged', ...volumes]);
    expect(flags(runner, 'job', 'docker:29.10.1-cli')).toEqual(volumes);
    // Another service of the job (a database, say) is not on the allowlist: unprivileged.
    expect(flags(runner, 'service', 'postgres:17')).toEqual(volumes);
  });

  test('socket: the socket is a bind, nothing privileged', () => {
    expect(flags(example('socket'), 'job')).toEqual(['--volume=/var/run/docker.sock:/var/run/docker.sock', '--volume=run1-cache:/cache']);
  });

  test('buildkit: security_opt for the job container in the docker CLI spelling; not for services', () => {
    const runner = example('buildkit');
    expect(flags(runner, 'job')).toContain('--security-opt=seccomp=unconfined');
    expect(flags(runner, 'job')).toContain('--security-opt=apparmor=unconfined');
    expect(flags(runner, 'service').some((f: string) => f.startsWith('--security-opt'))).toBe(false);
  });

  test('extra_hosts reach job and services', () => {
    const runner = { executor: 'docker', docker: { extra_hosts: ['host.docker.internal:host-gateway'] } };
    expect(flags(runner, 'job')).toEqual(['--add-host=host.docker.internal:host-gateway']);
    expect(flags(runner, 'service')).toEqual(['--add-host=host.docker.internal:host-gateway']);
  });

  test('services_privileged and allowed_privileged_services decide for services only', () => {
    const runner = { docker: { privileged: false, services_privileged: true, allowed_privileged_services: ['docker:*-dind-rootless'] } };
    expect(emulation.isPrivileged(runner.docker, 'job', 'docker:29-cli')).toBe(false);
    expect(emulation.isPrivileged(runner.docker, 'service', 'docker:29-dind-rootless')).toBe(true);
    expect(emulation.isPrivileged(runner.docker, 'service', 'docker:29-dind')).toBe(false);
    expect(emulation.isPrivileged({ privileged: true, allowed_privileged_images: ['**/docker:*'] }, 'job', 'registry.example.com/x/docker:29-cli')).toBe(true);
    expect(emulation.isPrivileged({ privileged: true, allowed_privileged_images: ['docker:*'] }, 'job', 'registry.example.com/x/docker:29-cli')).toBe(false);
  });

  test('a kubernetes runner runs as dind: privileged service containers only, empty_dir as a shared volume', () => {
    const runner = emulation.asDockerRunner(example('kubernetes'));
    expect(runner.executor).toBe('docker');
    expect(flags(runner, 'service')).toEqual(['--privileged', '--volume=run1-certs-client:/certs/client']);
    expect(flags(runner, 'job', 'docker:29.10.1-cli')).toEqual(['--volume=run1-certs-client:/certs/client']);
  });

  test('shell: no docker section, nothing to grant', () => {
    const runner = example('shell');
    expect(runner.executor).toBe('shell');
    expect(flags(runner, 'job')).toEqual([]);
  });

  test('every generated example is fully understood; an unknown key is reported, not ignored', () => {
    for (const name of fs.readdirSync(EXAMPLES).filter((n) => fs.existsSync(path.join(EXAMPLES, n, 'gitlab-runner', 'config.toml')))) {
      expect([name, emulation.unknownKeys(emulation.asDockerRunner(example(name)))]).toEqual([name, []]);
    }
    expect(emulation.unknownKeys({ docker: { network_mode: 'host' } })).toEqual(['runners.docker.network_mode']);
  });

  test('a config.toml with several runners needs a name', () => {
    const text = '[[runners]]\nname = "a"\n[[runners]]\nname = "b"\n';
    expect(() => emulation.readRunner(text)).toThrow(/expected one \[\[runners\]\] entry, found 2/);
    expect(emulation.readRunner(text, 'b').name).toBe('b');
  });
});

describe('the container-executable wrapper tells job, service and helper containers apart', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { imageIndex, roleOf } = require('../../scripts/docker-e2e/container-create.js');
  // As gitlab-ci-local 4.70 spells its `docker create` calls (job.ts).
  const job = [
    '--interactive',
    '--network',
    'gcl-net',
    '--network-alias',
    'build',
    '--volume',
    'gcl-b:/builds/e2e/x',
    '--workdir',
    '/builds/e2e/x',
    '-e',
    'A=1',
    'docker:29-cli',
    'sh',
    '-c',
    'x',
  ];
  const service = [
    '--interactive',
    '--volume',
    'gcl-b:/builds/e2e/x',
    '-e',
    'A=1',
    '--network',
    'gcl-net',
    '--network-alias',
    'docker',
    'docker:29-dind',
    '--mtu=1400',
  ];
  const helper = ['--user=0:0', '--volume=gcl-b:/builds/e2e/x', 'helper:1', 'sh', '-c', 'chown'];
  test.each([
    ['job', job, 'docker:29-cli'],
    ['service', service, 'docker:29-dind'],
    ['helper', helper, 'helper:1'],
  ])('%s', (role, args, image) => {
    const at = imageIndex(args);
    expect(args[at]).toBe(image);
    expect(roleOf(args.slice(0, at))).toBe(role);
  });
});
