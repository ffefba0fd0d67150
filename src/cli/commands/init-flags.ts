/**
 * The flags of `init` (docs/reference.md, "Flags of init"), as yargs declares them: needed by every run, --help too, so
 * this imports only what the descriptions name. How flags become answers is in init.ts.
 */
import type { Options } from 'yargs';
import { MODE_IDS } from '../../core/modes';
import { BUILDAH_VERSION, BUILDKIT_VERSION, DOCKER_VERSION } from '../../core/versions';

export interface InitArgs extends Record<string, unknown> {
  yes?: boolean;
  force?: boolean;
  'dry-run'?: boolean;
  out?: string;
}

// Every value flag is a string: yargs must not turn a version like 29.10 into 29.1.
export const INIT_OPTIONS: Record<string, Options> = {
  mode: { type: 'string', describe: `build mode: ${MODE_IDS.join(', ')} (default dind)` },
  'docker-version': {
    type: 'string',
    describe: `dind/socket/kubernetes: Docker version V of the docker:V-cli job image and the docker:V-dind service (default ${DOCKER_VERSION})`,
  },
  tls: { type: 'boolean', describe: 'dind/kubernetes: TLS between the job and its daemon, port 2376 (default); --no-tls for plain TCP on 2375' },
  'image-registry': {
    type: 'string',
    describe:
      "prefix Docker Hub images (docker, moby/buildkit, the runner's helper) are pulled through, e.g. harbor.example.com/dockerhub (default Docker Hub); not shell, which pulls none",
  },
  'quay-registry': {
    type: 'string',
    describe: 'buildah/buildkit: prefix quay.io images (buildah, skopeo) are pulled through, e.g. harbor.example.com/quay (default quay.io itself)',
  },
  registry: {
    type: 'string',
    describe:
      "host built images are pushed to, logged in with REGISTRY_USER/REGISTRY_PASSWORD; needs --image on that host (default GitLab's registry, $CI_REGISTRY)",
  },
  image: { type: 'string', describe: 'the image built, its name without tag (default $CI_REGISTRY_IMAGE)' },
  dockerfile: { type: 'string', describe: 'the Dockerfile to build, from the repository root (default Dockerfile)' },
  context: { type: 'string', describe: 'the build context folder, from the repository root (default .)' },
  target: { type: 'string', describe: 'the stage to build, of a multi-stage Dockerfile (default the last stage)' },
  'build-arg': { type: 'string', describe: 'build arg NAME, its value from the CI/CD variable NAME (never written); once for each' },
  test: { type: 'boolean', describe: 'a docker-test job (default); --no-test for none' },
  tags: { type: 'string', describe: 'runner tags, comma-separated, on every job' },
  'gitlab-url': { type: 'string', describe: "the runner's GitLab URL (default https://gitlab.com/)" },
  'runner-name': { type: 'string', describe: "the runner's name (default from the mode)" },
  concurrent: { type: 'string', describe: "the runner's global concurrent, 1 to 1000 (default 4; an existing config.toml keeps its own)" },
  namespace: { type: 'string', describe: 'kubernetes: namespace of the job pods (default gitlab-runner)' },
  'build-resources': { type: 'string', describe: 'kubernetes: build container cpu=REQ[:LIMIT],memory=REQ[:LIMIT] (default cpu=500m,memory=512Mi)' },
  'service-resources': { type: 'string', describe: 'kubernetes: dind service container (default cpu=1,memory=2Gi)' },
  'helper-resources': { type: 'string', describe: 'kubernetes: helper container (default cpu=100m:200m,memory=128Mi:256Mi)' },
  'builder-version': { type: 'string', describe: `buildah/buildkit: the builder image's version (default ${BUILDAH_VERSION} / ${BUILDKIT_VERSION})` },
  testcontainers: { type: 'boolean', describe: 'dind/socket/shell/kubernetes: add a Testcontainers test job with the variables its docs give for the mode' },
  'test-image': { type: 'string', describe: 'with --testcontainers, not shell: pinned image the tests run in, e.g. maven:3.9-eclipse-temurin-21' },
  'test-command': {
    type: 'string',
    describe:
      "what docker-test runs in the built image: docker run --rm IMAGE CMD (default a smoke check that ends); with --testcontainers, that job's command (default from the image: mvn, gradle, npm, go, pytest; required on shell)",
  },
  'test-in-build': {
    type: 'boolean',
    describe: 'dind/socket/shell/kubernetes: run the image test in docker-build, right after the build (one daemon start-up fewer; no docker-test job)',
  },
  'registry-mirror': {
    type: 'string',
    describe: 'dind/kubernetes/buildah/buildkit: registry mirror URL for the dind daemon or the builder, e.g. https://mirror.example.com',
  },
  'dependency-proxy': {
    type: 'boolean',
    describe: "dind/socket/kubernetes/buildkit: pull the images through GitLab's Dependency Proxy (not with --image-registry)",
  },
  mtu: { type: 'string', describe: "dind/kubernetes: the dind daemon's MTU, e.g. 1360" },
  component: {
    type: 'string',
    describe:
      'include this CI/CD component (group/project/name@VERSION, made by gitlab-dind component) with the answers as its inputs, instead of writing the jobs',
  },
  'legacy-privileged': {
    type: 'boolean',
    describe: 'dind/kubernetes: privileged = true for every container, for runners before 16.1 (default: only the dind service is privileged)',
  },
  'pull-policy': {
    type: 'string',
    describe: "the runner's pull_policy, comma-separated, from always, if-not-present, never (default always,if-not-present); not shell",
  },
  cache: {
    type: 'string',
    describe:
      "the runner's shared cache: s3://BUCKET[/PREFIX], gs://BUCKET[/PREFIX] or azure://ACCOUNT/CONTAINER[/PREFIX]; credentials come from the runner's environment, never the file",
  },
  out: { type: 'string', describe: 'folder the files go to (default .)' },
  'ci-file': {
    type: 'string',
    describe:
      'write the jobs to this file (e.g. ci/docker.gitlab-ci.yml) and add include: - local: to an existing .gitlab-ci.yml as the only change to it (default .gitlab-ci.yml)',
  },
  'runner-config': { type: 'string', describe: 'where the runner config goes, relative to --out (default gitlab-runner/config.toml)' },
  templates: { type: 'string', describe: 'folder of templates overriding built-in ones by name, relative to --out' },
  'dry-run': { type: 'boolean', describe: 'print every file, write nothing' },
  force: { type: 'boolean', describe: 'replace files this tool did not write (keeps a .bak copy)' },
  yes: { type: 'boolean', alias: 'y', describe: 'no questions: defaults for what no flag gives' },
};

/** Flags given once for each value (--build-arg A --build-arg B): a list, not a flag given twice. */
export const REPEATABLE: readonly string[] = ['build-arg'];
