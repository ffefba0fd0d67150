/** Renders the built-in templates for a set of raw answers, as init would. */
import { RawAnswers, resolveAnswers } from '../../src/core/answers';
import { renderAnswers } from '../../src/core/render';
import { RenderedFile } from '../../src/core/render/render';
import { loadTemplates } from '../../src/io/templates';

const SOURCES = loadTemplates(undefined);

export function render(raw: RawAnswers = {}): Record<RenderedFile['role'], string> & { runnerName: string } {
  const answers = resolveAnswers(raw);
  const { files } = renderAnswers(answers, SOURCES);
  const byRole = Object.fromEntries(files.map((f) => [f.role, f.contents])) as Record<RenderedFile['role'], string>;
  return { ...byRole, runnerName: answers.runnerName };
}
