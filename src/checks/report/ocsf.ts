import type { CheckDefinition, Severity } from '../definition.js';
import type { CheckResult, CheckRunReport, Finding } from '../results.js';
import { jsonChunks } from './json-chunks.js';
import { TOOL_NAME, toolVersion } from './tool.js';

/** The OCSF release the events follow. */
export const OCSF_VERSION = '1.5.0';

const DETECTION_FINDING = 2004;
const FINDINGS_CATEGORY = 2;
const CREATE = 1;

/** OCSF severity_id by severity. */
const SEVERITY: Record<Severity, { id: number; name: string }> = {
  critical: { id: 5, name: 'Critical' },
  high: { id: 4, name: 'High' },
  medium: { id: 3, name: 'Medium' },
  low: { id: 2, name: 'Low' },
  info: { id: 1, name: 'Informational' },
};

/** Finding status_id: New for what needs attention, Suppressed for what an exception waives. */
const NEW = { status_id: 1, status: 'New' } as const;
const SUPPRESSED = { status_id: 3, status: 'Suppressed' } as const;

/**
 * OCSF Detection Findings (class 2004), a JSON array, as Prowler and Security
 * Hub exchange them: one event per finding of a FAIL or WAIVED result
 * (waived ones Suppressed), and one per ERROR result, so an account that
 * could not be read reaches the consumer too. PASS results are not
 * detections and are left out. `status_code` carries assetql's status; what
 * OCSF has no attribute for (check, connector, compliance, the exception) is
 * in `unmapped`.
 */
export function renderOcsf(report: CheckRunReport): string {
  return [...renderOcsfChunks(report)].join('');
}

/** renderOcsf in pieces, for a report too large for one string. */
export function* renderOcsfChunks(report: CheckRunReport): Generator<string> {
  const checks = new Map(report.checks.map((check) => [check.id, check]));
  const time = Date.parse(report.summary.now);
  const events = report.results.flatMap((result) => {
    const check = checks.get(result.check);
    if (result.status === 'ERROR') return [event(result, check, time, null)];
    if (result.status === 'PASS') return [];
    return result.findings.map((finding) => event(result, check, time, finding));
  });
  yield* jsonChunks(events);
  yield '\n';
}

function event(result: CheckResult, check: CheckDefinition | undefined, time: number, finding: Finding | null) {
  const severity = SEVERITY[result.severity];
  const accountId = finding?.accountId ?? result.accountId;
  const waived = finding?.exception?.state === 'active';
  const exception = finding?.exception;
  return {
    activity_id: CREATE,
    activity_name: 'Create',
    category_uid: FINDINGS_CATEGORY,
    category_name: 'Findings',
    class_uid: DETECTION_FINDING,
    class_name: 'Detection Finding',
    type_uid: DETECTION_FINDING * 100 + CREATE,
    type_name: 'Detection Finding: Create',
    severity_id: severity.id,
    severity: severity.name,
    ...(waived ? SUPPRESSED : NEW),
    status_code: finding === null ? 'ERROR' : waived ? 'WAIVED' : 'FAIL',
    ...(exception ? { status_detail: `${exception.state === 'active' ? 'waived' : 'exception expired'} ${exception.expires}, owner ${exception.owner}: ${exception.reason}` } : {}),
    is_alert: !waived,
    time,
    message: finding?.message ?? `${result.title}: could not be checked on ${result.connector}: ${result.error ?? 'unknown error'}`,
    metadata: {
      version: OCSF_VERSION,
      product: { name: TOOL_NAME, uid: TOOL_NAME, vendor_name: TOOL_NAME, version: toolVersion() },
      profiles: ['cloud'],
      event_code: result.check,
    },
    finding_info: {
      // The stable identity; an ERROR has no resource, so it is the check on the account.
      uid: finding?.id ?? `${result.check}|${accountId ?? result.connector}|error`,
      title: result.title,
      ...(check?.description ? { desc: check.description.trim() } : {}),
      created_time: time,
    },
    cloud: {
      provider: 'AWS',
      ...(accountId ? { account: { uid: accountId, type_id: 10, type: 'AWS Account' } } : {}),
    },
    ...(finding
      ? { resources: [{ uid: finding.resource, ...(finding.name ? { name: finding.name } : {}), ...(finding.type ? { type: finding.type } : {}), data: finding.value ?? null }] }
      : {}),
    ...(check?.remediation ? { remediation: { desc: check.remediation, ...(check.references.length ? { references: check.references } : {}) } } : {}),
    unmapped: {
      check: result.check,
      connector: result.connector,
      compliance: result.compliance,
      ...(exception ? { exception } : {}),
      ...(result.errorCode ? { error_code: result.errorCode } : {}),
    },
  };
}
