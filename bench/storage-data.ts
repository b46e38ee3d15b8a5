/**
 * Synthetic storage data for one account, as the AWS CLI prints it: buckets
 * spread over the regions (each with the six per-bucket answers: some
 * without a policy, a few with a TLS-only policy, some public), the
 * account's Block Public Access, and per region a few RDS instances and EFS
 * file systems. Seeded, so the same account gets the same data.
 */
import type { Random } from '../test/support/seeded-random.js';

export interface StorageSize {
  regions: readonly string[];
  buckets: number;
  /** Per region. */
  dbInstances: number;
  fileSystems: number;
}

const NOT_CONFIGURED = (code: string) => ({ Error: { Code: code, Message: 'not configured' } });
const ALL_ON = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

export function storageFiles(random: Random, accountId: string, size: StorageSize): Record<string, unknown> {
  const names = Array.from({ length: size.buckets }, (_, i) => `bucket-${accountId}-${i}`);
  const regionOf = (i: number) => size.regions[i % size.regions.length];
  const each = (answer: (name: string, i: number) => unknown) => Object.fromEntries(names.map((name, i) => [name, answer(name, i)]));
  const files: Record<string, unknown> = {
    's3api/list-buckets.json': { Buckets: names.map((name, i) => ({ Name: name, CreationDate: '2024-01-01T00:00:00+00:00', BucketRegion: regionOf(i) })), Owner: { ID: 'owner' } },
    's3control/get-public-access-block.json': random() < 0.5 ? { PublicAccessBlockConfiguration: ALL_ON } : NOT_CONFIGURED('NoSuchPublicAccessBlockConfiguration'),
    's3api/get-bucket-policy.json': each((name) => {
      const roll = random();
      if (roll < 0.4) return NOT_CONFIGURED('NoSuchBucketPolicy');
      const statement = roll < 0.8
        ? { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }
        : { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::${name}/*` };
      return { Policy: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }) };
    }),
    's3api/get-bucket-acl.json': each(() => ({
      Owner: { ID: 'owner' },
      Grants: [{ Grantee: { ID: 'owner', Type: 'CanonicalUser' }, Permission: 'FULL_CONTROL' }, ...(random() < 0.05 ? [{ Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' }] : [])],
    })),
    's3api/get-public-access-block.json': each(() => (random() < 0.7 ? { PublicAccessBlockConfiguration: ALL_ON } : NOT_CONFIGURED('NoSuchPublicAccessBlockConfiguration'))),
    's3api/get-bucket-encryption.json': each(() => ({ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }] } })),
    's3api/get-bucket-versioning.json': each(() => (random() < 0.5 ? { Status: 'Enabled', MFADelete: random() < 0.1 ? 'Enabled' : 'Disabled' } : {})),
    's3api/get-bucket-logging.json': each((_name, i) => (random() < 0.3 ? { LoggingEnabled: { TargetBucket: names[(i + 1) % names.length], TargetPrefix: 'logs/' } } : {})),
  };
  for (const region of size.regions) {
    files[`regions/${region}/rds/describe-db-instances.json`] = {
      DBInstances: Array.from({ length: size.dbInstances }, (_, i) => ({
        DBInstanceIdentifier: `db-${i}`, DBInstanceArn: `arn:aws:rds:${region}:${accountId}:db:db-${i}`, Engine: 'postgres', EngineVersion: '16.3', DBInstanceStatus: 'available',
        StorageEncrypted: random() < 0.9, AutoMinorVersionUpgrade: random() < 0.8, PubliclyAccessible: random() < 0.05, DeletionProtection: random() < 0.5, VpcSecurityGroups: [],
      })),
    };
    files[`regions/${region}/rds/describe-db-clusters.json`] = { DBClusters: [] };
    files[`regions/${region}/efs/describe-file-systems.json`] = {
      FileSystems: Array.from({ length: size.fileSystems }, (_, i) => ({
        FileSystemId: `fs-${i.toString(16).padStart(17, '0')}`, FileSystemArn: `arn:aws:elasticfilesystem:${region}:${accountId}:file-system/fs-${i.toString(16).padStart(17, '0')}`, OwnerId: accountId,
        LifeCycleState: 'available', Encrypted: random() < 0.9,
      })),
    };
  }
  return files;
}

/**
 * The answer to 2.1.1 and 2.1.4 as one question (buckets without a TLS-only
 * policy, or not blocked from the public), worked out from the files
 * themselves (not through the engine), so a benchmark can check the
 * engine's answer before timing it: bucket names. The generator's
 * settings are all four on or none at each level, and its only deny is
 * the TLS-only one.
 */
export function bucketsNotTlsOnlyOrNotBlocked(files: Record<string, unknown>): string[] {
  const configured = (answer: unknown) => (answer as { PublicAccessBlockConfiguration?: unknown }).PublicAccessBlockConfiguration !== undefined;
  const accountBlocked = configured(files['s3control/get-public-access-block.json']);
  const bucketBlocks = files['s3api/get-public-access-block.json'] as Record<string, unknown>;
  const policies = files['s3api/get-bucket-policy.json'] as Record<string, { Policy?: string }>;
  const tlsOnly = (name: string) => policies[name].Policy !== undefined && (JSON.parse(policies[name].Policy!) as { Statement: { Effect: string }[] }).Statement.some((statement) => statement.Effect === 'Deny');
  const { Buckets } = files['s3api/list-buckets.json'] as { Buckets: { Name: string }[] };
  return Buckets.map((bucket) => bucket.Name).filter((name) => !(accountBlocked || configured(bucketBlocks[name])) || !tlsOnly(name));
}
