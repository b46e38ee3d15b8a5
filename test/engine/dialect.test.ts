import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import { csv, row, writeSnapshot } from '../support/credential-report.js';

// One account whose users each exercise a different corner of the dialect.
const dir = writeSnapshot({
  csv: csv([
    row({ user: '<root_account>', mfa_active: 'true' }),
    row({
      user: 'u-alpha', password_enabled: 'true', password_last_used: '2024-06-10T09:00:00+00:00', mfa_active: 'true',
      access_key_1_active: 'true', access_key_1_last_rotated: '2024-01-01T00:00:00+00:00',
      access_key_1_last_used_date: '2024-06-01T00:00:00+00:00', access_key_1_last_used_region: 'us-east-1', access_key_1_last_used_service: 's3',
    }),
    row({ user: 'u-beta', password_enabled: 'true', password_last_used: 'no_information', access_key_1_active: 'true', access_key_1_last_rotated: '2023-01-01T00:00:00+00:00' }),
    row({ user: "o'brien, pat" }),
    row({ user: 'u-gamma', access_key_2_active: 'true', access_key_2_last_rotated: '2024-05-01T00:00:00+00:00' }),
  ]),
  summary: { Users: 4, MFADevices: 1, AccountMFAEnabled: 1, AccountAccessKeysPresent: 0 },
  policy: { MinimumPasswordLength: 12, RequireSymbols: true, ExpirePasswords: false, AllowUsersToChangePassword: true },
});
const ALL = ['u-alpha', 'u-beta', "o'brien, pat", 'u-gamma'];
const NOW = '2024-06-15T00:00:00Z';

describe('where: every form of the dialect', async () => {
  const engine = await createEngine({ config: { connectors: [{ id: 'dialect', provider: 'aws', snapshot: dir }] }, now: NOW });
  afterAll(() => engine.close());

  async function users(where: string, variables?: Record<string, unknown>): Promise<string[]> {
    const signature = variables ? `(${Object.keys(variables).map((name) => `$${name}: ${variableTypes[name]}`).join(', ')})` : '';
    const result = await engine.query(`query${signature} { iamUsers(where: ${where}) { name } }`, variables);
    expect(result.errors).toBeUndefined();
    return (result.data!.iamUsers as { name: string }[]).map((user) => user.name);
  }
  const variableTypes: Record<string, string> = { since: 'DateTime', active: 'BooleanEquality', names: '[String]' };

  async function errorsOf(where: string, root = 'iamUsers', select = 'name'): Promise<string[]> {
    const result = await engine.query(`{ ${root}(where: ${where}) { ${select} } }`);
    return (result.errors ?? []).map((error) => `${error.locations?.[0]?.line}:${error.locations?.[0]?.column} ${error.message}`);
  }

  it.each([
    ['plain equality', '{ hasIAMUserCredentials: { mfaActive: true } }', ['u-alpha']],
    ['{ eq: v } equality', '{ hasIAMUserCredentials: { mfaActive: { eq: true } } }', ['u-alpha']],
    ['_NOT', '{ name_NOT: "u-alpha" }', ['u-beta', "o'brien, pat", 'u-gamma']],
    ['_IN', '{ name_IN: ["u-beta", "u-gamma", "nobody"] }', ['u-beta', 'u-gamma']],
    ['_NOT_IN', '{ name_NOT_IN: ["u-beta", "u-gamma"] }', ['u-alpha', "o'brien, pat"]],
    ['_LT on DateTime (ISO)', '{ hasIAMUserCredentials: { accessKey1LastRotated_LT: "2023-06-01T00:00:00Z" } }', ['u-beta']],
    ['_LTE is inclusive', '{ hasIAMUserCredentials: { accessKey1LastRotated_LTE: "2024-01-01T00:00:00Z" } }', ['u-alpha', 'u-beta']],
    ['_GT', '{ hasIAMUserCredentials: { accessKey1LastRotated_GT: "2023-06-01" } }', ['u-alpha']],
    ['_GTE is inclusive', '{ hasIAMUserCredentials: { accessKey2LastRotated_GTE: "2024-05-01T00:00:00+00:00" } }', ['u-gamma']],
    ['date math now-90d', '{ hasIAMUserCredentials: { accessKey1LastRotated_LT: "now-90d" } }', ['u-alpha', 'u-beta']],
    ['date math now-365d', '{ hasIAMUserCredentials: { accessKey1LastRotated_LT: "now-365d" } }', ['u-beta']],
    ['date math in weeks and hours', '{ hasIAMUserCredentials: { passwordLastUsed_GT: "now-1w", passwordLastUsed_LT: "now-12h" } }', ['u-alpha']],
    ['_LT on strings', '{ name_LT: "u-b" }', ['u-alpha', "o'brien, pat"]],
    ['_CONTAINS', '{ name_CONTAINS: "bet" }', ['u-beta']],
    ['_NOT_CONTAINS', '{ name_NOT_CONTAINS: "-" }', ["o'brien, pat"]],
    ['_STARTS_WITH', '{ name_STARTS_WITH: "u-" }', ['u-alpha', 'u-beta', 'u-gamma']],
    ['_NOT_STARTS_WITH', '{ name_NOT_STARTS_WITH: "u-" }', ["o'brien, pat"]],
    ['_ENDS_WITH', '{ name_ENDS_WITH: "a" }', ['u-alpha', 'u-beta', 'u-gamma']],
    ['_NOT_ENDS_WITH', '{ name_NOT_ENDS_WITH: "a" }', ["o'brien, pat"]],
    ['_MATCHES is whole-string', '{ name_MATCHES: "alpha" }', []],
    ['_MATCHES', '{ name_MATCHES: "u-(alpha|gamma)" }', ['u-alpha', 'u-gamma']],
    ['_MATCHES (?i)', '{ name_MATCHES: "(?i)U-ALPHA" }', ['u-alpha']],
    ['f: null matches null (no_information and N/A)', '{ hasIAMUserCredentials: { passwordLastUsed: null } }', ['u-beta', "o'brien, pat", 'u-gamma']],
    ['{ eq: null } is the same', '{ hasIAMUserCredentials: { passwordLastUsed: { eq: null } } }', ['u-beta', "o'brien, pat", 'u-gamma']],
    ['_NOT: null', '{ hasIAMUserCredentials: { passwordLastUsed_NOT: null } }', ['u-alpha']],
    ['_NOT is the negation: null is not equal to true', '{ hasIAMUserCredentials: { accessKey1LastUsedRegion_NOT: "us-east-1" } }', ['u-beta', "o'brien, pat", 'u-gamma']],
    ['order operators never match null', '{ hasIAMUserCredentials: { passwordLastUsed_LT: "now" } }', ['u-alpha']],
    ['raw text tells placeholders apart', '{ hasIAMUserCredentials: { raw: { passwordLastUsed: "no_information" } } }', ['u-beta']],
    ['1:1 relation', '{ connector: { accountId: "123456789012" } }', ALL],
    ['1:1 relation null', '{ hasIAMUserCredentials: null }', []],
    ['sibling keys are AND-ed', '{ name_STARTS_WITH: "u-", hasIAMUserCredentials: { accessKey1Active: true } }', ['u-alpha', 'u-beta']],
    ['AND', '{ AND: [{ name_STARTS_WITH: "u-" }, { name_ENDS_WITH: "ta" }] }', ['u-beta']],
    ['OR', '{ OR: [{ name: "u-alpha" }, { name: "u-gamma" }] }', ['u-alpha', 'u-gamma']],
    ['NOT', '{ NOT: { name_STARTS_WITH: "u-" } }', ["o'brien, pat"]],
    ['empty AND is true', '{ AND: [] }', ALL],
    ['empty OR is false', '{ OR: [] }', []],
    ['empty where', '{}', ALL],
    ['nested logic inside a relation', '{ hasIAMUserCredentials: { OR: [{ accessKey1Active: true }, { accessKey2Active: true }], NOT: { mfaActive: true } } }', ['u-beta', 'u-gamma']],
  ])('%s', async (_name, where, expected) => {
    expect(await users(where)).toEqual(expected);
  });

  it('takes variables, with date math in them', async () => {
    expect(await users('{ hasIAMUserCredentials: { accessKey1LastRotated_LT: $since } }', { since: 'now-365d' })).toEqual(['u-beta']);
    expect(await users('{ hasIAMUserCredentials: { mfaActive: $active } }', { active: { eq: true } })).toEqual(['u-alpha']);
    expect(await users('{ name_IN: $names }', { names: ['u-gamma'] })).toEqual(['u-gamma']);
  });

  it('evaluates date math against the query clock', async () => {
    const result = await engine.query('{ iamUsers(where: { hasIAMUserCredentials: { accessKey1LastRotated_LT: "now-90d" } }) { name } }', undefined, { now: '2024-02-01T00:00:00Z' });
    expect(result.data).toEqual({ iamUsers: [{ name: 'u-beta' }] });
  });

  it('answers a repeated query anew: another clock moves its date math, other variables change its filter', async () => {
    const document = '{ iamUsers(where: { hasIAMUserCredentials: { accessKey1LastRotated_LT: "now-90d" } }) { name } }';
    const at = async (now: string) => ((await engine.query(document, undefined, { now })).data!.iamUsers as { name: string }[]).map((user) => user.name);
    expect(await at('2024-02-01T00:00:00Z')).toEqual(['u-beta']);
    expect(await at(NOW)).toEqual(['u-alpha', 'u-beta']);
    expect(await at('2024-02-01T00:00:00Z')).toEqual(['u-beta']);
    expect(await users('{ name_IN: $names }', { names: ['u-gamma'] })).toEqual(['u-gamma']);
    expect(await users('{ name_IN: $names }', { names: ['u-beta'] })).toEqual(['u-beta']);
  });

  it('filters 1:N relations with _SOME, _NONE, _ALL, _SINGLE', async () => {
    const count = async (where: string) => {
      const result = await engine.query(`{ iamAccountSummaries(where: ${where}) { accountMFAEnabled } }`);
      expect(result.errors).toBeUndefined();
      return (result.data!.iamAccountSummaries as unknown[]).length;
    };
    expect(await count('{ hasIAMAccountSummaryItem_SOME: { key: "Users", value_GTE: 4 } }')).toBe(1);
    expect(await count('{ hasIAMAccountSummaryItem_SOME: { key: "Users", value_GT: 4 } }')).toBe(0);
    expect(await count('{ hasIAMAccountSummaryItem_NONE: { key: "Roles" } }')).toBe(1);
    expect(await count('{ hasIAMAccountSummaryItem_NONE: { key: "Users" } }')).toBe(0);
    expect(await count('{ hasIAMAccountSummaryItem_ALL: { value_GTE: 0 } }')).toBe(1);
    expect(await count('{ hasIAMAccountSummaryItem_ALL: { value_GTE: 1 } }')).toBe(0);
    expect(await count('{ hasIAMAccountSummaryItem_SINGLE: { value: 1 } }')).toBe(0); // MFADevices and AccountMFAEnabled
    expect(await count('{ hasIAMAccountSummaryItem_SINGLE: { key: "Users" } }')).toBe(1);
    expect(await count('{ hasIAMAccountSummaryItem_SOME: {} }')).toBe(1);
    expect(await count('{ hasIAMAccountSummaryItem_SOME: null }')).toBe(0);
  });

  it('compares numbers on the password policy', async () => {
    const result = await engine.query('{ lt: iamPasswordPolicies(where: { minimumPasswordLength_LT: 14 }) { minimumPasswordLength isDefault } ge: iamPasswordPolicies(where: { minimumPasswordLength_GTE: 14 }) { isDefault } }');
    expect(result.data).toEqual({ lt: [{ minimumPasswordLength: 12, isDefault: false }], ge: [] });
  });

  it.each([
    ['a misspelt field', '{ nmae: "u-alpha" }', /1:21 Field "nmae" is not defined by type "IAMUserWhere"/],
    ['an operator the type lacks', '{ hasIAMUserCredentials: { accessKey1Active_LT: true } }', /Field "accessKey1Active_LT" is not defined by type "IAMUserCredentialsWhere"/],
    ['a wrongly typed value', '{ hasIAMUserCredentials: { accessKey1Active: "yes" } }', /1:64 Boolean cannot represent a non boolean value: "yes"/],
    ['a wrongly typed { eq }', '{ hasIAMUserCredentials: { accessKey1Active: { eq: "yes" } } }', /Boolean cannot represent a non boolean value/],
    ['an unknown key beside eq', '{ name: { eq: "a", ne: "b" } }', /String equality takes a value or \{ eq: value \}/],
    ['bad date math', '{ hasIAMUserCredentials: { accessKey1LastRotated_LT: "now-5x" } }', /DateTime cannot represent "now-5x"/],
    ['a date that is not ISO-8601', '{ hasIAMUserCredentials: { accessKey1LastRotated_LT: "March 7" } }', /DateTime cannot represent "March 7"/],
    ['an invalid regular expression', '{ name_MATCHES: "(unclosed" }', /invalid regular expression "\(unclosed"/],
    ['a list where a value belongs', '{ name: ["a"] }', /String cannot represent a non string value/],
  ])('rejects %s before anything runs', async (_name, where, message) => {
    const errors = await errorsOf(where);
    expect(errors.join('\n')).toMatch(message);
  });
});
