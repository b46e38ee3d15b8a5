import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { renderReport } from '../../src/checks/report/index.js';
import type { CheckRunReport } from '../../src/checks/results.js';
import { createEngine } from '../../src/create-engine.js';
import { sarifValidator } from '../support/json-schemas.js';
import { DOCUMENTED_CHECK, FIXTURES, NOW, tempDir, writeConfig } from './helpers.js';

/**
 * One run with every status (PASS, FAIL with an expired exception, WAIVED,
 * ERROR) and a stale exception, rendered in each format and parsed back.
 */
let report: CheckRunReport;
const temp = tempDir();
beforeAll(async () => {
  const config = writeConfig(temp.dir, {
    accounts: { 'key1-active': 'key1-active', 'key2-active': 'key2-active', clean: 'clean', missing: null },
    checks: [path.join(FIXTURES, 'valid')],
    exceptions: path.join(FIXTURES, 'exceptions/approved.yaml'),
  });
  const engine = await createEngine({ config, now: NOW });
  report = await engine.runChecks({ checks: [DOCUMENTED_CHECK, 'fixture-root-without-mfa'] });
  await engine.close();
});
afterAll(() => temp.cleanup());

const statusOf = (check: string, connector: string) => report.results.find((r) => r.check === check && r.connector === connector)?.status;

test('the run under test has every status', () => {
  expect(statusOf(DOCUMENTED_CHECK, 'key1-active')).toBe('WAIVED');
  expect(statusOf(DOCUMENTED_CHECK, 'key2-active')).toBe('FAIL');
  expect(statusOf(DOCUMENTED_CHECK, 'clean')).toBe('PASS');
  expect(statusOf(DOCUMENTED_CHECK, 'missing')).toBe('ERROR');
  expect(report.summary.staleExceptions.map((e) => e.connector)).toEqual(['clean', 'clean']);
});

describe('json', () => {
  test('is the documented contract: the tool, each check once, results with account ids, and the summary', () => {
    const parsed = JSON.parse(renderReport(report, 'json'));
    expect(Object.keys(parsed)).toEqual(['tool', 'checks', 'results', 'summary']);
    expect(parsed.tool).toEqual({ name: 'assetql', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(parsed.checks.map((c: { id: string }) => c.id)).toEqual([DOCUMENTED_CHECK, 'fixture-root-without-mfa']);
    expect(parsed.checks[0]).toMatchObject({ severity: 'critical', remediation: expect.stringContaining('Delete'), compliance: { 'cis-aws-foundations-v3.0.0': ['1.4'] } });
    for (const result of parsed.results) {
      expect(result).toEqual(expect.objectContaining({ check: expect.any(String), connector: expect.any(String), compliance: expect.any(Object), status: expect.stringMatching(/^(PASS|FAIL|ERROR|WAIVED)$/), findings: expect.any(Array) }));
      expect(result).toHaveProperty('accountId');
      if (result.status === 'ERROR') expect(result.error).toEqual(expect.any(String));
      else expect(result).not.toHaveProperty('error');
      // Remediation is written once, in `checks`: 100,000 findings must not repeat it 100,000 times.
      for (const finding of result.findings) expect(finding).not.toHaveProperty('remediation');
    }
    const failed = parsed.results.find((r: { check: string; connector: string }) => r.check === DOCUMENTED_CHECK && r.connector === 'key2-active');
    expect(failed).toMatchObject({ accountId: '222222222222', compliance: { 'cis-aws-foundations-v3.0.0': ['1.4'] } });
    expect(failed.findings[0]).toMatchObject({ id: `${DOCUMENTED_CHECK}|222222222222|222222222222`, resource: '222222222222', accountId: '222222222222', severity: 'critical', exception: { state: 'expired', expires: '2024-06-01T00:00:00.000Z' } });
    expect(parsed.summary).toMatchObject({ pass: expect.any(Number), fail: 2, error: 2, waived: 1, exitCode: 2, now: '2024-06-15T00:00:00.000Z' });
  });
});

describe('sarif', () => {
  const validate = sarifValidator();

  test('is valid against the official SARIF 2.1.0 schema', () => {
    const log = JSON.parse(renderReport(report, 'sarif'));
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  test('the schema catches what it should (a result without a message, an invented level)', () => {
    const log = JSON.parse(renderReport(report, 'sarif'));
    delete log.runs[0].results[0].message;
    expect(validate(log)).toBe(false);
    const level = JSON.parse(renderReport(report, 'sarif'));
    level.runs[0].results[0].level = 'critical';
    expect(validate(level)).toBe(false);
  });

  test('rules carry severity, remediation and compliance; results carry the asset; waivers are suppressions; errors are notifications', () => {
    const [run] = JSON.parse(renderReport(report, 'sarif')).runs;
    const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === DOCUMENTED_CHECK);
    expect(rule).toMatchObject({ defaultConfiguration: { level: 'error' }, help: { markdown: expect.stringContaining('Delete') }, properties: { severity: 'critical', tags: expect.arrayContaining(['cis-aws-foundations-v3.0.0/1.4']) } });

    const results = run.results.filter((r: { ruleId: string }) => r.ruleId === DOCUMENTED_CHECK);
    const connectors = results.map((r: { properties: { connector: string } }) => r.properties.connector).sort();
    expect(connectors).toEqual(['key1-active', 'key2-active']);
    const waived = results.find((r: { properties: { connector: string } }) => r.properties.connector === 'key1-active');
    expect(waived.suppressions).toEqual([expect.objectContaining({ kind: 'external', status: 'accepted', properties: expect.objectContaining({ owner: 'alice@example.com' }) })]);
    const failed = results.find((r: { properties: { connector: string } }) => r.properties.connector === 'key2-active');
    expect(failed).not.toHaveProperty('suppressions');
    expect(failed.properties).toMatchObject({ accountId: '222222222222', expiredException: { expires: '2024-06-01T00:00:00.000Z' } });
    expect(failed.partialFingerprints).toEqual({ 'assetql/finding/v2': `${DOCUMENTED_CHECK}|222222222222|222222222222` });
    expect(failed.locations[0].logicalLocations[0]).toMatchObject({ fullyQualifiedName: '222222222222', kind: 'resource' });

    const [invocation] = run.invocations;
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications.map((n: { properties: { connector: string } }) => n.properties.connector)).toEqual(['missing', 'missing']);
    expect(invocation.toolConfigurationNotifications).toHaveLength(2);
  });
});

describe('junit', () => {
  test('is well-formed XML: a suite per check, a case per account, failure/error/skipped by status', () => {
    const xml = renderReport(report, 'junit');
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name) }).parse(xml);
    const suites = parsed.testsuites.testsuite;
    expect(parsed.testsuites).toMatchObject({ tests: String(report.results.length), failures: '2', errors: '2', skipped: '1' });
    const suite = suites.find((s: { name: string }) => s.name === DOCUMENTED_CHECK);
    const cases = Object.fromEntries(suite.testcase.map((c: { name: string }) => [c.name, c]));
    expect(cases.clean.failure).toBeUndefined();
    expect(cases['key2-active'].failure).toMatchObject({ type: 'critical' });
    expect(cases['key2-active'].failure['#text']).toContain('Remediation:');
    expect(cases['key2-active'].failure['#text']).toContain('expired 2024-06-01');
    expect(cases.missing.error).toMatchObject({ type: 'SnapshotIdentityMissing' });
    expect(cases['key1-active'].skipped.message).toContain('alice@example.com');
  });
});

describe('table', () => {
  test('a row per result, findings and errors beneath, stale exceptions and a summary; colour only when asked', () => {
    const plain = renderReport(report, 'table');
    expect(plain).not.toContain('\u001b[');
    expect(plain).toMatch(/^WAIVED\s+critical\s+aws-root-users-with-access-key\s+key1-active\s+1$/m);
    expect(plain).toMatch(/^FAIL\s+critical\s+aws-root-users-with-access-key\s+key2-active\s+1$/m);
    expect(plain).toContain('waived until 2030-01-01 by alice@example.com');
    expect(plain).toContain('(owner bob@example.com) expired 2024-06-01');
    expect(plain).toContain('error: SnapshotIdentityMissing');
    expect(plain).toContain('remediation: Delete the root user');
    expect(plain).toMatch(/stale exception .*approved\.yaml:17: aws-root-users-with-access-key \/ clean/);
    expect(plain).toContain('passed, 2 failed, 2 errors, 1 waived');
    expect(renderReport(report, 'table', { color: true })).toContain('\u001b[31mFAIL');
  });
});
