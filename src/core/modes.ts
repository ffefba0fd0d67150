/**
 * The build modes and their trade-offs: one table read by `modes`, the wizard, the plan and lint.
 * Facts: the README's "Modes" table and docs/modes.md (GitLab's pages behind them are cited in the project's
 * reference notes, gitlab-docker-modes.md, kept outside this repository).
 */
export const MODE_IDS = ['dind', 'socket', 'shell', 'kubernetes', 'buildah', 'buildkit'] as const;
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
  /** What the mode cannot do that the others can. */
  cannot: string[];
}

export const MODES: readonly ModeInfo[] = [
  {
    id: 'dind',
    title: 'Docker-in-Docker (docker:V-dind service, TLS on)',
    tradeOff: 'isolated daemon per job; its dind service runs privileged; no layer cache between jobs',
    executor: 'docker',
    privileged: true,
    isolation: 'each job gets its own Docker daemon in a service container',
    cache: 'none between jobs: every job starts with an empty daemon (use --cache-from)',
    // GitLab's dind page: the /certs/client volume persists between jobs, and concurrent dind jobs may conflict on it.
    concurrency: 'containers and names stay apart; GitLab notes concurrent jobs may conflict on the /certs/client volume',
    // Runner docs, docker.md "Use rootless Docker-in-Docker with restricted privileged mode"; MR 4089 (Runner 16.1).
    hostSetup: [
      'only the dind service runs privileged (config.toml: services_privileged = true, allowed_privileged_services; GitLab Runner 16.1+, older runners: --legacy-privileged)',
    ],
    warnings: ['a privileged container (the dind service) can take over the host: use this runner for trusted projects only'],
    cannot: [],
  },
  {
    id: 'socket',
    title: "Docker socket binding (the host's /var/run/docker.sock in the job)",
    tradeOff: "fast, shares the host's layer cache; not privileged, but jobs control the host's Docker",
    executor: 'docker',
    privileged: false,
    isolation: "none: jobs run containers as siblings on the host's daemon",
    cache: "shared: the host's image and layer cache serves every job",
    concurrency: 'fixed container names clash between concurrent jobs; bind mounts resolve on the host',
    hostSetup: ['Docker must run on the runner host'],
    warnings: [
      "every job controls the host's Docker daemon (docker rm -f $(docker ps -aq) removes the runner's own containers): trusted projects only",
      'a docker:dind service cannot be used with this runner: the bound socket is mounted into services too',
    ],
    cannot: ['use a docker:dind service (it conflicts with the bound socket)'],
  },
  {
    id: 'shell',
    title: "Shell executor (the runner's user talks to the host's Docker)",
    tradeOff: "simplest, shares the host's cache; jobs run as the runner user with root-equal Docker access",
    executor: 'shell',
    privileged: false,
    isolation: 'none: jobs run directly on the host as the gitlab-runner user',
    cache: "shared: the host's image and layer cache serves every job",
    concurrency: 'jobs share one daemon and one user: fixed names and logins can clash',
    hostSetup: ['sudo usermod -aG docker gitlab-runner', 'sudo -u gitlab-runner -H docker info'],
    warnings: [
      'membership in the docker group is root-equal access to the host: trusted projects only',
      'the shell executor is in maintenance mode upstream (security fixes only)',
    ],
    cannot: ['use image: or services: (the shell executor ignores them)'],
  },
  {
    id: 'kubernetes',
    title: 'Docker-in-Docker on the Kubernetes executor (docker:V-dind service in the job pod, TLS on)',
    tradeOff: "scales out on a cluster with the official Helm chart; the job pod's service containers run privileged",
    executor: 'kubernetes',
    privileged: true,
    isolation: 'each job pod gets its own Docker daemon in a service container',
    cache: 'none between jobs: every pod starts with an empty daemon (use --cache-from)',
    concurrency: 'safe: one daemon per pod; pod limits do not bound what the daemon builds beyond its own container',
    hostSetup: [
      'the cluster must admit privileged service containers (runners.config: service_container_security_context privileged = true; --legacy-privileged: privileged = true for the whole pod)',
    ],
    warnings: ['privileged containers can take over their node: run this runner for trusted projects, away from production workloads'],
    cannot: [],
  },
  {
    id: 'buildah',
    title: 'Buildah (rootless, daemonless builds with vfs storage)',
    tradeOff: 'no privileged runner and no daemon; needs unconfined seccomp/AppArmor; builds are slower (vfs) and the built image cannot be docker run',
    executor: 'docker',
    privileged: false,
    isolation: 'each job builds in its own unprivileged container',
    cache: 'layers cached in the registry (--cache-from/--cache-to)',
    concurrency: 'safe: no shared daemon',
    hostSetup: [],
    warnings: ['the runner sets seccomp and AppArmor to unconfined for job containers: Buildah creates a user namespace, which the default profiles refuse'],
    cannot: ['docker run the built image (no daemon): test it in a job whose image: is the built image', 'run docker commands or services that need a daemon'],
  },
  {
    id: 'buildkit',
    title: 'BuildKit rootless (buildctl-daemonless.sh in moby/buildkit:rootless)',
    tradeOff: 'no privileged runner; fast BuildKit builds with a registry cache; needs unconfined seccomp/AppArmor',
    executor: 'docker',
    privileged: false,
    isolation: 'each job runs its own rootless BuildKit daemon',
    cache: 'layers cached in the registry (type=registry, mode=max)',
    concurrency: 'safe: no shared daemon',
    hostSetup: [],
    warnings: ['the runner sets seccomp and AppArmor to unconfined for job containers, as rootless BuildKit needs'],
    cannot: ['docker run the built image (no daemon): test it in a job whose image: is the built image', 'run docker commands or services that need a daemon'],
  },
];

export function modeInfo(mode: Mode): ModeInfo {
  const info = MODES.find((m) => m.id === mode);
  if (!info) throw new Error(`unknown mode ${mode}`);
  return info;
}
