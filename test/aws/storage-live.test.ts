/**
 * The storage checks live: fixture accounts of test/fixtures/cis-storage
 * served by the loopback endpoint (S3's REST-XML, both ways of naming a
 * bucket; S3 Control with the account id in the host; RDS's Query XML; EFS's
 * REST-JSON; CloudTrail's JSON for the checks that need trails; two items a page), read through the pinned SDK by role
 * assumption, give the verdicts the snapshot path gives, ERRORs included;
 * and each bucket's own calls go to the bucket's region.
 */
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/checks/results.js';
import { parseConfig } from '../../src/config/config.js';
import { createEngine, type AssetqlEngine } from '../../src/index.js';
import { createConnectors } from '../../src/sources/create-connectors.js';
import { startAwsEndpoint, type AwsEndpoint } from '../support/aws-endpoint/index.js';
import { useSdkEnvironment } from '../support/aws-endpoint/sdk-env.js';
import { PROJECT_ROOT } from '../support/cli.js';
import { STORAGE_CHECKS } from '../cis/storage-checks.js';
import { FAST } from './fixtures.js';

const FIXTURES = path.join(PROJECT_ROOT, 'test/fixtures/cis-storage');
/** A representative part of the matrix: each check failing somewhere, the passes at its boundaries, a denied bucket policy. */
const ACCOUNTS = [
  'compliant', 'tls-deny-some-actions', 'no-bucket-policy', 'public-acl-grant', 'block-split-between-levels', 'mfa-delete-off', 'bucket-policy-denied', 'rds-unencrypted', 'rds-public', 'efs-unencrypted',
  // What needs trails: selectors of both forms, a stopped trail, another account's bucket, a denied GetBucketLogging.
  'trail-advanced-writes-only', 'trail-some-buckets', 'trail-not-logging', 'trail-bucket-other-account', 'trail-bucket-logging-denied',
  // A database's key that ListKeys does not list: only what reads kmsKey is an ERROR.
  'kms-key-not-listed',
];
const KEY = 'AKIASTORAGELIVE00001';
const IDS = Object.keys(STORAGE_CHECKS);
const NOW = '2024-06-15T00:00:00Z';

const accountIdOf = async (name: string) => JSON.parse(await readFile(path.join(FIXTURES, name, 'sts/get-caller-identity.json'), 'utf8')).Account as string;
const verdict = (r: CheckResult) => ({ check: r.check, connector: r.connector, status: r.status, findings: r.findings.map((f) => f.resource).sort(), errorCode: r.errorCode ?? null });

describe('the storage checks, live through the loopback endpoint', () => {
  let endpoint: AwsEndpoint;
  let restoreEnv: () => void;
  let ids: string[];
  let offline: AssetqlEngine;
  const liveConfig = () => ({ connectors: ACCOUNTS.map((name, i) => ({ id: name, provider: 'aws' as const, roleArn: `arn:aws:iam::${ids[i]}:role/OrganizationAccountAccessRole` })) });
  const liveEngine = async () => createEngine({ config: liveConfig(), connectors: await createConnectors(parseConfig(liveConfig(), { baseDir: PROJECT_ROOT }), { awsTiming: FAST }) });

  beforeAll(async () => {
    ids = await Promise.all(ACCOUNTS.map(accountIdOf));
    endpoint = await startAwsEndpoint({
      accounts: [
        { id: ids[0], name: ACCOUNTS[0], accessKeyId: KEY, snapshot: path.join(FIXTURES, ACCOUNTS[0]) },
        ...ACCOUNTS.slice(1).map((name, i) => ({ id: ids[i + 1], name, snapshot: path.join(FIXTURES, name) })),
      ],
      pageSize: 2,
    });
    restoreEnv = useSdkEnvironment({ endpointUrl: endpoint.url, accessKeyId: KEY });
    offline = await createEngine({ config: { connectors: ACCOUNTS.map((name) => ({ id: name, provider: 'aws' as const, snapshot: path.join(FIXTURES, name) })) } });
  });
  afterAll(async () => {
    await offline?.close();
    restoreEnv?.();
    await endpoint?.close();
  });

  it('gives every check on every account the verdict the snapshot gives, buckets named in the host', async () => {
    const live = await liveEngine();
    try {
      endpoint.resetCalls();
      const [fromLive, fromSnapshot] = await Promise.all([live, offline].map((engine) => engine.runChecks({ checks: IDS, exceptions: [], now: NOW })));
      expect(fromLive.results.map(verdict)).toEqual(fromSnapshot.results.map(verdict));
      // Not vacuous: the part holds passes, failures of every check and the denied policy's ERROR, of the one check that
      // reads policies (the same bucket's MFA delete is still decided: it fails).
      expect(new Set(fromLive.results.filter((r) => r.status === 'FAIL').map((r) => r.check))).toEqual(new Set(IDS));
      expect(fromLive.results.filter((r) => r.status === 'ERROR').map((r) => `${r.connector} ${r.check} ${r.errorCode}`).sort()).toEqual([
        'bucket-policy-denied aws-s3-buckets-without-tls-only-policy AccessDenied',
        'trail-bucket-logging-denied aws-cloudtrail-bucket-access-logging-disabled AccessDenied',
      ]);
      expect(fromLive.results.find((r) => r.connector === 'bucket-policy-denied' && r.check === 'aws-s3-buckets-without-mfa-delete')?.findings.map((f) => f.name)).toEqual(['compliant-data']);
      // Each bucket's calls were signed for its own region, the one out of scope (ap-east-1) included; the account's
      // settings went to S3 Control; RDS lists were paged.
      const policyRegions = new Set(endpoint.calls.filter((c) => c.action === 'GetBucketPolicy' && c.account === ids[0]).map((c) => c.region));
      expect(policyRegions).toEqual(new Set(['us-east-1', 'eu-west-1', 'ap-east-1']));
      expect(endpoint.calls.filter((c) => c.action === 'GetPublicAccessBlock' && c.status === 200).length).toBeGreaterThan(ACCOUNTS.length);
      expect(endpoint.calls.filter((c) => c.action === 'DescribeDBInstances' && c.account === ids[0]).length).toBe(2);
      // No check reads kmsKey: nothing asked KMS.
      expect(endpoint.calls.filter((c) => c.service === 'kms')).toEqual([]);
    } finally {
      await live.close();
    }
  });

  it('resolves kmsKey as the snapshot does, asking KMS only when kmsKey is selected or filtered on', async () => {
    const live = await liveEngine();
    const accounts = ['compliant', 'kms-key-not-listed'];
    const kms = (account: string) => endpoint.calls.filter((c) => c.service === 'kms' && c.account === ids[ACCOUNTS.indexOf(account)]).length;
    try {
      endpoint.resetCalls();
      const plain = await live.query("{ dbInstances { name encrypted kmsKeyID } dbClusters { name } efsFileSystems { name } }", undefined, { connectors: accounts });
      expect(plain.errors).toBeUndefined();
      expect(accounts.map(kms)).toEqual([0, 0]);

      const query = `{
        dbInstances { connector { id } name kmsKey { arn managementType } }
        dbClusters { connector { id } name kmsKey { arn } }
        efsFileSystems { connector { id } name kmsKey { arn managementType } }
        customer: dbInstances(where: { kmsKey: { managementType: "CustomerManaged" } }) { connector { id } name }
      }`;
      const [fromLive, fromSnapshot] = await Promise.all([live, offline].map((engine) => engine.query(query, undefined, { connectors: accounts })));
      expect(fromLive).toEqual(fromSnapshot);
      // The dangling key, once where it is selected and once where it is filtered on; the other account still answers.
      const dangling = [expect.objectContaining({ id: 'kms-key-not-listed', code: 'DanglingReference' })];
      expect(fromLive.errors?.map((e) => [e.path, e.extensions?.connectors])).toEqual([[['dbInstances', 3, 'kmsKey'], dangling], [['customer'], dangling]]);
      expect((fromLive.data!.customer as { connector: { id: string } }[]).map((db) => db.connector.id)).toEqual(['compliant', 'compliant']);
      // Every region's keys, read once for the query: ListKeys of each region (three keys in us-east-1, two a page), then each key's calls.
      expect(endpoint.calls.filter((c) => c.action === 'ListKeys' && c.account === ids[0]).map((c) => c.region).sort()).toEqual(['eu-west-1', 'us-east-1', 'us-east-1']);
      expect(kms('compliant')).toBeGreaterThan(2);
    } finally {
      await live.close();
    }
  });

  it('gives the same verdicts with buckets named in the path (an IP address as the S3 endpoint)', async () => {
    const saved = process.env.AWS_ENDPOINT_URL_S3;
    process.env.AWS_ENDPOINT_URL_S3 = endpoint.url;
    const live = await liveEngine();
    try {
      const [fromLive, fromSnapshot] = await Promise.all([live, offline].map((engine) => engine.runChecks({ checks: IDS.filter((id) => STORAGE_CHECKS[id].subject === 'Bucket'), exceptions: [], now: NOW })));
      expect(fromLive.results.map(verdict)).toEqual(fromSnapshot.results.map(verdict));
      expect(fromLive.results.some((r) => r.status === 'FAIL')).toBe(true);
    } finally {
      process.env.AWS_ENDPOINT_URL_S3 = saved;
      await live.close();
    }
  });
});
