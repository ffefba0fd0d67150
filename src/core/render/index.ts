/** Answers → plan → rendered files, each parsed back and checked. Pure. */
import { Answers } from '../answers';
import { Plan, planFor } from '../plan';
import { checkRendered } from './check';
import { createRenderer, TemplateSources } from './engine';
import { renderPlan, RenderedFile } from './render';

export function renderAnswers(answers: Answers, sources: TemplateSources): { plan: Plan; files: RenderedFile[] } {
  const plan = planFor(answers);
  const files = renderPlan(plan, createRenderer(sources));
  checkRendered(plan, files);
  return { plan, files };
}

export type { RenderedFile };
