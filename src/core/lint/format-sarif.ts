/**
 * A minimal SARIF 2.1.0 log (OASIS SARIF v2.1.0): one run, the rules that fired, one result per
 * finding with its file and line; notes (files skipped, runner checks skipped) as tool notifications.
 */
import { RULES } from './rules';
import { fingerprints, LintReport, reportNotes } from './report';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export function sarif(report: LintReport, tool: { version: string; hash: (text: string) => string }): object {
  const fired = [...new Set(report.findings.map((f) => f.rule))];
  const catalogue = new Map(RULES.map((r) => [r.id, r]));
  const prints = fingerprints(report.findings, tool.hash);
  return {
    version: '2.1.0',
    $schema: SARIF_SCHEMA,
    runs: [
      {
        tool: {
          driver: {
            name: 'gitlab-dind',
            version: tool.version,
            rules: fired.map((id) => ({ id, shortDescription: { text: catalogue.get(id)?.summary ?? id } })),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: reportNotes(report).map((text) => ({ level: 'note', message: { text } })),
          },
        ],
        results: report.findings.map((f, i) => ({
          ruleId: f.rule,
          ruleIndex: fired.indexOf(f.rule),
          level: f.severity,
          message: { text: `${f.message}. Fix: ${f.fix}` },
          locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(f.file) }, region: { startLine: f.line } } }],
          partialFingerprints: { 'gitlabDind/v1': prints[i] },
        })),
      },
    ],
  };
}
