import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { dump } from 'js-yaml';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { parseExceptions } from '../../src/checks/exceptions.js';
import { CheckValidationError, formatProblem } from '../../src/checks/problems.js';
import { renderReport } from '../../src/checks/report/index.js';
import { createEngine } from '../../src/create-engine.js';
import { ACCOUNTS, DOCUMENTED_CHECK, NOW, tempDir, writeConfig } from './helpers.js';

/**
 * A finding's identity is the check, the AWS account id and the resource:
 * renaming a connector (or moving from hand-made snapshots to Organization
 * discovery, where connectors are named by account id) changes neither the
 * finding id, nor its SARIF fingerprint, nor which `account:` exception
 * covers it.
 */

const KEY2_ACCOUNT = '222222222222';
// The account itself (the documented check's returnPath: connector) and an IAM user (its ARN). Summary and
// password-policy assets still have connector-based ids until the engine gives them account-based ones.
const CHECKS = [DOCUMENTED_CHECK, 'aws-iam-users-credentials-unused-45-days', 'aws-password-policy-minimum-length-below-14'];
const ACCOUNT_BASED = [DOCUMENTED_CHECK, 'aws-iam-users-credentials-unused-45-days'];

let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir();
});
afterEach(() => temp.cleanup());

/** The key2-active fixture account, configured under `connector`, with these exceptions. */
async function runAs(connector: string, exceptions: Record<string, unknown>[] = []) {
  const file = path.join(temp.dir, `exceptions-${connector}.yaml`);
  writeFileSync(file, dump({ exceptions }));
  const config = writeConfig(temp.dir, { accounts: { [connector]: path.join(ACCOUNTS, 'key2-active') }, exceptions: file });
  const engine = await createEngine({ config, now: NOW });
  try {
    return await engine.runChecks({ checks: CHECKS });
  } finally {
    await engine.close();
  }
}

const exception = (fields: Record<string, unknown>) => ({ check: DOCUMENTED_CHECK, owner: 'alice@example.com', reason: 'approved', expires: '2030-01-01', ...fields });

describe('finding identity', () => {
  test('a renamed connector, or one named by its account id as Organization discovery does, keeps every finding id and SARIF fingerprint', async () => {
    const before = await runAs('legacy-prod');
    const renamed = await runAs('production');
    const discovered = await runAs(KEY2_ACCOUNT);
    const ids = (report: typeof before) => report.results.filter((r) => ACCOUNT_BASED.includes(r.check)).flatMap((r) => r.findings.map((f) => f.id)).sort();
    const fingerprints = (report: typeof before) =>
      JSON.parse(renderReport(report, 'sarif'))
        .runs[0].results.filter((r: { ruleId: string }) => ACCOUNT_BASED.includes(r.ruleId))
        .map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['assetql/finding/v2'])
        .sort();

    expect(ids(before).length).toBeGreaterThanOrEqual(2);
    expect(ids(before).every((id) => id.split('|')[1] === KEY2_ACCOUNT)).toBe(true);
    expect(ids(renamed)).toEqual(ids(before));
    expect(ids(discovered)).toEqual(ids(before));
    expect(fingerprints(renamed)).toEqual(fingerprints(before));
    expect(fingerprints(discovered)).toEqual(fingerprints(before));
    expect(before.results.map((r) => r.accountId)).toEqual(CHECKS.map(() => KEY2_ACCOUNT));
  });

  test('an exception naming the account by account id covers the finding under any connector name', async () => {
    for (const connector of ['legacy-prod', 'production', KEY2_ACCOUNT]) {
      const report = await runAs(connector, [exception({ account: KEY2_ACCOUNT })]);
      const result = report.results.find((r) => r.check === DOCUMENTED_CHECK)!;
      expect([connector, result.status, result.findings[0].exception?.state]).toEqual([connector, 'WAIVED', 'active']);
      expect(report.summary.staleExceptions).toEqual([]);
    }
  });

  test('an exception naming the connector stops covering it once the connector is renamed, and says so', async () => {
    const named = [exception({ connector: 'legacy-prod' })];
    expect((await runAs('legacy-prod', named)).results.find((r) => r.check === DOCUMENTED_CHECK)!.status).toBe('WAIVED');
    const renamed = await runAs('production', named);
    expect(renamed.results.find((r) => r.check === DOCUMENTED_CHECK)!.status).toBe('FAIL');
    expect(renamed.summary.unknownExceptions).toEqual([expect.objectContaining({ connector: 'legacy-prod', unknown: ['connector'] })]);
  });

  test('an account id no configured account has is reported as unknown when every account ran; as stale when in scope and matching nothing', async () => {
    const unknown = await runAs('production', [exception({ account: '999999999999' })]);
    expect(unknown.summary.unknownExceptions).toEqual([expect.objectContaining({ account: '999999999999', unknown: ['account'] })]);
    expect(renderReport(unknown, 'table')).toContain('no configured account has the id "999999999999"; it waives nothing');

    const stale = await runAs('production', [exception({ account: KEY2_ACCOUNT, check: 'aws-password-policy-minimum-length-below-14', resource: 'nothing-here' })]);
    expect(stale.summary.staleExceptions).toEqual([expect.objectContaining({ account: KEY2_ACCOUNT, connector: 'production', resource: 'nothing-here' })]);
  });
});

describe('writing an exception by account', () => {
  const problems = (entry: Record<string, unknown>) => {
    try {
      parseExceptions(dump({ exceptions: [entry] }), 'exceptions.yaml');
    } catch (error) {
      return (error as CheckValidationError).problems.map(formatProblem);
    }
    return [];
  };

  test('takes a quoted 12-digit account id, or a connector id, but not both and not neither', () => {
    expect(problems(exception({ account: KEY2_ACCOUNT }))).toEqual([]);
    expect(problems(exception({ connector: 'prod' }))).toEqual([]);
    expect(problems(exception({ account: 222222222222 }))).toEqual(['exceptions.yaml:6:5: exceptions[0].account: a quoted 12-digit account id such as "123456789012"']);
    expect(problems(exception({ account: '2222' }))).toEqual(['exceptions.yaml:6:5: exceptions[0].account: a 12-digit AWS account id such as "123456789012"']);
    expect(problems(exception({ account: KEY2_ACCOUNT, connector: 'prod' }))).toEqual(['exceptions.yaml:6:5: exceptions[0].account: name the account by account or by connector, not both']);
    expect(problems(exception({}))).toEqual(['exceptions.yaml:2:5: exceptions[0]: required: account (the 12-digit account id) or connector']);
  });
});
