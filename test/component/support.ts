/** Components rendered with the real built-in templates, and the jobs a direct render gives, for comparison. */
import YAML from 'yaml';
import { RawAnswers, resolveAnswers } from '../../src/core/answers';
import { renderComponent } from '../../src/core/component/render-component';
import { expandComponent, parseComponent } from '../../src/core/component/component-file';
import { createRenderer } from '../../src/core/render/engine';
import { loadTemplates } from '../../src/io/templates';
import { render } from '../support/render';

const renderer = createRenderer(loadTemplates(undefined));

export function component(raw: RawAnswers) {
  return renderComponent(resolveAnswers(raw), renderer);
}

export function expand(contents: string, inputs: Record<string, unknown> = {}) {
  return expandComponent(parseComponent(contents, 'component'), inputs).jobs;
}

/**
 * GitLab's defaults spelled out in a rule: `when: on_success` is what a rule without `when:` does. The only
 * difference allowed between a component's expansion and a direct render (the release input's default).
 */
export function withoutDefaultRuleWhen(ci: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(ci), (key, value) => {
    if (key === 'rules' && Array.isArray(value))
      return value.map((r) => (r && r.when === 'on_success' ? Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'when')) : r));
    return value;
  });
}

/** The pipeline a direct render of the same answers writes, parsed. */
export function directJobs(raw: RawAnswers): Record<string, unknown> {
  return render(raw).ci;
}

export function yamlDocs(text: string): unknown[] {
  return YAML.parseAllDocuments(text).map((d) => d.toJS());
}
