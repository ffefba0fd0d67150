/** Plan + templates → file contents. Pure: no file system, no terminal. */
import { Plan } from '../plan';
import { Renderer } from './runtime';

export type FileRole = 'ci' | 'runner' | 'register';

export interface RenderedFile {
  role: FileRole;
  template: string;
  contents: string;
}

export function renderPlan(plan: Plan, renderer: Renderer): RenderedFile[] {
  const roles: FileRole[] = ['ci', 'runner', 'register'];
  return roles.map((role) => {
    const template = plan.templates[role];
    const contents = renderer.render(template, plan);
    return { role, template, contents: contents.endsWith('\n') ? contents : `${contents}\n` };
  });
}
