import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SnapshotConnector, createEngine } from '../../src/index.js';
import { csv, row, writeSnapshot } from '../support/credential-report.js';

const REPORT = csv([row({ user: '<root_account>' }, '555555555555'), row({ user: 'ann' }, '555555555555')]);

// Servers read asynchronously, one-shot CLI runs synchronously: the same answers and the same errors either way.
describe.each([
  { reads: 'asynchronous', blockingReads: false },
  { reads: 'blocking', blockingReads: true },
])('snapshot folders ($reads reads)', ({ blockingReads }) => {
  async function queryOne(snapshot: string, document: string) {
    // The connector itself, not a config: a config refuses a folder that is not there (test/config), a connector meets one that went away.
    const engine = await createEngine({ connectors: [new SnapshotConnector({ id: 'acct', dir: snapshot, blockingReads })] });
    return engine.query(document);
  }

  it('take the account id from the root ARN and the name from snapshot.json aliases', async () => {
    const dir = writeSnapshot({ csv: REPORT, metadata: { reportGeneratedAt: '2024-06-01T00:00:00Z', accountAliases: ['acme-prod'] } });
    const result = await queryOne(dir, '{ connectors { id name accountId provider } rootUsers { hasIAMUserCredentials { reportGeneratedAt } } }');
    expect(result.data).toEqual({
      connectors: [{ id: 'acct', name: 'acme-prod', accountId: '555555555555', provider: 'aws' }],
      rootUsers: [{ hasIAMUserCredentials: { reportGeneratedAt: '2024-06-01T00:00:00.000Z' } }],
    });
  });

  it('read the account summary as written by aws iam get-account-summary', async () => {
    const dir = writeSnapshot({ csv: REPORT, summary: { AccountAccessKeysPresent: 1, AccountMFAEnabled: 0, Users: 1 } });
    const result = await queryOne(dir, '{ iamAccountSummaries { id accountAccessKeysPresent accountMFAEnabled hasIAMAccountSummaryItem { key value } } }');
    expect(result.data).toEqual({
      iamAccountSummaries: [{
        id: '555555555555/iam-account-summary', accountAccessKeysPresent: 1, accountMFAEnabled: 0,
        hasIAMAccountSummaryItem: [{ key: 'AccountAccessKeysPresent', value: 1 }, { key: 'AccountMFAEnabled', value: 0 }, { key: 'Users', value: 1 }],
      }],
    });
  });

  it('give an account without password-policy.json AWS default policy, marked as such', async () => {
    const dir = writeSnapshot({ csv: REPORT });
    const result = await queryOne(dir, '{ iamPasswordPolicies(where: { minimumPasswordLength_LT: 14 }) { isDefault minimumPasswordLength requireSymbols expirePasswords maxPasswordAge passwordReusePrevention allowUsersToChangePassword } }');
    expect(result.data).toEqual({
      iamPasswordPolicies: [{ isDefault: true, minimumPasswordLength: 8, requireSymbols: false, expirePasswords: false, maxPasswordAge: null, passwordReusePrevention: null, allowUsersToChangePassword: false }],
    });
  });

  it('read a custom password policy, absent optional fields as null', async () => {
    const dir = writeSnapshot({ csv: REPORT, policy: { MinimumPasswordLength: 16, RequireSymbols: true, ExpirePasswords: true, MaxPasswordAge: 90 } });
    const result = await queryOne(dir, '{ iamPasswordPolicies { isDefault minimumPasswordLength requireSymbols maxPasswordAge passwordReusePrevention } }');
    expect(result.data).toEqual({ iamPasswordPolicies: [{ isDefault: false, minimumPasswordLength: 16, requireSymbols: true, maxPasswordAge: 90, passwordReusePrevention: null }] });
  });

  it.each([
    ['a missing folder', () => path.join(mkdtempSync(path.join(tmpdir(), 'assetql-')), 'gone'), '{ rootUsers { arn } }', /snapshot folder .*gone does not exist/, 'SnapshotMissing'],
    ['a folder without the report or any other identity', () => writeSnapshot({}), '{ rootUsers { arn } }', /has no snapshot\.json, sts\/get-caller-identity\.json or credential-report\.csv to tell its account id/, 'SnapshotIdentityMissing'],
    ['a folder without the report', () => writeSnapshot({ metadata: { accountId: '123456789012' } }), '{ rootUsers { arn } }', /credential-report\.csv is missing: not collected \(write it with aws iam get-credential-report > /, 'SnapshotFileMissing'],
    ['invalid JSON in the summary', () => writeSnapshot({ csv: REPORT, summary: '{"SummaryMap": {' }), '{ iamAccountSummaries { accountMFAEnabled } }', /account-summary\.json: not valid JSON/, 'JsonMalformed'],
    ['a summary of the wrong shape', () => writeSnapshot({ csv: REPORT, summary: '{"Summary": {}}' }), '{ iamAccountSummaries { accountMFAEnabled } }', /account-summary\.json: SummaryMap: expected an object/, 'AccountSummaryMalformed'],
    ['a missing summary (fail closed)', () => writeSnapshot({ csv: REPORT }), '{ iamAccountSummaries { accountMFAEnabled } }', /account-summary\.json is missing/, 'SnapshotFileMissing'],
    ['invalid JSON in the policy', () => writeSnapshot({ csv: REPORT, policy: 'nope' }), '{ iamPasswordPolicies { isDefault } }', /password-policy\.json: not valid JSON/, 'JsonMalformed'],
    ['a missing folder asked for its policy', () => path.join(tmpdir(), 'assetql-no-such-folder'), '{ iamPasswordPolicies { isDefault } }', /does not exist/, 'SnapshotMissing'],
  ])('fail closed on %s, naming the file', async (_name, makeDir, document, message, code) => {
    const result = await queryOne(makeDir(), document);
    expect(result.data).toBeNull();
    expect(result.errors?.[0].message).toMatch(message);
    expect(result.errors?.[0].extensions?.connectors).toEqual([expect.objectContaining({ id: 'acct', code })]);
  });
});
