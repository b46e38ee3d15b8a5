/**
 * Data that cannot be read is an ERROR for its account, never a value a
 * filter skips past (issue 10's false passes), on the snapshot path. The
 * live path is in test/aws/fail-closed.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/checks/results.js';
import { createEngine } from '../../src/index.js';
import { csv, row, writeSnapshot, type SnapshotSpec } from '../support/credential-report.js';

const NOW = '2024-06-15T00:00:00Z';
const GOOD_POLICY = { MinimumPasswordLength: 14, PasswordReusePrevention: 24, RequireSymbols: true };
const GOOD_SUMMARY = { AccountAccessKeysPresent: 0, AccountMFAEnabled: 1 };
const ROOT = row({ user: '<root_account>', mfa_active: 'true', password_last_used: '2020-01-01T00:00:00+00:00' });

/** Runs the whole bundled pack on one account; results by check id. */
async function pack(spec: SnapshotSpec): Promise<Record<string, CheckResult>> {
  const engine = await createEngine({ config: { connectors: [{ id: 'acct', provider: 'aws', snapshot: writeSnapshot(spec) }] }, now: NOW });
  try {
    const report = await engine.runChecks();
    return Object.fromEntries(report.results.map((result) => [result.check, result]));
  } finally {
    await engine.close();
  }
}

describe('credential report values that are not what AWS writes', () => {
  it.each([
    ['a month 13, day 45, hour 99', '2019-13-45T99:99:99+00:00'],
    ['30 February', '2023-02-30T10:00:00+00:00'],
    ['no zone', '2023-01-10T08:00:00'],
    ['a date without a time', '2023-01-10'],
  ])('a timestamp with %s makes the checks that read it ERROR, not PASS', async (_case, stamp) => {
    const results = await pack({
      csv: csv([ROOT, row({ user: 'deploy', access_key_1_active: 'true', access_key_1_last_rotated: stamp, access_key_1_last_used_date: stamp })]),
      summary: GOOD_SUMMARY,
      policy: GOOD_POLICY,
    });
    for (const check of ['aws-iam-users-access-keys-not-rotated-90-days', 'aws-iam-users-credentials-unused-45-days']) {
      expect(results[check].status, check).toBe('ERROR');
      expect(results[check].error).toMatch(/line 3: access_key_1_last_(rotated|used_date): ".*" is not an ISO-8601 timestamp with a zone/);
    }
    // Checks that never read the broken row still decide.
    expect(results['aws-password-policy-minimum-length-below-14'].status).toBe('PASS');
  });

  it('a malformed cell that a query selects (not filters on) is that account\'s error, not a crash of the process', async () => {
    const dir = writeSnapshot({ csv: csv([ROOT, row({ user: 'bob', access_key_1_active: 'true', access_key_1_last_rotated: 'yesterday' })]) });
    const engine = await createEngine({ config: { connectors: [{ id: 'acct', provider: 'aws', snapshot: dir }] }, storedChecks: false });
    const result = await engine.query('{ iamUsers { name hasIAMUserCredentials { accessKey1LastRotated } } }');
    expect(result.data).toBeNull();
    expect(result.errors?.[0].message).toMatch(/line 3: access_key_1_last_rotated: "yesterday" is not an ISO-8601 timestamp/);
  });

  it('two <root_account> rows make the root checks ERROR: the second could be the real one', async () => {
    const secondRoot = row({ user: '<root_account>', access_key_1_active: 'true', access_key_1_last_rotated: '2021-01-01T00:00:00+00:00', mfa_active: 'false' });
    const results = await pack({ csv: csv([ROOT, row({ user: 'alice' }), secondRoot]), summary: GOOD_SUMMARY, policy: GOOD_POLICY });
    for (const check of ['aws-root-users-with-access-key', 'aws-root-users-without-mfa', 'aws-root-users-used-recently']) {
      expect(results[check].status, check).toBe('ERROR');
      expect(results[check].error).toMatch(/line 4: a second <root_account> row \(the first is on line 2\)/);
    }
  });

  it('a second root row written with quotes is found too', async () => {
    const text = csv([ROOT]) + '"<root_account>"' + csv([row({ user: '<root_account>' })], { header: '' }).slice(1 + '<root_account>'.length);
    const results = await pack({ csv: text, summary: GOOD_SUMMARY, policy: GOOD_POLICY });
    expect(results['aws-root-users-with-access-key'].status).toBe('ERROR');
  });
});

describe('password policy and account summary values of the wrong type', () => {
  it.each([
    ['a string length', { ...GOOD_POLICY, MinimumPasswordLength: 'abc' }, 'PasswordPolicy.MinimumPasswordLength: expected an integer from 6 to 128, found "abc"'],
    ['an object length', { ...GOOD_POLICY, MinimumPasswordLength: {} }, 'PasswordPolicy.MinimumPasswordLength: expected an integer from 6 to 128, found an object'],
    ['a length out of range', { ...GOOD_POLICY, MinimumPasswordLength: 400 }, 'expected an integer from 6 to 128, found 400'],
    ['a string reuse count', { ...GOOD_POLICY, PasswordReusePrevention: '24' }, 'PasswordPolicy.PasswordReusePrevention: expected an integer from 1 to 24, found "24"'],
    ['a boolean as text', { ...GOOD_POLICY, RequireSymbols: 'true' }, 'PasswordPolicy.RequireSymbols: expected true or false, found "true"'],
  ])('%s makes both policy checks ERROR naming file and field', async (_case, policy, message) => {
    const results = await pack({ csv: csv([ROOT]), summary: GOOD_SUMMARY, policy });
    for (const check of ['aws-password-policy-minimum-length-below-14', 'aws-password-policy-reuse-prevention-below-24']) {
      expect(results[check].status, check).toBe('ERROR');
      expect(results[check].errorCode).toBe('PasswordPolicyMalformed');
      expect(results[check].error).toContain('password-policy.json: ');
      expect(results[check].error).toContain(message);
    }
  });

  it('a policy file that is not {"PasswordPolicy": {...}} is ERROR', async () => {
    const results = await pack({ csv: csv([ROOT]), summary: GOOD_SUMMARY, policy: '{"MinimumPasswordLength": 14}' });
    expect(results['aws-password-policy-minimum-length-below-14'].error).toContain('PasswordPolicy: expected an object, found undefined');
  });

  it('a summary count that is not a whole number is ERROR', async () => {
    const results = await pack({ csv: csv([ROOT]), summary: '{"SummaryMap": {"AccountAccessKeysPresent": 0.5, "AccountMFAEnabled": 1}}', policy: GOOD_POLICY });
    expect(results['aws-account-summary-root-access-keys-present'].status).toBe('ERROR');
    expect(results['aws-account-summary-root-access-keys-present'].error).toContain('SummaryMap.AccountAccessKeysPresent: expected an integer');
  });
});

describe.each([
  { reads: 'asynchronous', blockingReads: false },
  { reads: 'blocking', blockingReads: true },
])('snapshot files that are not files ($reads reads)', ({ blockingReads }) => {
  const query = '{ iamPasswordPolicies { minimumPasswordLength } }';
  const engineOver = (dir: string) => createEngine({ config: { connectors: [{ id: 'acct', provider: 'aws', snapshot: dir }] }, storedChecks: false, blockingReads });

  it('reads text outside ASCII as UTF-8 (AWS CLI output nearly always is ASCII, which is read faster)', async () => {
    const dir = writeSnapshot({ csv: csv([ROOT, row({ user: 'jos\u00e9-\u65e5\u672c-\u{1F511}' })]), summary: GOOD_SUMMARY });
    const result = await (await engineOver(dir)).query('{ iamUsers { name } }');
    expect(result.data).toEqual({ iamUsers: [{ name: 'jos\u00e9-\u65e5\u672c-\u{1F511}' }] });
  });

  it('a FIFO is an error at once, not a run that hangs', async () => {
    const dir = writeSnapshot({ csv: csv([ROOT]), summary: GOOD_SUMMARY });
    execFileSync('mkfifo', [path.join(dir, 'password-policy.json')]);
    const engine = await engineOver(dir);
    const result = await engine.query(query);
    expect(result.errors?.[0].message).toMatch(/password-policy\.json: not a regular file \(a FIFO\)/);
    expect(result.errors?.[0].extensions?.connectors).toEqual([expect.objectContaining({ code: 'SnapshotUnreadable' })]);
  });

  it('a link to /dev/zero is an error, not a read that fills memory', async () => {
    const dir = writeSnapshot({ csv: csv([ROOT]), summary: GOOD_SUMMARY });
    symlinkSync('/dev/zero', path.join(dir, 'password-policy.json'));
    const result = await (await engineOver(dir)).query(query);
    expect(result.errors?.[0].message).toMatch(/not a regular file \(a device\)/);
  });

  it('a folder where a file belongs is an error', async () => {
    const dir = writeSnapshot({ csv: csv([ROOT]), summary: GOOD_SUMMARY });
    mkdirSync(path.join(dir, 'password-policy.json'));
    const result = await (await engineOver(dir)).query(query);
    expect(result.errors?.[0].message).toMatch(/not a regular file \(a folder\)/);
  });

  it('an unparsable file is named with its place, never quoted', async () => {
    const dir = writeSnapshot({ csv: csv([ROOT]), summary: GOOD_SUMMARY });
    writeFileSync(path.join(dir, 'secret.txt'), 'root:$6$saltsalt$hashhashhash:19000:0:99999:7:::\n');
    symlinkSync(path.join(dir, 'secret.txt'), path.join(dir, 'password-policy.json'));
    const result = await (await engineOver(dir)).query(query);
    const message = result.errors?.[0].message ?? '';
    expect(message).toMatch(/password-policy\.json: not valid JSON/);
    expect(message).not.toContain('root:');
    expect(message).not.toContain('hash');
  });

  it('an empty file says the command that writes it failed', async () => {
    const dir = writeSnapshot({ csv: csv([ROOT]), summary: GOOD_SUMMARY, policy: '' });
    const result = await (await engineOver(dir)).query(query);
    expect(result.errors?.[0].message).toMatch(/password-policy\.json is empty: the command that writes it failed \(run aws iam get-account-password-policy and see its error\)/);
  });
});

describe('messages about snapshot files', () => {
  it('name files relative to the config, never by a path of this machine', async () => {
    const root = path.dirname(writeSnapshot({}));
    const dir = writeSnapshot({ csv: csv([ROOT]), summary: GOOD_SUMMARY, policy: '{"PasswordPolicy": {"MinimumPasswordLength": "x"}}' }, root);
    const config = path.join(root, 'assetql.config.yaml');
    writeFileSync(config, `connectors:\n  - id: acct\n    provider: aws\n    snapshot: ./${path.basename(dir)}\n`);
    const engine = await createEngine({ config, now: NOW });
    const report = await engine.runChecks({ checks: ['aws-password-policy-minimum-length-below-14'] });
    const error = report.results[0].error ?? '';
    expect(error).toContain(`${path.basename(dir)}/password-policy.json: PasswordPolicy.MinimumPasswordLength`);
    expect(error).not.toContain(root);
  });
});
