/**
 * The component project GitLab's CI/CD components documentation lays out: `templates/<name>.yml` per
 * component, a README documenting each input, a `.gitlab-ci.yml` that tests every component as a project
 * includes it (a child pipeline each, so their jobs do not merge) and releases on a semantic-version tag with
 * the `release` keyword (what the CI/CD Catalog publishes), and the runners' config as `init` writes it. Pure.
 */
import YAML from 'yaml';
import { Answers } from '../answers';
import { renderChecked } from '../render/render-checked';
import { RenderedFile } from '../render/render';
import { Renderer } from '../render/runtime';
import { ComponentInput } from './inputs';
import { RenderedComponent, renderComponent } from './render-component';

/** The release job's pins. */
const RELEASE = {
  /** glab creates the Catalog release; Renovate moves its version through the comment above the pin. */
  glabImage: 'registry.gitlab.com/gitlab-org/cli',
  glabVersion: 'v1.51.0',
  /** Semantic versions only: the Catalog refuses other tags. */
  tagRule: '$CI_COMMIT_TAG =~ /^\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?$/',
} as const;

export interface ProjectFile {
  path: string;
  contents: string;
  /** config.toml holds the runner's token once registered: 0600 from its first byte. */
  mode: number;
}

export interface ComponentProject {
  components: RenderedComponent[];
  files: ProjectFile[];
}

/** Single mode: the runner files where `init` puts them; several: a folder per mode. */
export function runnerConfigPath(mode: string, several: boolean): string {
  return several ? `gitlab-runner/${mode}/config.toml` : 'gitlab-runner/config.toml';
}

function runnerFiles(answers: Answers, rendered: RenderedFile[], several: boolean): ProjectFile[] {
  const where: Record<RenderedFile['role'], string> = several
    ? {
        ci: '',
        runner: runnerConfigPath(answers.mode, true),
        register: `gitlab-runner/register-${answers.mode}.sh`,
        values: `gitlab-runner/${answers.mode}/values.yaml`,
      }
    : { ci: '', runner: runnerConfigPath(answers.mode, false), register: 'gitlab-runner/register.sh', values: 'gitlab-runner/values.yaml' };
  return rendered
    .filter((f) => f.role !== 'ci')
    .map((f) => ({ path: where[f.role], contents: f.contents, mode: f.role === 'runner' ? 0o600 : f.role === 'register' ? 0o755 : 0o644 }));
}

/** The inputs the project's own pipeline tests a component with: the sample image under test/. */
function testInputs(c: RenderedComponent): Record<string, unknown> {
  const inputs: Record<string, unknown> = { image: `$CI_REGISTRY_IMAGE/test-${c.name}`, dockerfile: 'test/Dockerfile', context: 'test', release: 'never' };
  if (c.inputs.some((i) => i.name === 'test_command')) inputs.test_command = 'true';
  return inputs;
}

function childPipeline(c: RenderedComponent): string {
  const include = [{ component: `$CI_SERVER_FQDN/$CI_PROJECT_PATH/${c.name}@$CI_COMMIT_SHA`, inputs: testInputs(c) }];
  return `# The ${c.name} component of this commit, included as a project includes it, building test/Dockerfile.\n${YAML.stringify({ include }, { lineWidth: 0 })}`;
}

function projectPipeline(components: RenderedComponent[]): string {
  const tests = Object.fromEntries(
    components.map((c) => [`test-${c.name}`, { stage: 'test', trigger: { include: [{ local: `test/${c.name}.yml` }], strategy: 'depend' } }]),
  );
  const release = {
    stage: 'deploy',
    image: `${RELEASE.glabImage}:\${GLAB_VERSION}`,
    variables: { GLAB_VERSION: RELEASE.glabVersion },
    rules: [{ if: RELEASE.tagRule }],
    script: ['echo "Releasing $CI_COMMIT_TAG"'],
    release: { tag_name: '$CI_COMMIT_TAG', description: 'Release $CI_COMMIT_TAG of the Docker build components in $CI_PROJECT_PATH' },
  };
  // One job at a time, a blank line between them; the pin carries the comment Renovate's regex presets read.
  const body = Object.entries({ ...tests, 'create-release': release })
    .map(([name, job]) => YAML.stringify({ [name]: job }, { lineWidth: 0 }))
    .join('\n')
    .replace(/^(\s+)GLAB_VERSION:/m, `$1# renovate: datasource=docker depName=${RELEASE.glabImage}\n$1GLAB_VERSION:`);
  return [
    '# Written by gitlab-dind component. Each component is tested in a child pipeline of its own (their jobs share',
    '# names), included from this commit with the inputs a project would give; on a semantic-version tag, after',
    '# the tests, create-release publishes the version to the CI/CD Catalog (the release keyword, as the Catalog requires).',
    '',
    body,
  ].join('\n');
}

function inputRow(i: ComponentInput): string {
  const shown = (v: unknown) => (v === undefined ? '(required)' : `\`${JSON.stringify(v)}\``);
  const allowed = i.options ? `one of ${i.options.map((o) => `\`${o}\``).join(', ')}` : i.regex ? 'see the regex in the template' : 'any';
  return `| \`${i.name}\` | ${i.type} | ${shown(i.default)} | ${allowed} | ${(i.description ?? '').replace(/\|/g, '\\|')} |`;
}

function readme(components: RenderedComponent[]): string {
  const lines = [
    '# Docker build components',
    '',
    'CI/CD components that build, test and release a Docker image, one per build mode, written by',
    '`gitlab-dind component`. The runners that serve them are configured in `gitlab-runner/`.',
    '',
    '## Components',
    '',
  ];
  for (const c of components) {
    const example = YAML.stringify(
      { include: [{ component: `$CI_SERVER_FQDN/GROUP/PROJECT/${c.name}@1.0.0`, inputs: { image: '$CI_REGISTRY_IMAGE/app' } }] },
      { lineWidth: 0 },
    );
    lines.push(
      `### ${c.name}`,
      '',
      `${c.plan.mode.title}: ${c.plan.mode.tradeOff}. Jobs: ${Object.keys(c.plan.ci.jobImages).join(', ')}.`,
      '',
      '```yaml',
      example.trimEnd(),
      '```',
      '',
      '| input | type | default | allowed | what |',
      '|---|---|---|---|---|',
      ...c.inputs.map(inputRow),
      '',
    );
  }
  lines.push(
    '## Versions',
    '',
    'A tag with a semantic version (`1.2.0`) runs the tests, then publishes the release to the CI/CD Catalog.',
    "Projects pin it in `include: - component: ...@1.2.0`; Renovate's gitlabci manager moves that pin.",
    '',
  );
  return lines.join('\n');
}

const TEST_DOCKERFILE =
  '# The sample image the component tests build: its default command exits 0, so the smoke check passes.\nFROM busybox:1.37\nCMD ["true"]\n';

/** One component per answers (one per mode), checked, with the project around them. */
export function componentProject(answersByMode: Answers[], renderer: Renderer): ComponentProject {
  const several = answersByMode.length > 1;
  const components = answersByMode.map((a) => renderComponent(a, renderer));
  const files: ProjectFile[] = components.map((c) => ({ path: c.path, contents: c.contents, mode: 0o644 }));
  for (const c of components) files.push({ path: `test/${c.name}.yml`, contents: childPipeline(c), mode: 0o644 });
  files.push(
    { path: 'test/Dockerfile', contents: TEST_DOCKERFILE, mode: 0o644 },
    { path: '.gitlab-ci.yml', contents: projectPipeline(components), mode: 0o644 },
    { path: 'README.md', contents: readme(components), mode: 0o644 },
  );
  for (const a of answersByMode) files.push(...runnerFiles(a, renderChecked(a, renderer).files, several));
  return { components, files };
}
