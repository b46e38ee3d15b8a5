/**
 * `kmsKey` on DB instances, DB clusters and EFS file systems, through the
 * snapshot path (test/aws/storage-live.test.ts reads the same accounts
 * live): the key from this account's keys of the resource's region, null
 * for no key or another account's key, and the account's ERROR for a key of
 * this account the region does not list or a value that names no key.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssetqlEngine } from '../../src/index.js';
import { PROJECT_ROOT } from '../support/cli.js';
import { snapshotEngines } from '../support/snapshot-engines.js';

const FIXTURES = path.join(PROJECT_ROOT, 'test/fixtures/cis-storage');
const RDS_KEY = '5a1e0001-1111-4222-8333-444455556666';
const ORDERS = 'regions/us-east-1/rds/describe-db-instances.json';

const engineOf = snapshotEngines();

const connectorErrors = (errors: readonly { extensions?: Record<string, unknown> }[] | undefined) => errors?.map((error) => error.extensions?.connectors);

describe('kmsKey of this account, another account, and none', () => {
  let engine: AssetqlEngine;
  beforeAll(async () => void (engine = await engineOf(path.join(FIXTURES, 'compliant'))));

  it('is the customer managed key of the databases, the AWS managed key of each region\'s file system, null for another account\'s', async () => {
    const { data, errors } = await engine.query(`{
      dbInstances { name kmsKeyID kmsKey { keyId region managementType } }
      dbClusters { name kmsKey { keyId managementType } }
      efsFileSystems { name region kmsKey { region managementType description } }
    }`);
    expect(errors).toBeUndefined();
    const customer = { keyId: RDS_KEY, region: 'us-east-1', managementType: 'CustomerManaged' };
    expect(data!.dbInstances).toEqual([
      { name: 'orders', kmsKeyID: `arn:aws:kms:us-east-1:111122223310:key/${RDS_KEY}`, kmsKey: customer },
      { name: 'reports-1', kmsKeyID: `arn:aws:kms:us-east-1:111122223310:key/${RDS_KEY}`, kmsKey: customer },
      // The raw value stays: the key is another account's, judged there.
      { name: 'orders-replica', kmsKeyID: 'arn:aws:kms:eu-west-1:999988887777:key/5a1e0009-9999-4222-8333-444455556666', kmsKey: null },
    ]);
    expect(data!.dbClusters).toEqual([{ name: 'reports', kmsKey: { keyId: RDS_KEY, managementType: 'CustomerManaged' } }]);
    const managed = { managementType: 'AWSManaged', description: 'Default key that protects my EFS filesystems when no other key is defined' };
    expect(data!.efsFileSystems).toEqual([
      { name: 'home', region: 'us-east-1', kmsKey: { region: 'us-east-1', ...managed } },
      { name: 'shared', region: 'eu-west-1', kmsKey: { region: 'eu-west-1', ...managed } },
    ]);
  });

  it('filters through the generated where: by the key\'s fields, and null for none in this account', async () => {
    const { data, errors } = await engine.query(`{
      customer: dbInstances(where: { kmsKey: { managementType: "CustomerManaged" } }) { name }
      notHere: dbInstances(where: { encrypted: true, kmsKey: null }) { name }
      managed: efsFileSystems(where: { kmsKey: { managementType: "AWSManaged" } }) { name }
    }`);
    expect(errors).toBeUndefined();
    expect(data).toEqual({ customer: [{ name: 'orders' }, { name: 'reports-1' }], notHere: [{ name: 'orders-replica' }], managed: [{ name: 'home' }, { name: 'shared' }] });
  });

  it('is null for an unencrypted file system, which names no key', async () => {
    const { data, errors } = await (await engineOf(path.join(FIXTURES, 'efs-unencrypted'))).query('{ efsFileSystems { name encrypted kmsKeyID kmsKey { keyId } } }');
    expect(errors).toBeUndefined();
    expect(data!.efsFileSystems).toContainEqual({ name: 'shared', encrypted: false, kmsKeyID: null, kmsKey: null });
  });
});

describe('a key of this account that the region does not list', () => {
  let engine: AssetqlEngine;
  beforeAll(async () => void (engine = await engineOf(path.join(FIXTURES, 'kms-key-not-listed'))));
  const dangling = {
    code: 'DanglingReference',
    message: expect.stringMatching(/DB instance "orders" \(us-east-1\) is encrypted with KMS key "arn:aws:kms:us-east-1:111122223331:key\/5a1e00ff-ffff-4222-8333-444455556666", which ListKeys of us-east-1 does not list/),
  };

  it('is the account\'s ERROR naming the instance and the key, when selected or filtered on', async () => {
    const selected = await engine.query('{ dbInstances { name kmsKey { keyId } } }');
    expect(connectorErrors(selected.errors)).toEqual([[expect.objectContaining(dangling)]]);
    const filtered = await engine.query('{ dbInstances(where: { kmsKey: { managementType: "CustomerManaged" } }) { name } }');
    expect(filtered.data).toBeNull();
    expect(connectorErrors(filtered.errors)).toEqual([[expect.objectContaining(dangling)]]);
    // Never a null a negative filter would pass on.
    const none = await engine.query('{ dbInstances(where: { kmsKey: null }) { name } }');
    expect(none.data).toBeNull();
    expect(connectorErrors(none.errors)).toEqual([[expect.objectContaining(dangling)]]);
  });

  it('leaves a query that does not ask for kmsKey answered', async () => {
    const { data, errors } = await engine.query('{ dbInstances { name encrypted kmsKeyID } }');
    expect(errors).toBeUndefined();
    expect(data!.dbInstances).toHaveLength(3);
  });
});

describe('what else KmsKeyId may hold', () => {
  let work: string;
  beforeAll(async () => void (work = await mkdtemp(path.join(tmpdir(), 'assetql-kms-key-'))));
  afterAll(async () => rm(work, { recursive: true, force: true }));

  /** The compliant account with the instance `orders` naming its key as given. */
  async function accountWithOrdersKey(name: string, kmsKeyId: string): Promise<AssetqlEngine> {
    const dir = path.join(work, name);
    await cp(path.join(FIXTURES, 'compliant'), dir, { recursive: true });
    const value = JSON.parse(await readFile(path.join(dir, ORDERS), 'utf8')) as { DBInstances: { DBInstanceIdentifier: string; KmsKeyId?: string }[] };
    value.DBInstances.find((db) => db.DBInstanceIdentifier === 'orders')!.KmsKeyId = kmsKeyId;
    await writeFile(path.join(dir, ORDERS), JSON.stringify(value));
    return engineOf(dir);
  }
  const ordersKey = async (engine: AssetqlEngine) => engine.query('{ dbInstances(where: { name: "orders" }) { kmsKey { keyId } } }');

  it('resolves a bare key id in the instance\'s own region', async () => {
    const { data, errors } = await ordersKey(await accountWithOrdersKey('bare-id', RDS_KEY));
    expect(errors).toBeUndefined();
    expect(data).toEqual({ dbInstances: [{ kmsKey: { keyId: RDS_KEY } }] });
  });

  it('is an ERROR for this account\'s key of another region: RDS and EFS only use a key of the resource\'s region', async () => {
    const { errors } = await ordersKey(await accountWithOrdersKey('other-region', 'arn:aws:kms:eu-west-1:111122223310:key/5a1e0003-3333-4222-8333-444455556666'));
    expect(connectorErrors(errors)).toEqual([[expect.objectContaining({ code: 'DanglingReference', message: expect.stringMatching(/DB instance "orders" \(us-east-1\) is encrypted with KMS key "arn:aws:kms:eu-west-1:111122223310:key\/5a1e0003-3333-4222-8333-444455556666" of region eu-west-1/) })]]);
  });

  it('is an ERROR for an alias of this account (not resolved), and null for another account\'s alias', async () => {
    const { errors } = await ordersKey(await accountWithOrdersKey('alias', 'alias/aws/rds'));
    expect(connectorErrors(errors)).toEqual([[expect.objectContaining({ code: 'KmsKeyAliasUnresolved', message: expect.stringMatching(/describe-db-instances\.json: DB instance "orders" \(us-east-1\): KmsKeyId "alias\/aws\/rds" is an alias/) })]]);
    const other = await ordersKey(await accountWithOrdersKey('other-alias', 'arn:aws:kms:us-east-1:999988887777:alias/shared-db'));
    expect(other.errors).toBeUndefined();
    expect(other.data).toEqual({ dbInstances: [{ kmsKey: null }] });
  });

  it('is an ERROR naming the file and the field for a value that names no key, escaped and cut short', async () => {
    const { errors } = await ordersKey(await accountWithOrdersKey('malformed', `\u001b[31m../../etc/passwd${'x'.repeat(5000)}`));
    const [[error]] = connectorErrors(errors) as { code: string; message: string }[][];
    expect(error.code).toBe('KmsKeyIdMalformed');
    expect(error.message).toMatch(/describe-db-instances\.json: DB instance "orders" \(us-east-1\): KmsKeyId "\\u001b\[31m\.\.\/\.\.\/etc\/passwdx+" is not a KMS key ARN, key id or alias/);
    expect(error.message).not.toContain('\u001b');
    expect(error.message.length).toBeLessThan(600);
  });
});
