import type { Log, Notification, ReportingDescriptor, Result } from 'sarif';
import type { CheckDefinition, Severity } from '../definition.js';
import { describeAccount, describeUnknownIds } from '../exceptions.js';
import type { CheckResult, CheckRunReport, Finding } from '../results.js';
import { jsonChunks } from './json-chunks.js';
import { TOOL_NAME, toolVersion } from './tool.js';

/** SARIF levels by severity: what code-scanning views sort and filter on. */
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

/** GitHub code scanning reads `security-severity` (0-10) to rank security results. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' };

/**
 * The key of the finding's identity in `partialFingerprints`: v2 is built
 * from the account id (v1 used the configured connector id, which a rename
 * or Organization discovery changes).
 */
export const FINGERPRINT = 'assetql/finding/v2';

/**
 * SARIF 2.1.0: one rule per check, one result per finding (waived findings
 * carry an accepted external suppression), ERROR results as tool execution
 * notifications, stale and unknown exceptions as configuration notifications.
 */
export function renderSarif(report: CheckRunReport): string {
  return [...renderSarifChunks(report)].join('');
}

/** renderSarif in pieces, for a report too large for one string. */
export function* renderSarifChunks(report: CheckRunReport): Generator<string> {
  const rules = report.checks.map(rule);
  const ruleIndex = new Map(report.checks.map((check, i) => [check.id, i]));
  const results = report.results.filter((r) => r.status === 'FAIL' || r.status === 'WAIVED').flatMap((r) => r.findings.map((f) => result(r, f, ruleIndex.get(r.check))));
  const errors = report.results.filter((r) => r.status === 'ERROR');
  const { staleExceptions, unknownExceptions, ...counts } = report.summary;

  const executionNotifications: Notification[] = errors.map((r) => ({
    level: 'error',
    message: { text: `${r.check} on ${r.connector}: ${r.error ?? 'unknown error'}` },
    associatedRule: { id: r.check, ...(ruleIndex.has(r.check) ? { index: ruleIndex.get(r.check) } : {}) },
    properties: { connector: r.connector, ...(r.accountId ? { accountId: r.accountId } : {}), ...(r.errorCode ? { errorCode: r.errorCode } : {}) },
  }));
  const configurationNotifications: Notification[] = [
    ...staleExceptions.map((e): Notification => ({
      level: 'warning',
      message: { text: `stale exception ${e.source}: ${e.check} on ${describeAccount(e.account !== undefined ? e : { connector: e.connector })}${e.resource ? ` (${e.resource})` : ''} matches no finding${e.expired ? `; it expired ${e.expires}` : ''}` },
      properties: { owner: e.owner, expires: e.expires },
    })),
    ...unknownExceptions.map((e): Notification => ({
      level: 'warning',
      message: { text: `unknown exception ${e.source}: ${describeUnknownIds(e)}; it waives nothing` },
      properties: { owner: e.owner, expires: e.expires, unknown: e.unknown },
    })),
  ];

  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: TOOL_NAME, version: toolVersion(), rules } },
        invocations: [
          {
            executionSuccessful: errors.length === 0,
            exitCode: report.summary.exitCode,
            toolExecutionNotifications: executionNotifications,
            toolConfigurationNotifications: configurationNotifications,
            properties: { summary: counts },
          },
        ],
        results,
      },
    ],
  };
  yield* jsonChunks(log);
  yield '\n';
}

function rule(check: CheckDefinition): ReportingDescriptor {
  const helpUri = check.references.find(isAbsoluteUri);
  const tags = ['security', ...Object.entries(check.compliance).flatMap(([framework, controls]) => controls.map((control) => `${framework}/${control}`))];
  return {
    id: check.id,
    name: check.title,
    shortDescription: { text: check.title },
    fullDescription: { text: check.description?.trim() || check.title },
    ...(check.remediation ? { help: { text: check.remediation, markdown: check.remediation } } : {}),
    ...(helpUri ? { helpUri } : {}),
    defaultConfiguration: { level: LEVEL[check.severity] },
    properties: {
      tags: [...new Set(tags)],
      severity: check.severity,
      'security-severity': SECURITY_SEVERITY[check.severity],
      subjects: check.subjects,
      references: check.references,
      compliance: check.compliance,
    },
  };
}

function result(checkResult: CheckResult, finding: Finding, ruleIndex: number | undefined): Result {
  const exception = finding.exception;
  return {
    ruleId: checkResult.check,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    kind: 'fail',
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [
      {
        logicalLocations: [{ ...(finding.name ? { name: finding.name } : {}), fullyQualifiedName: finding.resource, kind: 'resource' }],
      },
    ],
    // The finding's identity: check, account id and resource, never the configured connector id.
    partialFingerprints: { [FINGERPRINT]: finding.id },
    ...(exception?.state === 'active'
      ? { suppressions: [{ kind: 'external', status: 'accepted', justification: exception.reason, properties: { owner: exception.owner, expires: exception.expires, source: exception.source } }] }
      : {}),
    properties: {
      connector: checkResult.connector,
      ...(finding.accountId ?? checkResult.accountId ? { accountId: finding.accountId ?? checkResult.accountId } : {}),
      ...(finding.type ? { assetType: finding.type } : {}),
      severity: finding.severity,
      ...(exception?.state === 'expired' ? { expiredException: exception } : {}),
    },
  };
}

function isAbsoluteUri(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(text);
}
