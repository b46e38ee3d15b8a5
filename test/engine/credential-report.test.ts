import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, type AssetqlEngine } from '../../src/index.js';
import { HEADER, csv, row, writeSnapshot } from '../support/credential-report.js';

const ROOT = row({ user: '<root_account>', access_key_1_active: 'true', access_key_1_last_rotated: '2021-01-01T00:00:00+00:00' });

async function engineFor(reportCsv: string): Promise<AssetqlEngine> {
  return createEngine({ config: { connectors: [{ id: 'acct', provider: 'aws', snapshot: writeSnapshot({ csv: reportCsv }) }] } });
}

const USERS = '{ iamUsers { name arn hasIAMUserCredentials { passwordEnabled passwordLastUsed accessKey1Active accessKey1LastRotated raw { passwordLastUsed } } } }';

describe('credential report parsing', () => {
  const engines: AssetqlEngine[] = [];
  afterAll(() => Promise.all(engines.map((engine) => engine.close())));
  const open = async (text: string) => {
    const engine = await engineFor(text);
    engines.push(engine);
    return engine;
  };

  it('reads quoted user names containing commas', async () => {
    const engine = await open(csv([ROOT, row({ user: 'smith, john+ops=x.y@corp-1' })]));
    const result = await engine.query('{ iamUsers { name arn } }');
    expect(result.data).toEqual({ iamUsers: [{ name: 'smith, john+ops=x.y@corp-1', arn: 'arn:aws:iam::123456789012:user/smith, john+ops=x.y@corp-1' }] });
  });

  it.each([
    ['CRLF line ends', { eol: '\r\n' }],
    ['no trailing newline', { trailingNewline: false }],
    ['CRLF and no trailing newline', { eol: '\r\n', trailingNewline: false }],
  ])('accepts %s', async (_name, options) => {
    const engine = await open(csv([ROOT, row({ user: 'alice', password_enabled: 'true', password_last_used: '2024-01-02T03:04:05+00:00' })], options));
    const result = await engine.query(USERS);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      iamUsers: [{
        name: 'alice', arn: 'arn:aws:iam::123456789012:user/alice',
        hasIAMUserCredentials: { passwordEnabled: true, passwordLastUsed: '2024-01-02T03:04:05.000Z', accessKey1Active: false, accessKey1LastRotated: null, raw: { passwordLastUsed: '2024-01-02T03:04:05+00:00' } },
      }],
    });
  });

  it('reads N/A, no_information and not_supported as null and keeps the text in raw', async () => {
    const engine = await open(csv([ROOT, row({ user: 'never', password_enabled: 'true', password_last_used: 'no_information' })]));
    const result = await engine.query('{ rootUsers { hasIAMUserCredentials { passwordEnabled passwordLastChanged accessKey1LastUsedDate raw { passwordEnabled passwordLastChanged accessKey1LastUsedDate } } } iamUsers { hasIAMUserCredentials { passwordLastUsed raw { passwordLastUsed } } } }');
    expect(result.data).toEqual({
      rootUsers: [{ hasIAMUserCredentials: { passwordEnabled: null, passwordLastChanged: null, accessKey1LastUsedDate: null, raw: { passwordEnabled: 'not_supported', passwordLastChanged: 'not_supported', accessKey1LastUsedDate: 'N/A' } } }],
      iamUsers: [{ hasIAMUserCredentials: { passwordLastUsed: null, raw: { passwordLastUsed: 'no_information' } } }],
    });
  });

  it('reads a root-only report: one root user, no IAM users', async () => {
    const engine = await open(csv([ROOT]));
    const result = await engine.query('{ rootUsers { arn accountId hasIAMUserCredentials { accessKey1Active } } iamUsers { name } }');
    expect(result.data).toEqual({ rootUsers: [{ arn: 'arn:aws:iam::123456789012:root', accountId: '123456789012', hasIAMUserCredentials: { accessKey1Active: true } }], iamUsers: [] });
  });

  it('never lists the root row as an IAM user', async () => {
    const engine = await open(csv([ROOT, row({ user: 'bob' })]));
    const result = await engine.query('{ iamUsers { name } }');
    expect(result.data).toEqual({ iamUsers: [{ name: 'bob' }] });
  });

  it('parses columns by name: reordered and unknown extra columns', async () => {
    const cells = row({ user: 'carol', mfa_active: 'true' });
    const header = HEADER.split(',');
    const order = [...header.keys()].reverse();
    const text = [[...order.map((i) => header[i]), 'future_column'].join(','), ...[ROOT, cells].map((r) => [...order.map((i) => r[i]), 'x'].join(','))].join('\n');
    const engine = await open(text);
    const result = await engine.query('{ iamUsers { name hasIAMUserCredentials { mfaActive } } rootUsers { arn } }');
    expect(result.data).toEqual({ iamUsers: [{ name: 'carol', hasIAMUserCredentials: { mfaActive: true } }], rootUsers: [{ arn: 'arn:aws:iam::123456789012:root' }] });
  });

  it('fails closed on a missing or renamed column, naming it', async () => {
    const engine = await open(csv([ROOT], { header: HEADER.replace('mfa_active', 'mfa_enabled') }));
    const result = await engine.query('{ rootUsers { arn } }');
    expect(result.data).toBeNull();
    expect(result.errors?.[0].message).toMatch(/credential-report\.csv line 1: header lacks mfa_active/);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'ACCOUNT_DATA_UNAVAILABLE', connectors: [{ id: 'acct', code: 'CredentialReportMalformed' }] });
  });

  it('fails closed on a row with the wrong number of fields, naming the line', async () => {
    const short = row({ user: 'dave' }).slice(0, 21);
    const engine = await open(csv([ROOT, row({ user: 'ok' }), short]));
    const result = await engine.query('{ iamUsers { name } }');
    expect(result.data).toBeNull();
    expect(result.errors?.[0].message).toMatch(/credential-report\.csv line 4: expected 22 fields, found 21/);
  });

  it('fails closed on a value that is not of its column type', async () => {
    const engine = await open(csv([ROOT, row({ user: 'eve', access_key_1_active: 'yes' })]));
    const active = await engine.query('{ iamUsers(where: { hasIAMUserCredentials: { accessKey1Active: true } }) { name } }');
    expect(active.errors?.[0].message).toMatch(/line 3: access_key_1_active: "yes" is not true, false or N\/A/);
    // Every cell is checked, whichever the query reads: the row is unreadable as a whole.
    const rotated = await (await open(csv([ROOT, row({ user: 'eve', access_key_1_last_rotated: 'yesterday' })]))).query('{ iamUsers { name } }');
    expect(rotated.errors?.[0].message).toMatch(/line 3: access_key_1_last_rotated: "yesterday" is not an ISO-8601 timestamp/);
  });

  it('fails closed on an empty report', async () => {
    const engine = await open('');
    const result = await engine.query('{ rootUsers { arn } }');
    expect(result.errors?.[0].message).toMatch(/credential-report\.csv is empty: the command that writes it failed/);
  });
});
