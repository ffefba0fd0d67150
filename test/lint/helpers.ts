/** Small configs with fixed line layouts, so each test can name the line a finding must point at. */
import { Finding, lint, PathKind, RepositoryPaths } from '../../src/core/lint';

export const CI = '.gitlab-ci.yml';
export const RUNNER = 'gitlab-runner/config.toml';
export const VALUES = 'gitlab-runner/values.yaml';

/**
 * A dind job. Lines: 1 build:, 2 image, 3 services:, 4 - name, 5 alias, 6 variables:,
 * 7 DOCKER_HOST, 8 DOCKER_TLS_CERTDIR, then `vars` (more job variables), script:, script lines.
 */
export function dindCi(
  o: { image?: string; service?: string; alias?: string; host?: string; certDir?: string; script?: string[]; vars?: string[] } = {},
): string {
  return [
    'build:',
    `  image: ${o.image ?? 'docker:29.10.1-cli'}`,
    '  services:',
    `    - name: ${o.service ?? 'docker:29.10.1-dind'}`,
    o.alias === '' ? '      pull_policy: always' : `      alias: ${o.alias ?? 'docker'}`,
    '  variables:',
    o.host === '' ? '    UNUSED_HOST: "-"' : `    DOCKER_HOST: ${o.host ?? 'tcp://docker:2376'}`,
    `    DOCKER_TLS_CERTDIR: ${o.certDir ?? '"/certs"'}`,
    ...(o.vars ?? []).map((v) => `    ${v}`),
    '  script:',
    ...(o.script ?? ['docker build .']).map((s) => `    - ${s}`),
    '',
  ].join('\n');
}

/** A Docker-executor runner. Lines: 6 [runners.docker], 7 image, 8 privileged, 9 volumes, 10.. extra. */
export function dockerRunner(o: { image?: string; privileged?: string; volumes?: string; extra?: string[]; executor?: string } = {}): string {
  return [
    '[[runners]]',
    '  name = "r"',
    '  url = "https://gitlab.com/"',
    '  token = "$RUNNER_TOKEN"',
    `  executor = "${o.executor ?? 'docker'}"`,
    '  [runners.docker]',
    `    image = "${o.image ?? 'docker:29.10.1-cli'}"`,
    `    privileged = ${o.privileged ?? 'true'}`,
    `    volumes = ${o.volumes ?? '["/certs/client", "/cache"]'}`,
    ...(o.extra ?? []).map((l) => `    ${l}`),
    '',
  ].join('\n');
}

export const SOCKET_VOLUMES = '["/var/run/docker.sock:/var/run/docker.sock", "/cache"]';

export const SHELL_RUNNER = ['[[runners]]', '  name = "s"', '  url = "https://gitlab.com/"', '  token = "t"', '  executor = "shell"', ''].join('\n');

/**
 * A Helm values file (Kubernetes executor). Lines: 3 [[runners]], 4 [runners.kubernetes],
 * 5 image, 6 privileged, 7 [[runners.kubernetes.volumes.empty_dir]], 8 name, 9 mount_path, 10.. extra.
 */
export function k8sValues(o: { privileged?: string; emptyDir?: boolean; extra?: string[] } = {}): string {
  return [
    'runners:',
    '  config: |',
    '    [[runners]]',
    '      [runners.kubernetes]',
    '        image = "ubuntu:22.04"',
    `        privileged = ${o.privileged ?? 'true'}`,
    ...(o.emptyDir === false
      ? ['      [runners.kubernetes.node_selector]', '        "kubernetes.io/os" = "linux"', '        "kubernetes.io/arch" = "amd64"']
      : ['      [[runners.kubernetes.volumes.empty_dir]]', '        name = "docker-certs"', '        mount_path = "/certs/client"']),
    ...(o.extra ?? []).map((l) => `      ${l}`),
    '',
  ].join('\n');
}

export function run(ci: string | undefined, runner?: string, runnerName = RUNNER, repository?: RepositoryPaths): Finding[] {
  return lint({
    ci: ci === undefined ? undefined : { name: CI, text: ci },
    runner: runner === undefined ? undefined : { name: runnerName, text: runner },
    repository,
  });
}

/** A repository holding these files (and the folders above them), as lint is told of it. */
export function repositoryOf(files: string[]): RepositoryPaths {
  return (p: string): PathKind => {
    if (p === '' || files.some((f) => f.startsWith(`${p}/`))) return 'folder';
    return files.includes(p) ? 'file' : 'missing';
  };
}

/** The findings of one rule, as `file:line severity`. */
export function of(rule: string, findings: Finding[]): string[] {
  return findings.filter((f) => f.rule === rule).map((f) => `${f.file}:${f.line} ${f.severity}`);
}
