/** The rule catalogue is data (src/core/lint/rules/catalogue.json): its loader lets only well-formed rules through. */
import fs from 'node:fs';
import path from 'node:path';
import { RULES } from '../../src/core/lint';
import { ruleCatalogue } from '../../src/core/lint/rules/catalogue';

const rule = { id: 'dind-needs-privileged', severity: 'error', summary: 'a docker:dind service on a runner that is not privileged' };

// rules.test.ts checks each rule has its section; a reader who goes down the catalogue finds them in the same order.
test("docs/lint-rules.md gives the rules in the catalogue's order", () => {
  const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'lint-rules.md'), 'utf8');
  const headings = [...doc.matchAll(/^### `([\w-]+)`$/gm)].map((m) => m[1]);
  expect(headings).toEqual(RULES.map((r) => r.id));
});

test('a well-formed catalogue loads as it is', () => {
  expect(ruleCatalogue([rule, { ...rule, id: 'other-rule', severity: 'error or warning' }])).toEqual([
    rule,
    { ...rule, id: 'other-rule', severity: 'error or warning' },
  ]);
});

test.each([
  ['not a list', { rules: [rule] }, 'lint rule catalogue: expected a list of rules'],
  ['an unknown severity', [{ ...rule, severity: 'fatal' }], 'entry 0: severity "fatal"; expected error, or warning, or error or warning'],
  ['a repeated id', [rule, rule], 'entry 1: id "dind-needs-privileged"; expected an id no other rule has'],
  ['an id that is not kebab-case', [{ ...rule, id: 'Dind needs privileged' }], 'entry 0: id "Dind needs privileged"; expected a kebab-case name'],
  ['an empty summary', [{ ...rule, summary: ' ' }], 'entry 0: summary " "; expected one line saying what the rule finds'],
  ['a summary of two lines', [{ ...rule, summary: 'one\ntwo' }], 'entry 0: summary "one\\ntwo"; expected one line'],
  ['a missing field', [{ id: rule.id, severity: rule.severity }], 'entry 0: keys "id, severity"; expected id, severity and summary'],
  ['an extra field', [{ ...rule, docs: 'x' }], 'entry 0: keys "docs, id, severity, summary"; expected id, severity and summary'],
  ['an entry that is not an object', [rule, 'kaniko-archived'], 'entry 1: keys ""; expected id, severity and summary'],
])('%s is refused, naming the entry, the field and what is expected', (_what, data, message) => {
  expect(() => ruleCatalogue(data)).toThrow(message);
});
