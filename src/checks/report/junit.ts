import type { CheckResult, CheckRunReport, Finding } from '../results.js';

/**
 * JUnit XML for CI test tabs: one suite per check, one test case per account.
 * FAIL → <failure>, ERROR → <error>, WAIVED → <skipped>.
 */
export function renderJunit(report: CheckRunReport): string {
  return [...renderJunitChunks(report)].join('');
}

/** renderJunit in pieces, a line each: a run over thousands of accounts is larger than one string can be. */
export function* renderJunitChunks(report: CheckRunReport): Generator<string> {
  const byCheck = new Map<string, CheckResult[]>();
  for (const result of report.results) {
    const results = byCheck.get(result.check);
    if (results) results.push(result);
    else byCheck.set(result.check, [result]);
  }
  for (const line of junitLines(report, byCheck)) yield `${line}\n`;
}

function* junitLines(report: CheckRunReport, byCheck: ReadonlyMap<string, readonly CheckResult[]>): Generator<string> {
  const s = report.summary;
  yield '<?xml version="1.0" encoding="UTF-8"?>';
  yield `<testsuites name="assetql" tests="${s.results}" failures="${s.fail}" errors="${s.error}" skipped="${s.waived}" timestamp="${s.now}">`;
  for (const [check, results] of byCheck) {
    const count = (status: CheckResult['status']) => results.filter((r) => r.status === status).length;
    const first = results[0];
    yield `  <testsuite name="${xml(check)}" tests="${results.length}" failures="${count('FAIL')}" errors="${count('ERROR')}" skipped="${count('WAIVED')}" timestamp="${s.now}">`;
    yield '    <properties>';
    yield `      <property name="title" value="${xml(first.title)}"/>`;
    yield `      <property name="severity" value="${first.severity}"/>`;
    yield '    </properties>';
    for (const result of results) yield* testCase(result);
    yield '  </testsuite>';
  }
  yield '</testsuites>';
}

function testCase(result: CheckResult): string[] {
  const attributes = `classname="${xml(result.check)}" name="${xml(result.connector)}"`;
  if (result.status === 'PASS') return [`    <testcase ${attributes}/>`];
  return [`    <testcase ${attributes}>`, `      ${outcome(result)}`, '    </testcase>'];
}

function outcome(result: CheckResult): string {
  if (result.status === 'ERROR') {
    return `<error type="${xml(result.errorCode ?? 'Error')}" message="${xml(result.error ?? '')}">${xml(result.error ?? '')}</error>`;
  }
  if (result.status === 'WAIVED') return `<skipped message="${xml(`waived: ${waivers(result.findings)}`)}"/>`;
  const unwaived = result.findings.filter((f) => f.exception?.state !== 'active');
  const remediation = result.findings[0]?.remediation;
  const body = [
    `severity: ${result.severity}`,
    ...result.findings.map((f) => `- ${f.resource}${f.name && f.name !== f.resource ? ` (${f.name})` : ''}${exceptionNote(f)}`),
    ...(remediation ? ['', 'Remediation:', remediation] : []),
  ].join('\n');
  return `<failure type="${result.severity}" message="${xml(`${unwaived.length} finding(s): ${result.title}`)}">${xml(body)}</failure>`;
}

function exceptionNote(finding: Finding): string {
  const e = finding.exception;
  if (!e) return '';
  return e.state === 'active' ? ` [waived until ${e.expires} by ${e.owner}]` : ` [exception ${e.source} expired ${e.expires}]`;
}

function waivers(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.resource} until ${f.exception?.expires} by ${f.exception?.owner} (${f.exception?.reason})`).join('; ');
}

/** Escapes text for XML attributes and content, dropping characters XML 1.0 cannot carry. */
function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
