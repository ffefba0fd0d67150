/**
 * Must hold (issue 20): for every mode, the component with its default inputs expands to the jobs `init --yes`
 * writes for that mode, and passes GitLab's CI schema with its spec header.
 */
import { MODE_IDS } from '../../src/core/modes';
import { schemaErrors, validateCi } from '../support/schemas';
import { component, directJobs, expand, withoutDefaultRuleWhen, yamlDocs } from './support';

describe.each(MODE_IDS.map((mode) => [mode]))('component %s', (mode) => {
  const c = component({ mode });

  test('with default inputs it expands to the jobs init --yes writes', () => {
    const expanded = expand(c.contents);
    expect(withoutDefaultRuleWhen(expanded)).toEqual(directJobs({ mode }));
    // The component really is parameterised: its jobs hold interpolation blocks before expansion.
    expect(c.contents).toMatch(/\$\[\[ inputs\.image \]\]/);
  });

  test("the spec document and the expanded jobs pass GitLab's CI schema", () => {
    const [header, body] = yamlDocs(c.contents) as Record<string, unknown>[];
    expect(schemaErrors(validateCi, header)).toEqual([]);
    expect(schemaErrors(validateCi, expand(c.contents))).toEqual([]);
    expect(Object.keys(body)).toEqual(Object.keys(expand(c.contents)));
  });
});
