/**
 * GitLab's Code Quality report (docs: ci/testing/code_quality, "Code Quality report format"): a
 * JSON array of issues with description, check_name, fingerprint, severity and location, shown in
 * merge requests when a job uploads it as `artifacts: reports: codequality:`.
 */
import { Finding } from './types';
import { fingerprints, LintReport } from './report';

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: 'info' | 'minor' | 'major' | 'critical' | 'blocker';
  location: { path: string; lines: { begin: number } };
}

/** An error is a job that cannot work: critical. A warning is a risk or a drift: minor. */
const severityOf = (f: Finding): CodeQualityIssue['severity'] => (f.severity === 'error' ? 'critical' : 'minor');

export function codeQuality(report: LintReport, hash: (text: string) => string): CodeQualityIssue[] {
  const prints = fingerprints(report.findings, hash);
  return report.findings.map((f, i) => ({
    description: `${f.message}. Fix: ${f.fix}`,
    check_name: f.rule,
    fingerprint: prints[i],
    severity: severityOf(f),
    location: { path: f.file, lines: { begin: f.line } },
  }));
}
