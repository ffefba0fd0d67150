/**
 * The rule catalogue: each rule's id, severity and one-line summary, as docs/lint-rules.md shows them (one
 * section per rule). The entries are data (catalogue.json); this module checks them once, when loaded, so a
 * mistyped severity or a repeated id fails every run and test rather than reaching a report.
 */
import entries from './catalogue.json';

export const SEVERITIES = ['error', 'warning', 'error or warning'] as const;

export interface RuleInfo {
  id: string;
  severity: (typeof SEVERITIES)[number];
  summary: string;
}

/** The entries as RuleInfo, or an Error naming the first entry that is not one (its index, field and value). */
export function ruleCatalogue(data: unknown): RuleInfo[] {
  if (!Array.isArray(data)) throw new Error('lint rule catalogue: expected a list of rules');
  const seen = new Set<string>();
  return data.map((entry: unknown, i) => {
    const e = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    const fault = (field: string, value: unknown, expected: string) =>
      new Error(`lint rule catalogue, entry ${i}: ${field} ${JSON.stringify(value)}; expected ${expected}`);
    const keys = Object.keys(e).sort().join(', ');
    if (keys !== 'id, severity, summary') throw fault('keys', keys, 'id, severity and summary');
    if (typeof e.id !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(e.id)) throw fault('id', e.id, 'a kebab-case name');
    if (seen.has(e.id)) throw fault('id', e.id, 'an id no other rule has');
    if (!SEVERITIES.includes(e.severity as RuleInfo['severity'])) throw fault('severity', e.severity, SEVERITIES.join(', or '));
    if (typeof e.summary !== 'string' || !/^[^\n]*\S[^\n]*$/.test(e.summary)) throw fault('summary', e.summary, 'one line saying what the rule finds');
    seen.add(e.id);
    return { id: e.id, severity: e.severity as RuleInfo['severity'], summary: e.summary };
  });
}

export const RULES: readonly RuleInfo[] = ruleCatalogue(entries);
