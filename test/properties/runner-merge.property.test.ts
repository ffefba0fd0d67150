/**
 * Over generated answer sets and random user edits to the generated config.toml (comments on their own
 * lines and after values, keys of their own, another runner): a regenerate or an upgrade keeps every
 * comment and every key of the user's, edits the file in place (no .bak asked for), and gives the same data
 * as re-serialising the merged tables would.
 */
import TOML from '@iarna/toml';
import fc from 'fast-check';
import { RawAnswers, resolveAnswers } from '../../src/core/answers';
import { freshRecord, mergeFile } from '../../src/core/merge';
import { renderAnswers } from '../../src/core/render';
import { loadTemplates } from '../../src/io/templates';
import { FC_PARAMS, freeText, rawAnswers, RUNS } from '../support/arbitraries';
import { fixturesUntouched } from '../support/untouched';

const SOURCES = loadTemplates(undefined);
const rendered = (raw: RawAnswers) => {
  const answers = resolveAnswers(raw);
  return { text: renderAnswers(answers, SOURCES).files.find((f) => f.role === 'runner')!.contents, name: answers.runnerName };
};

const comment = freeText(30).map((t) => `# ${t.replace(/[\r\n]/g, ' ')}`);
const userKey = fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/).map((k) => `user_${k}`);
const scalar = fc.oneof(
  freeText(20).map((s) => TOML.stringify({ v: s }).trim().slice(4)),
  fc.integer({ min: -9, max: 9999 }).map(String),
  fc.boolean().map(String),
);

/** The user's edits, placed by line: a comment above a line, a comment after a key's value, a key of their own after a line. */
type Edit = { kind: 'comment-above' | 'comment-after' | 'key-after'; at: number; text: string };
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.tuple(fc.nat(), comment).map(([at, text]) => ({ kind: 'comment-above' as const, at, text })),
  fc.tuple(fc.nat(), comment).map(([at, text]) => ({ kind: 'comment-after' as const, at, text })),
  fc.tuple(fc.nat(), userKey, scalar).map(([at, k, v]) => ({ kind: 'key-after' as const, at, text: `${k} = ${v}` })),
);

const OTHER_RUNNER = '\n[[runners]]\n  name = "theirs"\n  url = "https://gitlab.example.com"\n  token = "glrt-theirs"\n  executor = "shell"\n';

function applyEdits(text: string, edits: Edit[], other: boolean): { text: string; comments: string[] } {
  const lines = text.replace(/\n$/, '').split('\n');
  const comments: string[] = [];
  const keysSeen = new Set<string>();
  for (const e of edits) {
    const n = e.at % lines.length;
    const line = lines[n];
    if (e.kind === 'comment-above') {
      lines.splice(n, 0, e.text);
      comments.push(e.text);
    } else if (e.kind === 'comment-after') {
      // only after a plain one-line key = value (not a header, comment, or an array's line)
      if (!/^\s*[a-z_]+ = [^[#]*$/.test(line)) continue;
      lines[n] = `${line} ${e.text}`;
      comments.push(e.text);
    } else {
      const key = e.text.split(' ')[0];
      // a key of the user's goes below a table header: then it belongs to that table
      if (!/^\s*\[[a-z.]+\]\s*$/.test(line) || keysSeen.has(`${n}${key}`)) continue;
      keysSeen.add(`${n}${key}`);
      lines.splice(n + 1, 0, `    ${e.text}`);
    }
  }
  return { text: `${lines.join('\n')}\n${other ? OTHER_RUNNER : ''}`, comments };
}

/** The lines of `wanted` that `lines` does not hold in that order (empty when it holds them all). */
function inOrder(wanted: string[], lines: string[]): string[] {
  let at = 0;
  const missing: string[] = [];
  for (const w of wanted) {
    const found = lines.indexOf(w, at);
    if (found < 0) missing.push(w);
    else at = found + 1;
  }
  return missing;
}

test("regenerate and upgrade keep every comment and key of the user's, editing config.toml in place", () => {
  fc.assert(
    fc.property(rawAnswers, fc.array(edit, { minLength: 1, maxLength: 6 }), fc.boolean(), (raw, edits, other) => {
      const { text: first, name } = rendered(raw);
      const { text: current, comments } = applyEdits(first, edits, other);
      let userData: unknown;
      try {
        userData = TOML.parse(current);
      } catch {
        return; // an edit that made a duplicate key: not a file a user could have
      }
      const base = { display: 'config.toml', force: false, runnerName: name };
      const upgraded = rendered({
        ...raw,
        dockerVersion: '28.5.2',
        concurrent: '17',
        builderVersion: raw.builderVersion === undefined ? undefined : 'v0.1.0',
      }).text;
      const out = mergeFile('runner', { ...base, current, rendered: upgraded, record: freshRecord('runner', first, name) });
      expect(out.issues).toEqual([]);
      expect(out.backup).toBe(false);
      for (const c of comments) expect(out.contents).toContain(c);
      const after = TOML.parse(out.contents) as { concurrent: number; runners: { name: string }[] };
      expect(after.concurrent).toBe(17);
      // Every line of the user's file is still there, in order, except the tool's own lines the upgrade
      // changes (a comment after one of those is checked above): the list comes from the user's file.
      const changed = new Set(first.split('\n').filter((l) => !upgraded.split('\n').includes(l)));
      const theirs = current.split('\n').filter((l) => !changed.has(l) && ![...changed].some((c) => l.startsWith(`${c} #`)));
      expect(inOrder(theirs, out.contents.split('\n'))).toEqual([]);
      expect(after.runners.map((r) => r.name)).toEqual((userData as { runners: { name: string }[] }).runners.map((r) => r.name));
    }),
    { numRuns: RUNS, ...FC_PARAMS },
  );
});

fixturesUntouched();
