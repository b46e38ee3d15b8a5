import { describe, expect, it } from 'vitest';
import {
  ConnectorError,
  createEngine,
  notConfigured,
  type AccountIdentity,
  type Connector,
  type LoadEvent,
  type SourceRead,
  type SourceSpec,
} from '../../src/index.js';
import { csv, row } from '../support/credential-report.js';

/**
 * A connector another service might write: data from its own store, counted.
 * `read` answers a source with what the AWS CLI prints for its command.
 */
class InMemoryAccount implements Connector {
  readonly provider = 'aws' as const;
  readonly calls = { identify: 0, credentialReport: 0, accountSummary: 0, passwordPolicy: 0 };
  constructor(readonly id: string, private readonly accountId: string, private readonly rootKeyActive: boolean, private readonly failWith?: string) {}
  async identify(): Promise<AccountIdentity> {
    this.calls.identify++;
    return { accountId: this.accountId, name: `Account ${this.id}` };
  }
  async read(source: SourceSpec): Promise<SourceRead> {
    const origin = 'memory';
    switch (source.id) {
      case 'iam/get-credential-report': {
        this.calls.credentialReport++;
        if (this.failWith) throw new ConnectorError(this.id, this.failWith, 'the report could not be fetched');
        const root = row({ user: '<root_account>', access_key_1_active: String(this.rootKeyActive) }, this.accountId);
        return { value: { Content: csv([root, row({ user: 'svc' }, this.accountId)]), GeneratedTime: '2024-06-14T12:00:00+00:00' }, origin };
      }
      case 'iam/get-account-summary':
        this.calls.accountSummary++;
        return { value: { SummaryMap: { AccountAccessKeysPresent: this.rootKeyActive ? 1 : 0, AccountMFAEnabled: 1 } }, origin };
      case 'iam/get-account-password-policy':
        this.calls.passwordPolicy++;
        return { value: notConfigured('NoSuchEntity', 'no custom policy'), origin };
      default:
        throw new ConnectorError(this.id, 'NotCollected', `${source.id} is not in this store`);
    }
  }
}

const ROOT_KEYS = '{ rootUsers(where: { hasIAMUserCredentials: { OR: [{ accessKey1Active: true }, { accessKey2Active: true }] } }) { connector { ...AssetFragment } } }';

describe('the library API, as another service uses it', () => {
  it('queries connectors built in code, with typed results', async () => {
    const engine = await createEngine({ connectors: [new InMemoryAccount('a', '111111111111', true), new InMemoryAccount('b', '222222222222', false)] });
    const result = await engine.query(ROOT_KEYS);
    expect(result.data).toEqual({ rootUsers: [{ connector: { __typename: 'Connector', id: 'a', name: 'Account a', accountId: '111111111111', provider: 'aws' } }] });
    const generated = await engine.query('{ rootUsers { hasIAMUserCredentials { reportGeneratedAt } } }', undefined, { connectors: ['b'] });
    expect(generated.data).toEqual({ rootUsers: [{ hasIAMUserCredentials: { reportGeneratedAt: '2024-06-14T12:00:00.000Z' } }] });
    await engine.close();
  });

  it('loads each account once per query however many fields ask', async () => {
    const account = new InMemoryAccount('a', '111111111111', true);
    const engine = await createEngine({ connectors: [account] });
    await engine.query('{ rootUsers { arn } iamUsers { name } again: iamUsers { arn } connectors { id } iamAccountSummaries { accountMFAEnabled } p: iamPasswordPolicies { isDefault } q: iamPasswordPolicies { minimumPasswordLength } }');
    expect(account.calls).toEqual({ identify: 1, credentialReport: 1, accountSummary: 1, passwordPolicy: 1 });
  });

  it('shares loaded data across the queries of one session, and not across sessions', async () => {
    const account = new InMemoryAccount('a', '111111111111', true);
    const engine = await createEngine({ connectors: [account] });
    const session = engine.createSession();
    await engine.query('{ rootUsers { arn } }', undefined, { session });
    await engine.query('{ iamUsers { name } }', undefined, { session });
    expect(account.calls.credentialReport).toBe(1);
    await engine.query('{ iamUsers { name } }');
    expect(account.calls.credentialReport).toBe(2);
  });

  it('lets go of one account on release: that account is read again in the session, the others are not', async () => {
    const a = new InMemoryAccount('a', '111111111111', true);
    const b = new InMemoryAccount('b', '222222222222', true);
    const engine = await createEngine({ connectors: [a, b] });
    const session = engine.createSession();
    await engine.query('{ iamUsers { name } }', undefined, { session });
    session.release?.('a');
    const again = await engine.query('{ iamUsers { name } }', undefined, { session });
    expect(again.errors).toBeUndefined();
    expect([a.calls.credentialReport, b.calls.credentialReport]).toEqual([2, 1]);
  });

  it('reuses data across queries for cacheTtlMs', async () => {
    const account = new InMemoryAccount('a', '111111111111', true);
    const engine = await createEngine({ connectors: [account], cacheTtlMs: 60_000 });
    await engine.query('{ rootUsers { arn } }');
    await engine.query('{ iamUsers { name } }');
    expect(account.calls.credentialReport).toBe(1);
  });

  it('scopes a query to some connectors', async () => {
    const a = new InMemoryAccount('a', '111111111111', true);
    const b = new InMemoryAccount('b', '222222222222', true);
    const engine = await createEngine({ connectors: [a, b] });
    const result = await engine.query('{ connectors { id } }', undefined, { connectors: ['b'] });
    expect(result.data).toEqual({ connectors: [{ id: 'b' }] });
    expect(a.calls.identify).toBe(0);
    const unknown = await engine.query('{ connectors { id } }', undefined, { connectors: ['c'] });
    expect(unknown.errors?.[0].message).toBe('unknown connector c (configured: a, b)');
  });

  it('answers what it could read, with an error naming each account it could not, never silently', async () => {
    const engine = await createEngine({ connectors: [new InMemoryAccount('a', '111111111111', true), new InMemoryAccount('b', '222222222222', false, 'AccessDenied')] });
    const result = await engine.query(ROOT_KEYS);
    expect(result.data).toEqual({ rootUsers: [{ connector: { __typename: 'Connector', id: 'a', name: 'Account a', accountId: '111111111111', provider: 'aws' } }] });
    expect(result.errors?.map((e) => [e.message, e.path])).toEqual([['connector b: the report could not be fetched', ['rootUsers']]]);
    expect(result.errors?.[0].extensions).toEqual({
      code: 'ACCOUNT_DATA_UNAVAILABLE',
      connectors: [{ id: 'b', code: 'AccessDenied', message: 'connector b: the report could not be fetched' }],
    });
  });

  it('fails the field when no account could be read: an empty list would read as "nothing found"', async () => {
    const engine = await createEngine({ connectors: [new InMemoryAccount('a', '111111111111', false, 'AccessDenied'), new InMemoryAccount('b', '222222222222', false, 'AccessDenied')] });
    const result = await engine.query(ROOT_KEYS);
    expect(result.data).toBeNull();
    expect(result.errors?.[0].message).toBe('2 of 2 accounts could not be read: connector a: the report could not be fetched; connector b: the report could not be fetched');
  });

  it('returns validation errors in the result, with locations, and prepare() throws them', async () => {
    const engine = await createEngine({ connectors: [] });
    const result = await engine.query('{ rootUsers(where: { bogus: 1 }) { arn } }');
    expect(result.errors?.map((e) => [e.message, e.locations])).toEqual([['Field "bogus" is not defined by type "RootUserWhere".', [{ line: 1, column: 22 }]]]);
    expect(() => engine.prepare('{ rootUsers { nope } }')).toThrow(/1:15: Cannot query field "nope" on type "RootUser"/);
    expect(engine.prepare('iamUsers { ...AssetFragment }').source).toContain('fragment AssetFragment on Asset');
  });

  it('reports progress through onLoad', async () => {
    const events: LoadEvent[] = [];
    const engine = await createEngine({ connectors: [new InMemoryAccount('a', '111111111111', true)], onLoad: (event) => events.push(event) });
    await engine.query('{ rootUsers { arn } }');
    expect(events.map((e) => `${e.connector} ${e.data} ${e.state}`).sort()).toEqual(['a iam/get-credential-report done', 'a iam/get-credential-report start', 'a identity done', 'a identity start']);
  });
});
