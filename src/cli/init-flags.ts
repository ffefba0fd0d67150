/**
 * The flags of `init` (SPEC "Flags of init"), as yargs declares them: needed by every run, --help too, so
 * this imports only what the descriptions name. How flags become answers is in flag-answers.ts.
 */
import type { Options } from 'yargs';
import { MODE_IDS } from '../core/modes';
import { DOCKER_VERSION } from '../core/versions';

// Every value flag is a string: yargs must not turn a version like 29.10 into 29.1.
export const INIT_OPTIONS: Record<string, Options> = {
  mode: { type: 'string', describe: `build mode: ${MODE_IDS.join(', ')} (default dind)` },
  'docker-version': { type: 'string', describe: `Docker version V of docker:V-cli and docker:V-dind (default ${DOCKER_VERSION})` },
  tls: { type: 'boolean', describe: 'dind with TLS (default); --no-tls for plain TCP on 2375' },
  'image-registry': { type: 'string', describe: 'prefix the docker images are pulled through, e.g. harbor.example.com/devops (default Docker Hub)' },
  registry: { type: 'string', describe: 'host built images are pushed to (default GitLab\'s registry, $CI_REGISTRY)' },
  image: { type: 'string', describe: 'the image that is built (default $CI_REGISTRY_IMAGE)' },
  dockerfile: { type: 'string', describe: 'the Dockerfile to build, from the repository root (default Dockerfile)' },
  context: { type: 'string', describe: 'the build context folder, from the repository root (default .)' },
  target: { type: 'string', describe: 'the stage to build, of a multi-stage Dockerfile (default the last stage)' },
  'build-arg': { type: 'string', describe: 'build arg NAME, its value from the CI/CD variable NAME (never written); once for each' },
  test: { type: 'boolean', describe: 'a docker-test job (default); --no-test for none' },
  tags: { type: 'string', describe: 'runner tags, comma-separated, on every job' },
  'gitlab-url': { type: 'string', describe: 'the runner\'s GitLab URL (default https://gitlab.com/)' },
  'runner-name': { type: 'string', describe: 'the runner\'s name (default from the mode)' },
  concurrent: { type: 'string', describe: 'the runner\'s global concurrent, 1 to 1000 (default 4)' },
  namespace: { type: 'string', describe: 'kubernetes: namespace of the job pods (default gitlab-runner)' },
  'build-resources': { type: 'string', describe: 'kubernetes: build container cpu=REQ[:LIMIT],memory=REQ[:LIMIT] (default cpu=500m,memory=512Mi)' },
  'service-resources': { type: 'string', describe: 'kubernetes: dind service container (default cpu=1,memory=2Gi)' },
  'helper-resources': { type: 'string', describe: 'kubernetes: helper container (default cpu=100m:200m,memory=128Mi:256Mi)' },
  'builder-version': { type: 'string', describe: 'buildah/buildkit: the builder image\'s version (default the newest pinned)' },
  testcontainers: { type: 'boolean', describe: 'add a Testcontainers test job with the variables its docs give for the mode' },
  'test-image': { type: 'string', describe: 'with --testcontainers: pinned image the tests run in, e.g. maven:3.9-eclipse-temurin-21' },
  'test-command': { type: 'string', describe: 'what docker-test runs in the built image: docker run --rm IMAGE CMD (default a smoke check that ends); with --testcontainers, that job\'s command (default from the image)' },
  'registry-mirror': { type: 'string', describe: 'registry mirror URL for the dind daemon or the builder, e.g. https://mirror.example.com' },
  'dependency-proxy': { type: 'boolean', describe: 'pull the docker images through GitLab\'s Dependency Proxy' },
  mtu: { type: 'string', describe: 'dind/kubernetes: the dind daemon\'s MTU, e.g. 1360' },
  out: { type: 'string', describe: 'folder the files go to (default .)' },
  'runner-config': { type: 'string', describe: 'where the runner config goes, relative to --out (default gitlab-runner/config.toml)' },
  templates: { type: 'string', describe: 'folder of templates overriding built-in ones by name, relative to --out' },
  'dry-run': { type: 'boolean', describe: 'print every file, write nothing' },
  force: { type: 'boolean', describe: 'replace files this tool did not write (keeps a .bak copy)' },
  yes: { type: 'boolean', alias: 'y', describe: 'no questions: defaults for what no flag gives' },
};
