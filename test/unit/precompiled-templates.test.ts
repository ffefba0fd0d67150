/**
 * The CLI renders the built-in templates precompiled (runtime only) and compiles overrides at run time;
 * both must give exactly what compiling the sources gives, and the quoting guard must hold in both paths.
 */
import { RawAnswers, resolveAnswers } from '../../src/core/answers';
import { TemplateError } from '../../src/core/errors';
import { MODE_IDS } from '../../src/core/modes';
import { renderAnswers, renderChecked } from '../../src/core/render';
import { createOverriddenRenderer, precompileSources } from '../../src/core/render/engine';
import { createPrecompiledRenderer } from '../../src/core/render/runtime';
import { builtinTemplates } from '../../src/io/builtin-templates';
import { loadTemplates } from '../../src/io/templates';

const cases: RawAnswers[] = MODE_IDS.flatMap((mode): RawAnswers[] => (mode === 'dind' ? [{ mode }, { mode, tls: false }] : [{ mode }]));

test.each(cases)('precompiled built-ins render what compiled sources render: %o', (raw) => {
  const answers = resolveAnswers(raw);
  const compiled = renderAnswers(answers, loadTemplates(undefined)).files;
  const precompiled = renderChecked(answers, createPrecompiledRenderer(builtinTemplates())).files;
  expect(precompiled).toEqual(compiled);
  expect(precompiled.map((f) => f.contents.length).every((n) => n > 50)).toBe(true);
});

test('an override replaces its built-in template (a partial here) and the rest stay precompiled', () => {
  const answers = resolveAnswers({ mode: 'socket' });
  const sources = loadTemplates(undefined);
  const header = '# team header for {{comment mode.id}}\n' + sources['ci/partials/header.yml'];
  const viaOverride = renderChecked(answers, createOverriddenRenderer(builtinTemplates(), { 'ci/partials/header.yml': header })).files;
  const viaSources = renderAnswers(answers, { ...sources, 'ci/partials/header.yml': header }).files;
  expect(viaOverride).toEqual(viaSources);
  expect(viaOverride[0].contents).toMatch(/^# team header for socket\n/);
});

test('the quoting guard rejects an unquoted value at build time (precompile) and in an override', () => {
  expect(() => precompileSources({ 'ci/dind.yml': 'image: {{image}}\n' })).toThrow(TemplateError);
  expect(() => precompileSources({ 'ci/dind.yml': 'image: {{image}}\n' })).toThrow(/template ci\/dind\.yml: line 1: values must go through a quoting helper/);
  expect(() => createOverriddenRenderer(builtinTemplates(), { 'ci/dind.yml': 'x: {{{raw}}}\n' })).toThrow(/quoting helper/);
  expect(precompileSources({ 'ci/dind.yml': 'image: {{yaml image}}\n' })['ci/dind.yml']).toMatch(/compiler/);
});
