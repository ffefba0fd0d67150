/** Renders with the real built-in templates, as the CLI does. */
import TOML from '@iarna/toml';
import YAML from 'yaml';
import { RawAnswers, resolveAnswers } from '../../src/core/answers';
import { renderAnswers } from '../../src/core/render';
import { loadTemplates } from '../../src/io/templates';

type Table = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function render(raw: RawAnswers) {
  const answers = resolveAnswers(raw);
  const { plan, files } = renderAnswers(answers, loadTemplates(undefined));
  const byRole = Object.fromEntries(files.map((f) => [f.role, f.contents])) as Record<'ci' | 'runner' | 'register', string> & { values?: string };
  return {
    plan,
    text: byRole,
    values: byRole.values === undefined ? undefined : (YAML.parse(byRole.values, { uniqueKeys: true }) as Table),
    ci: YAML.parse(byRole.ci, { uniqueKeys: true }) as Table,
    runner: JSON.parse(JSON.stringify(TOML.parse(byRole.runner))) as Table,
  };
}

/** Every combination of mode and TLS that the tool offers. */
export const MODE_CASES: { name: string; raw: RawAnswers }[] = [
  { name: 'dind', raw: { mode: 'dind' } },
  { name: 'dind-no-tls', raw: { mode: 'dind', tls: false } },
  { name: 'socket', raw: { mode: 'socket' } },
  { name: 'shell', raw: { mode: 'shell' } },
  { name: 'kubernetes', raw: { mode: 'kubernetes' } },
  { name: 'kubernetes-no-tls', raw: { mode: 'kubernetes', tls: false } },
  { name: 'buildah', raw: { mode: 'buildah' } },
  { name: 'buildkit', raw: { mode: 'buildkit' } },
];
