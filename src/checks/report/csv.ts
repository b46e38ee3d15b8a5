import { csvFormatRows } from 'd3-dsv';
import type { CheckResult, CheckRunReport, Finding } from '../results.js';
import { firstSentence } from './first-sentence.js';

/** The columns, in order: one row per finding, and one per result that has none (PASS, ERROR). */
export const CSV_COLUMNS = [
  'checked_at', 'status', 'severity', 'check', 'title', 'connector', 'account_id', 'compliance',
  'finding_id', 'resource', 'resource_name', 'resource_type', 'message',
  'exception_state', 'exception_owner', 'exception_expires', 'exception_reason', 'exception_source',
  'error_code', 'error', 'remediation',
] as const;

/**
 * CSV for spreadsheets and data tools. Results without findings get a row
 * too, so an account that could not be read (ERROR) is as visible as one
 * that failed. `compliance` is `framework/control` ids separated by spaces;
 * `remediation` is the check's first sentence (the whole text is in the json
 * and html reports). Quoting is d3-dsv's (RFC 4180).
 */
export function renderCsv(report: CheckRunReport): string {
  return [...renderCsvChunks(report)].join('');
}

/** renderCsv in pieces, a result's rows each: a run over thousands of accounts is larger than one string can be. */
export function* renderCsvChunks(report: CheckRunReport): Generator<string> {
  const checks = new Map(report.checks.map((check) => [check.id, check]));
  yield `${csvFormatRows([[...CSV_COLUMNS]])}\n`;
  for (const result of report.results) {
    const rows = resultRows(report, checks.get(result.check)?.remediation, result);
    yield `${csvFormatRows(rows.map((row) => CSV_COLUMNS.map((column) => spreadsheetSafe(row[column] ?? ''))))}\n`;
  }
}

/** One row per finding, or one for a result without findings (PASS, ERROR). */
function resultRows(report: CheckRunReport, remediation: string | undefined, result: CheckResult): Partial<Record<(typeof CSV_COLUMNS)[number], string>>[] {
  const base = {
    checked_at: report.summary.now,
    status: result.status,
    severity: result.severity,
    check: result.check,
    title: result.title,
    connector: result.connector,
    account_id: result.accountId ?? '',
    compliance: complianceIds(result),
    error_code: result.errorCode ?? '',
    error: result.error ?? '',
    remediation: remediation ? firstSentence(remediation) : '',
  };
  if (result.findings.length === 0) return [base];
  return result.findings.map((finding) => ({ ...base, ...findingColumns(finding), status: findingStatus(result, finding) }));
}

function findingColumns(finding: Finding) {
  const e = finding.exception;
  return {
    finding_id: finding.id,
    resource: finding.resource,
    resource_name: finding.name ?? '',
    resource_type: finding.type ?? '',
    account_id: finding.accountId ?? '',
    message: finding.message,
    exception_state: e?.state ?? '',
    exception_owner: e?.owner ?? '',
    exception_expires: e?.expires ?? '',
    exception_reason: e?.reason ?? '',
    exception_source: e?.source ?? '',
  };
}

/** In a FAIL result, a finding an active exception covers is WAIVED on its own row. */
function findingStatus(result: CheckResult, finding: Finding): CheckResult['status'] {
  return finding.exception?.state === 'active' ? 'WAIVED' : result.status;
}

function complianceIds(result: CheckResult): string {
  return Object.entries(result.compliance).flatMap(([framework, controls]) => controls.map((control) => `${framework}/${control}`)).join(' ');
}

/**
 * Names and messages come from AWS: a cell starting with = + - @ (or a tab
 * or carriage return) is read as a formula by spreadsheet programs, so it is
 * led by an apostrophe, which they show as text (OWASP's advice for CSV).
 */
function spreadsheetSafe(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
