/**
 * One component per mode, from the same plan and templates as `init`: the plan is made from the group's
 * answers, then the values a repository may change are replaced by component inputs (input-ref.ts), which
 * the quoting helpers write as `$[[ inputs.NAME ]]`. The result is parsed back, expanded with its default
 * inputs and held to the same check as a direct render, before anything is written.
 */
import YAML from 'yaml';
import { Answers } from '../answers';
import { TemplateError } from '../errors';
import { Plan, planFor } from '../plan';
import { checkPipeline } from '../render/check';
import { Renderer } from '../render/runtime';
import { parseComponent, expandComponent } from './component-file';
import { ComponentInput, componentInputs } from './inputs';
import { inputRef } from './input-ref';
import { InputError } from './spec-inputs';

export interface RenderedComponent {
  /** The component's name: `templates/<name>.yml`, `.../<name>@VERSION`. */
  name: string;
  path: string;
  contents: string;
  inputs: ComponentInput[];
  plan: Plan;
}

/** The plan with each input standing where its answer's value went. */
export function componentPlan(plan: Plan, inputs: ComponentInput[]): Plan {
  const has = (name: string) => inputs.some((i) => i.name === name);
  const ci = { ...plan.ci, imageName: inputRef('image'), releaseWhen: inputRef('release') };
  const versionInput = has('docker_version') ? 'docker_version' : has('builder_version') ? 'builder_version' : undefined;
  if (ci.version && versionInput) ci.version = { ...ci.version, value: inputRef(versionInput) };
  if (has('tags')) {
    ci.tags = [];
    ci.tagsInput = inputRef('tags');
  }
  // BuildKit takes the whole path as filename under the repository root: no input can be split in two.
  ci.build = {
    ...ci.build,
    dockerfile: inputRef('dockerfile'),
    context: inputRef('context'),
    fileFlag: true,
    dockerfileDir: '.',
    dockerfileName: inputRef('dockerfile'),
  };
  if (ci.imageTest) {
    const command = has('test_command') ? inputRef('test_command') : ci.imageTest.command;
    ci.imageTest = { command, image: ci.imageTest.image === null ? null : `${inputRef('image')}:$CI_COMMIT_SHORT_SHA` };
  }
  return { ...plan, ci };
}

/** The component plan with every input at its default: what the expanded component is checked against. */
function atDefaults(plan: Plan, inputs: ComponentInput[]): Plan {
  const values = new Map(inputs.map((i) => [inputRef(i.name), i.default]));
  const text = (s: string) => s.replace(/\u0000[a-z0-9_]+\u0000/g, (ref) => String(values.get(ref)));
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return text(node);
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node === 'object' && node !== null) return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    return node;
  };
  const ci = walk(plan.ci) as Plan['ci'];
  if (plan.ci.tagsInput) Object.assign(ci, { tags: values.get(plan.ci.tagsInput), tagsInput: null });
  // Release `when:` at its default is GitLab's own default: the direct render writes none.
  return { ...plan, ci: { ...ci, releaseWhen: null } };
}

/** The header document; the version input's default carries the comment a Renovate regex manager reads (docs/component.md). */
function specHeader(inputs: ComponentInput[], plan: Plan): string {
  const spec = Object.fromEntries(inputs.map(({ name, ...s }) => [name, s]));
  const doc = new YAML.Document({ spec: { inputs: spec } });
  const version = inputs.find((i) => i.name === 'docker_version' || i.name === 'builder_version');
  const pair =
    version && plan.ci.version
      ? (doc.getIn(['spec', 'inputs', version.name], true) as YAML.YAMLMap).items.find((p) => YAML.isScalar(p.key) && p.key.value === 'default')
      : undefined;
  if (pair && YAML.isScalar(pair.key)) pair.key.commentBefore = ` renovate: datasource=docker depName=${plan.ci.version!.depName}`;
  return doc.toString({ lineWidth: 0 });
}

export function renderComponent(answers: Answers, renderer: Renderer): RenderedComponent {
  const plan = planFor(answers);
  const inputs = componentInputs(answers);
  const cplan = componentPlan(plan, inputs);
  const name = answers.mode;
  const path = `templates/${name}.yml`;
  const body = renderer.render(plan.templates.ci, { ...cplan, component: true });
  const contents = `# CI/CD component ${name}: its inputs (documented in README.md), then its jobs.\n${specHeader(inputs, plan)}---\n${body.endsWith('\n') ? body : `${body}\n`}`;
  let expanded: Record<string, unknown>;
  try {
    expanded = expandComponent(parseComponent(contents, path)).jobs;
  } catch (err) {
    if (err instanceof InputError) throw new TemplateError(plan.templates.ci, `as component ${name}: ${err.message}`);
    throw err;
  }
  checkPipeline(atDefaults(cplan, inputs), {
    role: 'ci',
    template: `${plan.templates.ci} (component ${name}, default inputs)`,
    contents: YAML.stringify(expanded),
  });
  return { name, path, contents, inputs, plan };
}
