/** Answers → plan → rendered files, each parsed back and checked, with a renderer already built. Pure. */
import { Answers } from '../answers';
import { Plan, planFor } from '../plan';
import { checkRendered, ParsedRender } from './check';
import { renderPlan, RenderedFile } from './render';
import { Renderer } from './runtime';

export function renderChecked(answers: Answers, renderer: Renderer): { plan: Plan; files: RenderedFile[]; parsed: ParsedRender } {
  const plan = planFor(answers);
  const files = renderPlan(plan, renderer);
  const parsed = checkRendered(plan, files);
  return { plan, files, parsed };
}
