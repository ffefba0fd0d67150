/**
 * The build modes and their trade-offs: one table read by `modes`, the wizard, the plan and lint.
 * Facts: ../shared/docs/gitlab-docker-modes.md (GitLab's docs, cited there).
 */
export const MODE_IDS = ['dind', 'socket', 'shell', 'kubernetes'] as const;
export type Mode = (typeof MODE_IDS)[number];

export interface ModeInfo {
  id: Mode;
  title: string;
  /** One line shown next to the choice in the wizard. */
  tradeOff: string;
  executor: 'docker' | 'shell' | 'kubernetes';
  privileged: boolean;
  isolation: string;
  cache: string;
  concurrency: string;
  /** What the user must do on the runner host besides registering. */
  hostSetup: string[];
  warnings: string[];
}

export const MODES: readonly ModeInfo[] = [
  {
    id: 'dind',
    title: 'Docker-in-Docker (docker:V-dind service, TLS on)',
    tradeOff: 'isolated daemon per job; needs a privileged runner; no layer cache between jobs',
    executor: 'docker',
    privileged: true,
    isolation: 'each job gets its own Docker daemon in a service container',
    cache: 'none between jobs: every job starts with an empty daemon (use --cache-from)',
    concurrency: 'safe: jobs never see each other\'s containers or names',
    hostSetup: ['the runner must be privileged (config.toml: privileged = true)'],
    warnings: ['privileged containers can take over the host: use this runner for trusted projects only'],
  },
  {
    id: 'socket',
    title: 'Docker socket binding (the host\'s /var/run/docker.sock in the job)',
    tradeOff: 'fast, shares the host\'s layer cache; not privileged, but jobs control the host\'s Docker',
    executor: 'docker',
    privileged: false,
    isolation: 'none: jobs run containers as siblings on the host\'s daemon',
    cache: 'shared: the host\'s image and layer cache serves every job',
    concurrency: 'fixed container names clash between concurrent jobs; bind mounts resolve on the host',
    hostSetup: ['Docker must run on the runner host'],
    warnings: [
      'every job controls the host\'s Docker daemon (docker rm -f $(docker ps -aq) removes the runner\'s own containers): trusted projects only',
      'a docker:dind service cannot be used with this runner: the bound socket is mounted into services too',
    ],
  },
  {
    id: 'shell',
    title: 'Shell executor (the runner\'s user talks to the host\'s Docker)',
    tradeOff: 'simplest, shares the host\'s cache; jobs run as the runner user with root-equal Docker access',
    executor: 'shell',
    privileged: false,
    isolation: 'none: jobs run directly on the host as the gitlab-runner user',
    cache: 'shared: the host\'s image and layer cache serves every job',
    concurrency: 'jobs share one daemon and one user: fixed names and logins can clash',
    hostSetup: ['sudo usermod -aG docker gitlab-runner', 'sudo -u gitlab-runner -H docker info'],
    warnings: [
      'membership in the docker group is root-equal access to the host: trusted projects only',
      'the shell executor is in maintenance mode upstream (security fixes only)',
    ],
  },
  {
    id: 'kubernetes',
    title: 'Docker-in-Docker on the Kubernetes executor (docker:V-dind service in the job pod, TLS on)',
    tradeOff: 'scales out on a cluster with the official Helm chart; needs privileged job pods',
    executor: 'kubernetes',
    privileged: true,
    isolation: 'each job pod gets its own Docker daemon in a service container',
    cache: 'none between jobs: every pod starts with an empty daemon (use --cache-from)',
    concurrency: 'safe: one daemon per pod; pod limits do not bound what the daemon builds beyond its own container',
    hostSetup: ['the runner must run privileged pods (runners.config: privileged = true)'],
    warnings: ['privileged pods can take over their node: run this runner for trusted projects, away from production workloads'],
  },
];

export function modeInfo(mode: Mode): ModeInfo {
  const info = MODES.find((m) => m.id === mode);
  if (!info) throw new Error(`unknown mode ${mode}`);
  return info;
}
