import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { CheckValidationError } from '../../src/checks/problems.js';
import type { CheckResult } from '../../src/checks/results.js';
import { createEngine, type AssetqlEngine } from '../../src/create-engine.js';
import type { LoadEvent } from '../../src/engine/types.js';
import { DOCUMENTED_CHECK, FIXTURES, NOW, tempDir, writeConfig } from './helpers.js';

let temp: ReturnType<typeof tempDir>;
let engine: AssetqlEngine | undefined;
beforeEach(() => {
  temp = tempDir();
});
afterEach(async () => {
  await engine?.close();
  engine = undefined;
  temp.cleanup();
});

const ALL_ACCOUNTS = {
  'key1-active': 'key1-active',
  'key2-active': 'key2-active',
  'inactive-keys': 'inactive-keys',
  clean: 'clean',
  missing: null,
  unreadable: path.join(FIXTURES, 'unreadable-account'),
};

async function open(options: { checks?: string[]; onLoad?: (event: LoadEvent) => void } = {}): Promise<AssetqlEngine> {
  engine = await createEngine({ config: writeConfig(temp.dir, { accounts: ALL_ACCOUNTS, checks: options.checks }), now: NOW, onLoad: options.onLoad });
  return engine;
}

function byConnector(results: readonly CheckResult[], check: string): Record<string, CheckResult> {
  return Object.fromEntries(results.filter((r) => r.check === check).map((r) => [r.connector, r]));
}

describe('the documented check over the fixture accounts', () => {
  test('an active root key 1 or key 2 fails, inactive keys pass, unreadable accounts are ERROR, never PASS', async () => {
    const report = await (await open()).runChecks({ checks: [DOCUMENTED_CHECK] });
    const results = byConnector(report.results, DOCUMENTED_CHECK);
    expect(Object.fromEntries(Object.entries(results).map(([id, r]) => [id, r.status]))).toEqual({
      'key1-active': 'FAIL',
      'key2-active': 'FAIL',
      'inactive-keys': 'PASS',
      clean: 'PASS',
      missing: 'ERROR',
      unreadable: 'ERROR',
    });
    expect(report.summary).toMatchObject({ pass: 2, fail: 2, error: 2, waived: 0, exitCode: 2, now: '2024-06-15T00:00:00.000Z' });
  });

  test('a finding names the account at fault (returnPath: connector) by its account id, with severity and remediation', async () => {
    const report = await (await open()).runChecks({ checks: [DOCUMENTED_CHECK], connectors: ['key2-active'] });
    expect(report.results[0].accountId).toBe('222222222222');
    const [finding, ...rest] = report.results[0].findings;
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ id: `${DOCUMENTED_CHECK}|222222222222|222222222222`, resource: '222222222222', accountId: '222222222222', name: 'key2-active', type: 'Connector', severity: 'critical' });
    expect(finding.remediation).toContain('Delete the root user');
  });

  test('ERROR carries the connector error code and message', async () => {
    const report = await (await open()).runChecks({ checks: [DOCUMENTED_CHECK], connectors: ['missing', 'unreadable'] });
    const results = byConnector(report.results, DOCUMENTED_CHECK);
    expect(results.missing).toMatchObject({ status: 'ERROR', errorCode: 'SnapshotIdentityMissing', findings: [] });
    expect(results.missing.error).toMatch(/^SnapshotIdentityMissing: .*has no snapshot\.json, sts\/get-caller-identity\.json or credential-report\.csv/);
    expect(results.unreadable).toMatchObject({ status: 'ERROR', errorCode: 'CredentialReportMalformed' });
  });
});

describe('expectations and returnPath over real account data', () => {
  const extra = [path.join(FIXTURES, 'valid')];

  test('eq [] without returnPath: the finding is the element itself (the root user, by ARN)', async () => {
    const report = await (await open({ checks: extra })).runChecks({ checks: ['fixture-root-without-mfa'], connectors: ['key1-active', 'key2-active'] });
    const results = byConnector(report.results, 'fixture-root-without-mfa');
    expect(results['key1-active'].status).toBe('PASS');
    expect(results['key2-active'].status).toBe('FAIL');
    expect(results['key2-active'].findings.map((f) => [f.resource, f.type, f.accountId])).toEqual([['arn:aws:iam::222222222222:root', 'RootUser', '222222222222']]);
  });

  test('neq []: an empty result fails, and the finding names the account', async () => {
    const report = await (await open({ checks: extra })).runChecks({ checks: ['fixture-some-user-has-mfa'], connectors: ['key1-active', 'key2-active', 'inactive-keys', 'clean'] });
    const results = byConnector(report.results, 'fixture-some-user-has-mfa');
    expect(results['key1-active'].status).toBe('PASS');
    expect(results.clean.status).toBe('PASS');
    expect(results['key2-active'].status).toBe('FAIL');
    expect(results['key2-active'].findings).toHaveLength(1);
    expect(results['key2-active'].findings[0]).toMatchObject({ resource: '222222222222', accountId: '222222222222', value: [] });
    expect(results['key2-active'].findings[0].message).toContain('expected neq [], got []');
    expect(results['inactive-keys'].status).toBe('FAIL');
  });

  test('count lte 1 with a nested returnPath: each element narrowed to its credentials row', async () => {
    const report = await (await open({ checks: extra })).runChecks({ checks: ['fixture-at-most-one-user'], connectors: ['key1-active', 'clean'] });
    const results = byConnector(report.results, 'fixture-at-most-one-user');
    expect(results['key1-active'].status).toBe('PASS');
    expect(results.clean.status).toBe('FAIL');
    expect(results.clean.findings.map((f) => f.resource).sort()).toEqual(['arn:aws:iam::444444444444:user/ci-deploy', 'arn:aws:iam::444444444444:user/dave']);
    expect(results.clean.findings[0].value).toHaveProperty('user');
  });

  test('each query sees only its own account: one finding per failing account, never another account\'s', async () => {
    const report = await (await open()).runChecks({ checks: [DOCUMENTED_CHECK], connectors: ['key1-active', 'key2-active'] });
    for (const result of report.results) expect(result.findings.map((f) => [f.resource, f.name])).toEqual([[result.accountId, result.connector]]);
    expect(report.results.map((r) => r.accountId)).toEqual(['111111111111', '222222222222']);
  });
});

describe('a run', () => {
  test('loads each account\'s data once, however many checks read it', async () => {
    const starts: string[] = [];
    const e = await open({ checks: [path.join(FIXTURES, 'valid')], onLoad: (event) => event.state === 'start' && starts.push(`${event.connector}/${event.data}`) });
    const report = await e.runChecks({ connectors: ['key1-active', 'key2-active', 'clean'] });
    expect(report.summary.checks).toBe(e.checks().length);
    expect(report.summary.checks).toBeGreaterThanOrEqual(4);
    expect(starts.length).toBeGreaterThan(0);
    expect(new Set(starts).size).toBe(starts.length);
  });

  test('--check, --severity and --connector narrow it; unknown ids are refused', async () => {
    const e = await open({ checks: [path.join(FIXTURES, 'valid')] });
    const bySeverity = await e.runChecks({ severities: ['high', 'info'], connectors: ['clean'] });
    const ran = bySeverity.results.map((r) => `${r.check}@${r.connector}`);
    expect(ran).toEqual(expect.arrayContaining(['fixture-at-most-one-user@clean', 'fixture-root-without-mfa@clean']));
    expect(ran).not.toContain(`${DOCUMENTED_CHECK}@clean`);
    expect(bySeverity.results.every((r) => r.connector === 'clean' && ['high', 'info'].includes(r.severity))).toBe(true);
    const byId = await e.runChecks({ checks: ['fixture-root-without-mfa', DOCUMENTED_CHECK], connectors: ['clean', 'key1-active'] });
    expect(byId.results.map((r) => `${r.check}@${r.connector}`).sort()).toEqual([
      `${DOCUMENTED_CHECK}@clean`,
      `${DOCUMENTED_CHECK}@key1-active`,
      'fixture-root-without-mfa@clean',
      'fixture-root-without-mfa@key1-active',
    ]);
    await expect(e.runChecks({ checks: ['no-such-check'] })).rejects.toThrow(CheckValidationError);
    await expect(e.runChecks({ connectors: ['no-such-account'] })).rejects.toThrow(/no connector "no-such-account"/);
  });

  test('registerCheck validates up front and the new check runs', async () => {
    const e = await open();
    expect(() => e.registerCheck({ id: 'bad', title: 'Bad', severity: 'low', query: '{ iamUsers(where: { nme: "x" }) { id } }', expect: 'eq []' })).toThrow(/nme/);
    expect(() => e.registerCheck({ id: DOCUMENTED_CHECK, title: 'Again', severity: 'low', query: '{ iamUsers { id } }', expect: 'eq []' })).toThrow(/already defined/);
    const definition = e.registerCheck({ id: 'no-users', title: 'No IAM users', severity: 'low', query: 'iamUsers { arn }', expect: 'eq []' });
    expect(definition.references).toEqual([]);
    expect(e.checks().map((c) => c.id)).toContain('no-users');
    const report = await e.runChecks({ checks: ['no-users'], connectors: ['key1-active'] });
    expect(report.results[0]).toMatchObject({ status: 'FAIL', findings: [{ resource: 'arn:aws:iam::111111111111:user/alice' }] });
  });

  test('an invalid stored check stops the run instead of being skipped', async () => {
    const e = await open({ checks: [path.join(FIXTURES, 'invalid')] });
    await expect(e.runChecks()).rejects.toThrow(CheckValidationError);
  });
});
