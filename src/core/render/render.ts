/** Plan + templates → file contents. Pure: no file system, no terminal. */
import { Plan } from '../plan';
import { Renderer } from './runtime';

export type FileRole = 'ci' | 'runner' | 'register' | 'values';

export interface RenderedFile {
  role: FileRole;
  template: string;
  contents: string;
}

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

export function renderPlan(plan: Plan, renderer: Renderer): RenderedFile[] {
  const files: RenderedFile[] = (['ci', 'runner', 'register'] as const).map((role) => {
    const template = plan.templates[role];
    return { role, template, contents: withNewline(renderer.render(template, plan)) };
  });
  if (plan.templates.values && plan.templates.runnerSection) {
    // The Helm chart takes the [[runners]] section as a TOML string: render it once, embed it.
    const runnerToml = withNewline(renderer.render(plan.templates.runnerSection, { ...plan, withCredentials: false }));
    files.push({ role: 'values', template: plan.templates.values, contents: withNewline(renderer.render(plan.templates.values, { ...plan, runnerToml })) });
  }
  return files;
}
