import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { createConnectors } from '../../src/sources/create-connectors.js';
import { createEngine } from '../../src/index.js';
import type { LoadEvent } from '../../src/engine/types.js';
import { FAST, useLoopbackOrganization, MANAGEMENT, PRODUCTION, SANDBOX, STAGING } from './fixtures.js';

/** The documented query: root users with an active access key. */
const ROOT_USERS_WITH_ACTIVE_KEYS = `{
  rootUsers(where: { hasIAMUserCredentials: { OR: [{ accessKey1Active: true }, { accessKey2Active: true }] } }) {
    connector { ...AssetFragment }
  }
}`;

const connector = (id: string, name: string) => ({ connector: { __typename: 'Connector', id, name, accountId: id, provider: 'aws' } });
const EXPECTED = { rootUsers: [connector(PRODUCTION, 'Production'), connector(STAGING, 'Staging')] };
const ORGANIZATION = { connectors: [{ discover: 'organization' }] };

/** Engine over the discovered Organization, with millisecond timings. */
async function organizationEngine(extra: { onLoad?: (event: LoadEvent) => void; awsTiming?: typeof FAST } = {}) {
  const connectors = await createConnectors(parseConfig(ORGANIZATION, { baseDir: process.cwd() }), { awsTiming: extra.awsTiming ?? FAST });
  return createEngine({ config: ORGANIZATION, connectors, onLoad: extra.onLoad });
}

describe('live Organization through the engine', () => {
  const aws = useLoopbackOrganization();
  afterEach(() => {
    // Each test starts with no report anywhere, so each generates its own.
    for (const account of aws.endpoint.world.accounts.values()) account.report = { status: 'none' };
  });

  it('discovers the management account and three members and answers the documented query', async () => {
    const engine = await organizationEngine();
    try {
      expect(engine.connectors.map((c) => c.id)).toEqual([MANAGEMENT, PRODUCTION, STAGING, SANDBOX]);
      const result = await engine.query(ROOT_USERS_WITH_ACTIVE_KEYS);
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual(EXPECTED);
    } finally {
      await engine.close();
    }
  });

  it('reads a config object with the default timings and SDK retries', async () => {
    const engine = await createEngine({ config: { connectors: [{ id: 'audit', provider: 'aws' }] } });
    try {
      const result = await engine.query('{ connectors { ...AssetFragment } iamUsers { name } iamPasswordPolicies { isDefault minimumPasswordLength } }');
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({
        connectors: [{ __typename: 'Connector', id: 'audit', name: 'acme-management', accountId: MANAGEMENT, provider: 'aws' }],
        iamUsers: [{ name: 'ops+admin@acme' }],
        iamPasswordPolicies: [{ isDefault: false, minimumPasswordLength: 14 }],
      });
      // STARTED, then (after the default 500 ms poll wait) COMPLETE.
      expect(aws.endpoint.count('GenerateCredentialReport')).toBe(2);
    } finally {
      await engine.close();
    }
  });

  it('under 30% throttling still answers correctly and fetches each report once per run', async () => {
    aws.endpoint.addFault({ error: 'Throttling', rate: 0.3 });
    const engine = await organizationEngine();
    try {
      const session = engine.createSession();
      const first = await engine.query(ROOT_USERS_WITH_ACTIVE_KEYS, undefined, { session });
      const second = await engine.query('{ iamUsers { arn } rootUsers { arn } iamAccountSummaries { accountAccessKeysPresent } }', undefined, { session });
      expect(first.errors).toBeUndefined();
      expect(first.data).toEqual(EXPECTED);
      expect(second.errors).toBeUndefined();
      expect((second.data as { rootUsers: unknown[] }).rootUsers).toHaveLength(4);
      expect(aws.endpoint.calls.filter((c) => c.error === 'Throttling').length).toBeGreaterThan(5);
      for (const account of [MANAGEMENT, PRODUCTION, STAGING, SANDBOX]) {
        expect(aws.endpoint.count('GetCredentialReport', { account, ok: true })).toBe(1);
      }
    } finally {
      await engine.close();
    }
  });

  it('reports an AccessDenied account as an error with the AWS code and leaves the others alone', async () => {
    aws.endpoint.addFault({ actions: ['GenerateCredentialReport', 'GetCredentialReport'], account: STAGING, error: 'AccessDenied' });
    const events: LoadEvent[] = [];
    const engine = await organizationEngine({ onLoad: (event) => events.push(event) });
    try {
      const session = engine.createSession();
      const result = await engine.query(ROOT_USERS_WITH_ACTIVE_KEYS, undefined, { session });
      // The readable accounts' rows, and an error beside them naming the account missing from them (data plus errors).
      expect(result.data).toEqual({ rootUsers: [connector(PRODUCTION, 'Production')] });
      expect(result.errors).toHaveLength(1);
      expect(result.errors![0].path).toEqual(['rootUsers']);
      expect(result.errors![0].extensions).toMatchObject({
        connectors: [{ id: STAGING, code: 'AccessDenied', message: expect.stringContaining('iam:GenerateCredentialReport') }],
      });
      expect(events).toContainEqual(expect.objectContaining({ connector: STAGING, data: 'iam/get-credential-report', state: 'failed' }));
      expect(events.filter((e) => e.state === 'done' && e.data === 'iam/get-credential-report').map((e) => e.connector).sort()).toEqual([MANAGEMENT, PRODUCTION, SANDBOX]);
      expect(JSON.stringify(result)).not.toContain('fake-secret');

      // The other accounts' data is whole and already loaded: no second fetch.
      const others = await engine.query(ROOT_USERS_WITH_ACTIVE_KEYS, undefined, { session, connectors: [MANAGEMENT, PRODUCTION, SANDBOX] });
      expect(others).toEqual({ data: { rootUsers: [connector(PRODUCTION, 'Production')] } });
      for (const account of [MANAGEMENT, PRODUCTION, SANDBOX]) expect(aws.endpoint.count('GetCredentialReport', { account })).toBe(1);
    } finally {
      await engine.close();
    }
  });

  it('does not let a slow account hold the others', async () => {
    aws.endpoint.addFault({ actions: ['GenerateCredentialReport'], account: SANDBOX, latencyMs: 3_000 });
    const engine = await organizationEngine({ awsTiming: { ...FAST, reportDeadlineMs: 300 } });
    try {
      const session = engine.createSession();
      const started = Date.now();
      const result = await engine.query(ROOT_USERS_WITH_ACTIVE_KEYS, undefined, { session });
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(result.errors![0].extensions).toMatchObject({ connectors: [{ id: SANDBOX, code: 'Timeout' }] });
      const others = await engine.query(ROOT_USERS_WITH_ACTIVE_KEYS, undefined, { session, connectors: [MANAGEMENT, PRODUCTION, STAGING] });
      expect(others).toEqual({ data: EXPECTED });
    } finally {
      await engine.close();
    }
  });
});
