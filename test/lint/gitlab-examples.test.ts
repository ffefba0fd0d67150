/**
 * GitLab's own documented setup for each mode (test/fixtures/lint, see its README) lints clean;
 * and each is not clean by accident: breaking one key in it makes the matching rule fire.
 */
import fs from 'node:fs';
import path from 'node:path';
import { lint } from '../../src/core/lint';
import { of } from './helpers';

const ROOT = path.join(__dirname, '..', 'fixtures', 'lint');
const CASES = fs.readdirSync(ROOT).filter((d) => fs.statSync(path.join(ROOT, d)).isDirectory());

function load(dir: string, edit: (name: string, text: string) => string = (_n, t) => t) {
  const files = fs.readdirSync(path.join(ROOT, dir));
  const runnerName = files.find((f) => f !== '.gitlab-ci.yml')!;
  const read = (name: string) => ({ name, text: edit(name, fs.readFileSync(path.join(ROOT, dir, name), 'utf8')) });
  return { ci: read('.gitlab-ci.yml'), runner: read(runnerName) };
}

it('has a fixture for each mode GitLab documents', () => {
  expect(CASES).toEqual(expect.arrayContaining(['dind-tls', 'dind-tls-unix-socket', 'dind-no-tls', 'socket', 'shell', 'k8s-dind-tls', 'k8s-dind-no-tls']));
});

it.each(CASES)("GitLab's %s example lints clean", (dir) => {
  expect(lint(load(dir))).toEqual([]);
});

const replace = (file: string, from: string, to: string) => (name: string, text: string) => {
  if (name !== file) return text;
  if (!text.includes(from)) throw new Error(`fixture ${file} has no ${from}`);
  return text.replace(from, to);
};

it.each([
  ['dind-tls', 'dind-needs-privileged', ['config.toml:8 error'], replace('config.toml', 'privileged = true', 'privileged = false')],
  ['dind-tls', 'dind-tls-certs-not-shared', ['config.toml:10 error'], replace('config.toml', '"/certs/client", ', '')],
  ['dind-tls', 'dind-socket-conflict', ['config.toml:10 error'], replace('config.toml', '"/cache"]', '"/cache", "/var/run/docker.sock:/var/run/docker.sock"]')],
  ['dind-no-tls', 'dind-tls-port-mismatch', ['.gitlab-ci.yml:9 error'], replace('.gitlab-ci.yml', 'DOCKER_TLS_CERTDIR: ""', 'DOCKER_TLS_CERTDIR: "/certs"')],
  [
    'socket',
    'socket-fixed-container-name',
    ['.gitlab-ci.yml:12 warning'],
    replace('.gitlab-ci.yml', 'docker run my-docker-image', 'docker run --name tests my-docker-image'),
  ],
  ['shell', 'shell-executor-services', ['.gitlab-ci.yml:2 warning'], replace('.gitlab-ci.yml', 'default:\n', 'default:\n  services: [docker:dind]\n')],
  [
    'k8s-dind-tls',
    'k8s-dind-healthcheck',
    ['.gitlab-ci.yml:4 warning'],
    replace('.gitlab-ci.yml', '      variables:\n        HEALTHCHECK_TCP_PORT: "2376"\n', ''),
  ],
  ['k8s-dind-tls', 'k8s-dind-tls-env', ['.gitlab-ci.yml:12 error'], replace('.gitlab-ci.yml', '  DOCKER_TLS_VERIFY: 1\n', '')],
  [
    'k8s-dind-tls',
    'dind-tls-certs-not-shared',
    ['values.yml:5 error'],
    replace('values.yml', '        mount_path = "/certs/client"', '        mount_path = "/certs/other"'),
  ],
  ['dind-registry-alias', 'dind-service-alias', ['.gitlab-ci.yml:4 error'], replace('.gitlab-ci.yml', '      alias: docker\n', '')],
] as const)('%s with one key broken fires %s', (dir, rule, expected, edit) => {
  expect(of(rule, lint(load(dir, edit)))).toEqual(expected);
});
