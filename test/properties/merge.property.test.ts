/**
 * Over generated answer sets and random user edits to the generated pipeline (added jobs, keys,
 * comments, reordered keys, anchors): generate keeps every edit, and --check is clean right after.
 */
import fc from 'fast-check';
import YAML from 'yaml';
import { RawAnswers, resolveAnswers } from '../../src/core/answers';
import { freshRecord, mergeFile } from '../../src/core/merge';
import { renderAnswers } from '../../src/core/render';
import { loadTemplates } from '../../src/io/templates';
import { FC_PARAMS, freeText, rawAnswers, RUNS } from '../support/arbitraries';
import { fixturesUntouched } from '../support/untouched';

const SOURCES = loadTemplates(undefined);
const ciOf = (raw: RawAnswers) => renderAnswers(resolveAnswers(raw), SOURCES).files.find((f) => f.role === 'ci')!.contents;

interface Edit {
  /** Text placed before the first tool part (reordering: the user's keys first) or at the end. */
  where: 'top' | 'end';
  text: string;
  /** Keys it adds and the comments it writes: what must survive. */
  keys: string[];
  comments: string[];
}

const jobName = fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/).map((n) => `user-${n}`);
const comment = freeText(30).map((t) => `# ${t.replace(/[\r\n]/g, ' ')}`);
const quoted = (s: string) => JSON.stringify(s);

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.tuple(jobName, comment, freeText(30), fc.constantFrom('top', 'end') as fc.Arbitrary<'top' | 'end'>).map(([name, c, script, where]) => ({
    where,
    text: `${c}\n${name}:\n  stage: test\n  script:\n    - ${quoted(script)}\n`,
    keys: [name],
    comments: [c],
  })),
  fc.tuple(fc.stringMatching(/^[A-Z][A-Z0-9_]{0,10}$/), freeText(20)).map(([k, val]) => ({
    where: 'end' as const,
    text: `variables:\n  USER_${k}: ${quoted(val)}\n`,
    keys: ['variables'],
    comments: [],
  })),
  fc.tuple(jobName, fc.array(freeText(10), { minLength: 1, maxLength: 3 })).map(([name, tags]) => ({
    where: 'end' as const,
    text: `.${name}-defaults: &${name}-defaults\n  tags: ${JSON.stringify(tags)}\n${name}:\n  <<: *${name}-defaults\n  script: [echo anchored]\n`,
    keys: [`.${name}-defaults`, name],
    comments: [],
  })),
);

function applyEdits(rendered: string, edits: Edit[]): string {
  const doc = rendered.indexOf('\n.docker-base:');
  let top = '';
  let end = '';
  const seen = new Set<string>();
  for (const e of edits) {
    if (e.keys.some((k) => seen.has(k))) continue; // one edit per key: the user's file must stay valid YAML
    e.keys.forEach((k) => seen.add(k));
    if (e.where === 'top') top += `${e.text}\n`;
    else end += `\n${e.text}`;
  }
  return `${rendered.slice(0, doc + 1)}${top}${rendered.slice(doc + 1)}${end}`;
}

test('generate keeps every user edit, and --check is clean right after; an upgrade keeps them too', () => {
  fc.assert(
    fc.property(rawAnswers, fc.array(edit, { minLength: 1, maxLength: 4 }), (raw, edits) => {
      const rendered = ciOf(raw);
      const current = applyEdits(rendered, edits);
      const userData = YAML.parse(current) as Record<string, unknown>;
      const userKeys = Object.keys(userData).filter((k) => !(k in (YAML.parse(rendered) as object)));
      const base = { display: '.gitlab-ci.yml', force: false, runnerName: 'r' };

      const once = mergeFile('ci', { ...base, current, rendered, record: freshRecord('ci', rendered, 'r') });
      expect(once.issues).toEqual([]);
      const merged = YAML.parse(once.contents) as Record<string, unknown>;
      for (const k of userKeys) expect(merged[k]).toEqual(userData[k]);
      for (const e of edits) for (const c of e.comments) if (current.includes(c)) expect(once.contents).toContain(c);

      const again = mergeFile('ci', { ...base, current: once.contents, rendered, record: once.record });
      expect(again.issues).toEqual([]);
      expect(again.contents).toBe(once.contents);

      const upgraded = ciOf({ ...raw, dockerVersion: '28.5.2', builderVersion: raw.builderVersion === undefined ? undefined : 'v0.1.0' });
      const up = mergeFile('ci', { ...base, current: once.contents, rendered: upgraded, record: once.record, base: rendered });
      expect(up.issues).toEqual([]);
      const after = YAML.parse(up.contents) as Record<string, unknown>;
      for (const k of userKeys) expect(after[k]).toEqual(userData[k]);
    }),
    { numRuns: Math.max(20, Math.floor(RUNS / 3)), ...FC_PARAMS },
  );
});

fixturesUntouched();
