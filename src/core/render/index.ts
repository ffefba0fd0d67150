/** Answers → plan → rendered files, each parsed back and checked. Pure. */
import { Answers } from '../answers';
import { ParsedRender } from './check';
import { Plan } from '../plan';
import { createRenderer, TemplateSources } from './engine';
import { RenderedFile } from './render';
import { renderChecked } from './render-checked';

/** Compiles `sources` now; the CLI uses renderChecked with the precompiled renderer instead (io/templates.ts). */
export function renderAnswers(answers: Answers, sources: TemplateSources): { plan: Plan; files: RenderedFile[]; parsed: ParsedRender } {
  return renderChecked(answers, createRenderer(sources));
}

export { renderChecked };
export type { RenderedFile };
