import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';

const CONFIG = path.join(import.meta.dirname, '../fixtures/accounts/assetql.config.yaml');
const DOCUMENTED_QUERY = '{ rootUsers(where: { hasIAMUserCredentials: { OR: [{ accessKey1Active: true }, { accessKey2Active: true }] } }) { connector { ...AssetFragment } } }';

describe('the documented query, verbatim', async () => {
  const engine = await createEngine({ config: CONFIG });
  afterAll(() => engine.close());

  it('returns exactly the accounts whose root has an active key 1 or key 2', async () => {
    const result = await engine.query(DOCUMENTED_QUERY);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      rootUsers: [
        { connector: { __typename: 'Connector', id: 'key1-active', name: 'key1-active', accountId: '111111111111', provider: 'aws' } },
        { connector: { __typename: 'Connector', id: 'key2-active', name: 'key2-active', accountId: '222222222222', provider: 'aws' } },
      ],
    });
  });

  it('does not count inactive keys that still have a rotation date', async () => {
    const result = await engine.query(DOCUMENTED_QUERY, undefined, { connectors: ['inactive-keys'] });
    expect(result).toEqual({ data: { rootUsers: [] } });
  });

  it('runs with the outer braces left out and commas omitted, as catalogues store it', async () => {
    const result = await engine.query(
      'rootUsers(where: { hasIAMUserCredentials: { OR: [{ accessKey1Active: true } { accessKey2Active: true }] } }) { connector { ...AssetFragment } }',
    );
    expect((result.data?.rootUsers as unknown[]).length).toBe(2);
  });

  it('spreads AssetFragment directly on assets too', async () => {
    const result = await engine.query('{ iamUsers(where: { name: "alice" }) { ...AssetFragment } }');
    expect(result.data).toEqual({
      iamUsers: [{ __typename: 'IAMUser', id: 'arn:aws:iam::111111111111:user/alice', name: 'alice', accountId: '111111111111', provider: 'aws' }],
    });
  });

  it('leaves a document that defines its own AssetFragment alone', async () => {
    const result = await engine.query('{ connectors(where: { id: "clean" }) { ...AssetFragment } } fragment AssetFragment on Asset { id }');
    expect(result).toEqual({ data: { connectors: [{ id: 'clean' }] } });
  });
});
