import { resolveAnswers } from '../../src/core/answers';
import { TemplateError } from '../../src/core/errors';
import { renderAnswers } from '../../src/core/render';
import { createRenderer, partialName } from '../../src/core/render/engine';
import { loadTemplates } from '../../src/io/templates';

describe('the quoting guard', () => {
  test.each(['{{name}}', '{{{name}}}', '{{answers.runnerName}}', '{{yaml a b}}', '{{lookup this "x"}}'])('refuses %s outside a quoting helper', (tpl) => {
    expect(() => createRenderer({ 'ci/x.yml': `key: ${tpl}\n` })).toThrow(/quoting helper/);
  });
  test('accepts quoted values, blocks and partials', () => {
    const r = createRenderer({ 'x.yml': '{{#if a}}k: {{yaml a}}{{/if}}\n{{> p}}', 'partials/p.yml': 'q: {{yaml b}}\n' });
    expect(r.render('x.yml', { a: 'v: #1', b: 'w' })).toBe('k: "v: #1"\nq: "w"\n');
  });
  test('strict: a misspelled field throws instead of rendering empty', () => {
    const r = createRenderer({ 'x.yml': 'k: {{yaml nmae}}\n' });
    expect(() => r.render('x.yml', { name: 'a' })).toThrow(TemplateError);
  });
});

test('partial names drop the partials/ folder and the extension', () => {
  expect(partialName('ci/partials/jobs.yml')).toBe('ci/jobs');
  expect(partialName('partials/p.yml')).toBe('p');
  expect(partialName('ci/dind.yml')).toBeUndefined();
});

describe('rendered output is parsed back and held to the plan', () => {
  const builtin = loadTemplates(undefined);
  const answers = resolveAnswers({});
  test('an override that breaks YAML is refused', () => {
    const broken = { ...builtin, 'ci/dind.yml': builtin['ci/dind.yml'].replace('.docker-base:', '.docker-base:\n  image: [unclosed') };
    expect(() => renderAnswers(answers, broken)).toThrow(/ci\/dind.yml/);
  });
  test('an override that drops privileged from the dind service is refused', () => {
    const unprivileged = { ...builtin, 'runner/dind.toml': builtin['runner/dind.toml'].replace('services_privileged = true', 'services_privileged = false') };
    expect(() => renderAnswers(answers, unprivileged)).toThrow(/privileged/);
  });
  test('an override that adds a dind service to socket mode is refused', () => {
    const socket = resolveAnswers({ mode: 'socket' });
    const withService = {
      ...builtin,
      'ci/socket.yml': builtin['ci/socket.yml'].replace('  variables:', '  services:\n    - name: "docker:29.10.1-dind"\n      alias: docker\n  variables:'),
    };
    expect(() => renderAnswers(socket, withService)).toThrow(/dind service/);
  });
  test('an override that keeps the rules renders', () => {
    const commented = { ...builtin, 'ci/partials/jobs.yml': `# Our team's jobs\n${builtin['ci/partials/jobs.yml']}` };
    expect(renderAnswers(answers, commented).files[0].contents).toContain("# Our team's jobs");
  });
});
