/**
 * The engine's own faults stay its own (issue 10): an internal error is not
 * an unreadable account, a session is opaque, and the account-data cache
 * neither starts a second load of data still loading nor loses a newer one.
 */
import { describe, expect, it } from 'vitest';
import { ConnectorError, type Connector } from '../../src/sources/connector.js';
import { fromMethods, type AccountMethods } from '../support/method-connector.js';
import { createEngine } from '../../src/index.js';
import { csv, row } from '../support/credential-report.js';

const REPORT = csv([row({ user: '<root_account>' })]);

/** A connector built in code, counting the loads of each source. */
function connector(overrides: Partial<AccountMethods> = {}): Connector & { calls: Record<string, number> } {
  const calls: Record<string, number> = {};
  const methods: AccountMethods = {
    identify: async () => ({ accountId: '123456789012', name: 'custom' }),
    credentialReport: async () => ({ csv: REPORT, generatedAt: null }),
    accountSummary: async () => ({ AccountMFAEnabled: 1 }),
    passwordPolicy: async () => null,
    ...overrides,
  };
  const counted = Object.fromEntries(
    Object.entries(methods).map(([name, method]) => [name, () => ((calls[name] = (calls[name] ?? 0) + 1), (method as () => Promise<unknown>)())]),
  ) as unknown as AccountMethods;
  return Object.assign(fromMethods('custom', counted), { calls });
}

describe('internal faults', () => {
  it('are INTERNAL_ERROR, not an account that could not be read', async () => {
    const broken = connector({
      accountSummary: async () => {
        throw new TypeError("Cannot read properties of undefined (reading 'SummaryMap')");
      },
    });
    const engine = await createEngine({ connectors: [broken], storedChecks: false });
    const result = await engine.query('{ iamAccountSummaries { accountMFAEnabled } }');
    expect(result.errors?.[0].message).toBe("internal error: TypeError: Cannot read properties of undefined (reading 'SummaryMap')");
    expect(result.errors?.[0].extensions?.code).toBe('INTERNAL_ERROR');
    expect(result.errors?.[0].extensions?.connectors).toBeUndefined();
  });
});

describe('sessions', () => {
  it('only one made by the engine is accepted, with a clear error otherwise', async () => {
    const engine = await createEngine({ connectors: [connector()], storedChecks: false });
    const other = await createEngine({ connectors: [connector()], storedChecks: false });
    await expect(engine.query('{ connectors { id } }', undefined, { session: { now: new Date() } })).rejects.toThrow(/session: not a session of this engine/);
    await expect(engine.query('{ connectors { id } }', undefined, { session: other.createSession() })).rejects.toThrow(/not a session of this engine/);
    expect((await engine.query('{ connectors { id } }', undefined, { session: engine.createSession() })).data).toEqual({ connectors: [{ id: 'custom' }] });
  });
});

describe('the cross-request cache', () => {
  it('shares a load still running past its TTL instead of starting a second one', async () => {
    let finish!: () => void;
    const slow = connector({ credentialReport: () => new Promise((resolve) => (finish = () => resolve({ csv: REPORT, generatedAt: null }))) });
    const engine = await createEngine({ connectors: [slow], storedChecks: false, cacheTtlMs: 20 });
    const first = engine.query('{ rootUsers { id } }');
    await new Promise((resolve) => setTimeout(resolve, 60));
    const second = engine.query('{ rootUsers { id } }');
    await new Promise((resolve) => setTimeout(resolve, 10));
    finish();
    expect((await first).errors).toBeUndefined();
    expect((await second).errors).toBeUndefined();
    expect(slow.calls.credentialReport).toBe(1);
  });

  it('keeps a newer entry when an older, failed load settles after it', async () => {
    const settle: ((outcome: 'ok' | 'fail') => void)[] = [];
    const flaky = connector({
      accountSummary: () =>
        new Promise((resolve, reject) => settle.push((outcome) => (outcome === 'ok' ? resolve({ AccountMFAEnabled: 1 }) : reject(new TypeError('boom'))))),
    });
    const engine = await createEngine({ connectors: [flaky], storedChecks: false, cacheTtlMs: 60_000 });
    const query = '{ iamAccountSummaries { accountMFAEnabled } }';
    const first = engine.query(query);
    await new Promise((resolve) => setTimeout(resolve, 10));
    engine.close(); // clears the cache: the next query starts a new load while the first is still out
    const second = engine.query(query);
    await new Promise((resolve) => setTimeout(resolve, 10));
    settle[1]('ok');
    expect((await second).errors).toBeUndefined();
    settle[0]('fail');
    expect((await first).errors?.[0].extensions?.code).toBe('INTERNAL_ERROR');
    // The third query is served by the second load's cache entry: no new call.
    expect((await engine.query(query)).errors).toBeUndefined();
    expect(flaky.calls.accountSummary).toBe(2);
  });
});

describe('account graphs kept across requests while their data is cached', () => {
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const mfa = '{ iamAccountSummaries { accountMFAEnabled } }';

  it('answer from the cache until it expires, then from what is read anew', async () => {
    let enabled = 1;
    const account = connector({ accountSummary: async () => ({ AccountMFAEnabled: enabled }) });
    const engine = await createEngine({ connectors: [account], storedChecks: false, cacheTtlMs: 30 });
    expect((await engine.query(mfa)).data).toEqual({ iamAccountSummaries: [{ accountMFAEnabled: 1 }] });
    enabled = 0;
    expect((await engine.query(mfa)).data).toEqual({ iamAccountSummaries: [{ accountMFAEnabled: 1 }] });
    await wait(60);
    expect((await engine.query(mfa)).data).toEqual({ iamAccountSummaries: [{ accountMFAEnabled: 0 }] });
    expect(account.calls.accountSummary).toBe(2);
  });

  it('never keep a failure: the next request reads again, within the TTL', async () => {
    let reads = 0;
    const account = connector({
      accountSummary: async () => {
        if (++reads === 1) throw new ConnectorError('custom', 'Throttling', 'rate exceeded');
        return { AccountMFAEnabled: 1 };
      },
    });
    const engine = await createEngine({ connectors: [account], storedChecks: false, cacheTtlMs: 60_000 });
    expect((await engine.query(mfa)).errors?.[0].extensions?.code).toBe('ACCOUNT_DATA_UNAVAILABLE');
    expect((await engine.query(mfa)).data).toEqual({ iamAccountSummaries: [{ accountMFAEnabled: 1 }] });
    // The rest of the account, read by the failed request, is still served from the cache.
    expect(account.calls).toMatchObject({ accountSummary: 2, identify: 1 });
  });

  it('stay the same for the whole of a session (a check run), even past the TTL', async () => {
    let enabled = 1;
    const account = connector({ accountSummary: async () => ({ AccountMFAEnabled: enabled }) });
    const engine = await createEngine({ connectors: [account], storedChecks: false, cacheTtlMs: 30 });
    const session = engine.createSession();
    await engine.query(mfa, undefined, { session });
    enabled = 0;
    await wait(60);
    expect((await engine.query(mfa, undefined, { session })).data).toEqual({ iamAccountSummaries: [{ accountMFAEnabled: 1 }] });
    expect((await engine.query(mfa)).data).toEqual({ iamAccountSummaries: [{ accountMFAEnabled: 0 }] });
  });

  it('are dropped with the cache on close: the next request reads again', async () => {
    const account = connector();
    const engine = await createEngine({ connectors: [account], storedChecks: false, cacheTtlMs: 60_000 });
    await engine.query(mfa);
    await engine.query(mfa);
    await engine.close();
    await engine.query(mfa);
    expect(account.calls.accountSummary).toBe(2);
  });
});

describe('a query asked to stop', () => {
  it('stops between accounts with an error, not an answer', async () => {
    const controller = new AbortController();
    const stopping = connector({ identify: async () => (controller.abort(), { accountId: '123456789012', name: 'custom' }) });
    const engine = await createEngine({ connectors: [stopping], storedChecks: false });
    const result = await engine.query('{ rootUsers { arn } }', undefined, { signal: controller.signal });
    expect(result.data).toBeNull();
    expect(result.errors?.[0].extensions?.code).toBe('ABORTED');
  });

  it('does not start on a signal already aborted', async () => {
    const engine = await createEngine({ connectors: [connector()], storedChecks: false });
    const result = await engine.query('{ connectors { id } }', undefined, { signal: AbortSignal.abort() });
    expect(result.errors?.[0].message).toMatch(/stopped before it finished/);
  });
});
