/**
 * The checks on the storage families (issue 15): CIS AWS Foundations
 * v3.0.0 2.1.1, 2.1.2, 2.1.4, 2.3.1-2.3.3 and 2.4.1, and 3.4, 3.8 and 3.9
 * (which read the CloudTrail family too), run through the real
 * runner over the fixture accounts of test/fixtures/cis-storage (one case
 * each, see its README), and once through the CLI's framework view.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckRunReport } from '../../src/checks/results.js';
import { createEngine, type AssetqlEngine } from '../../src/index.js';
import { every, outcomeOf, resultOf, verdictMatrixTests, type Outcome } from '../support/verdict-matrix.js';
import { PROJECT_ROOT, assetql } from '../support/cli.js';
import { STORAGE_CHECKS } from './storage-checks.js';

const CONFIG = path.join(PROJECT_ROOT, 'test/fixtures/cis-storage/assetql.config.yaml');
const NOW = '2024-06-15T00:00:00Z';
const CIS = 'cis-aws-foundations-v3.0.0';
const FSBP = 'aws-foundational-security-best-practices';
const IDS = Object.keys(STORAGE_CHECKS);

const TLS = 'aws-s3-buckets-without-tls-only-policy';
const MFA_DELETE = 'aws-s3-buckets-without-mfa-delete';
const PUBLIC_ACCESS = 'aws-s3-buckets-public-access-not-blocked';
const RDS_ENCRYPTED = 'aws-rds-instances-not-encrypted';
const RDS_MINOR = 'aws-rds-instances-auto-minor-upgrade-disabled';
const RDS_PUBLIC = 'aws-rds-instances-publicly-accessible';
const EFS = 'aws-efs-file-systems-not-encrypted';
const TRAIL_BUCKET_LOGGING = 'aws-cloudtrail-bucket-access-logging-disabled';
const OBJECT_WRITES = 'aws-s3-buckets-object-write-events-not-logged';
const OBJECT_READS = 'aws-s3-buckets-object-read-events-not-logged';
const BUCKETS = ['compliant-logs', 'compliant-data', 'compliant-archive'];
// Trails are regional too: 3.4, 3.8 and 3.9 need every region's.
const REGIONAL_CHECKS = [RDS_ENCRYPTED, RDS_MINOR, RDS_PUBLIC, EFS, TRAIL_BUCKET_LOGGING, OBJECT_WRITES, OBJECT_READS];


/** Every fixture account and how each check comes out; a check not named must PASS there. */
const EXPECTED: Record<string, Record<string, Outcome>> = {
  // Also what passes: a policy that is a string denying `s3:*` to "*" under Bool aws:SecureTransport "false", one with
  // {"AWS": "*"}, an action list and a JSON boolean, one denying "*"; a bucket blocked by the account's settings only;
  // a bucket in a region not opted in (buckets are listed for the whole account); an Aurora member and its cluster.
  compliant: {},
  // Denying some actions over HTTP leaves the others open; denying one principal leaves the rest.
  'tls-deny-some-actions': { [TLS]: ['compliant-logs'] },
  'tls-deny-one-principal': { [TLS]: ['compliant-logs'] },
  // NoSuchBucketPolicy is "not configured": data, and it fails.
  'no-bucket-policy': { [TLS]: ['compliant-data'] },
  // No account-level block; the bucket that relied on it grants AllUsers READ.
  'public-acl-grant': { [PUBLIC_ACCESS]: ['compliant-data'] },
  // Each setting applies at the bucket or the account: three and one pass, three and none do not.
  'block-split-between-levels': { [PUBLIC_ACCESS]: ['compliant-logs'] },
  // Never versioned (no answer), and versioned without MFA delete in a region out of scope.
  'mfa-delete-off': { [MFA_DELETE]: ['compliant-data', 'compliant-archive'] },
  // One bucket's policy could not be read: the check that reads policies is not decided; those that do not read them
  // still are (that bucket's MFA delete is off, read from its versioning), as are the databases.
  'bucket-policy-denied': { [TLS]: 'ERROR AccessDenied', [MFA_DELETE]: ['compliant-data'] },
  'bucket-policy-malformed': { [TLS]: 'ERROR PolicyDocumentMalformed' },
  'rds-unencrypted': { [RDS_ENCRYPTED]: ['orders'], [RDS_MINOR]: ['orders'] },
  'rds-public': { [RDS_PUBLIC]: ['orders-replica'] },
  'efs-unencrypted': { [EFS]: ['shared'] },
  // Buckets are global: they are still decided without eu-west-1.
  'region-not-collected': every(REGIONAL_CHECKS, 'ERROR SnapshotRegionMissing'),
  // Every account above has one multi-region trail, logging, with a basic selector for all buckets (`arn:aws:s3`),
  // delivering to compliant-logs (access logged). Each account below changes one thing of it.
  // An advanced selector for S3 data events with readOnly = false: writes are logged, reads are not.
  'trail-advanced-writes-only': { [OBJECT_READS]: BUCKETS },
  // Basic selector values for one bucket, and a key prefix of another (part of it only): the third is not selected.
  'trail-some-buckets': { [OBJECT_WRITES]: ['compliant-data', 'compliant-archive'], [OBJECT_READS]: ['compliant-data', 'compliant-archive'] },
  // An advanced selector for every object but those under one bucket's tmp/: that bucket is not wholly logged.
  'trail-advanced-excludes-prefix': { [OBJECT_WRITES]: ['compliant-data'], [OBJECT_READS]: ['compliant-data'] },
  // A stopped trail records nothing; its bucket is still judged for 3.4.
  'trail-not-logging': { [OBJECT_WRITES]: BUCKETS, [OBJECT_READS]: BUCKETS },
  // A single-region trail in us-east-1 logs the data events of us-east-1's buckets only.
  'trail-single-region': { [OBJECT_WRITES]: ['compliant-data', 'compliant-archive'], [OBJECT_READS]: ['compliant-data', 'compliant-archive'] },
  // The trail delivers to another account's bucket: its logging cannot be read here, so it is not taken as on.
  'trail-bucket-other-account': { [TRAIL_BUCKET_LOGGING]: ['storage-trail'] },
  'trail-bucket-not-access-logged': { [TRAIL_BUCKET_LOGGING]: ['storage-trail'] },
  // GetBucketLogging denied on the trail's bucket: 3.4 is not decided; the checks that do not read logging are.
  'trail-bucket-logging-denied': { [TRAIL_BUCKET_LOGGING]: 'ERROR AccessDenied' },
  // A database's key that its region's ListKeys does not list is an ERROR of what reads kmsKey (test/model/kms-key.test.ts):
  // no check here does, so all of them are still decided.
  'kms-key-not-listed': {},
};

let engine: AssetqlEngine;
let report: CheckRunReport;

/** A check's result on an account of this pack's run. */
const result = (connector: string, check: string) => resultOf(report, connector, check);

beforeAll(async () => {
  engine = await createEngine({ config: CONFIG });
  report = await engine.runChecks({ checks: IDS, exceptions: [], now: NOW });
});

describe('the storage checks as stored', () => {
  it('are bundled, valid, and mapped to their CIS v3.0.0 control and Security Hub control', () => {
    const checks = new Map(engine.checks().map((c) => [c.id, c]));
    for (const [id, { cis, securityHub, fsbp, subject, cli }] of Object.entries(STORAGE_CHECKS)) {
      const check = checks.get(id)!;
      expect(check, id).toBeDefined();
      expect(check.compliance[CIS], id).toEqual([cis]);
      expect(check.compliance['aws-security-hub'], id).toEqual([securityHub]);
      expect(check.compliance[FSBP], id).toEqual(fsbp ? [securityHub] : undefined);
      expect(check.subjects, id).toEqual([subject]);
      expect(check.expect, id).toBe('eq []');
      expect(check.references.length, id).toBeGreaterThan(0);
      expect(check.remediation, id).toMatch(/\*\*Console\*\*/);
      expect(check.remediation, id).toMatch(new RegExp(`^\\s*aws ${cli} `, 'm'));
    }
  });

  it('are listed in docs/cis-pack.md, and the README pack table, with their controls; 2.1.3 stays manual', async () => {
    const [doc, readme] = await Promise.all([readFile(path.join(PROJECT_ROOT, 'docs/cis-pack.md'), 'utf8'), readFile(path.join(PROJECT_ROOT, 'README.md'), 'utf8')]);
    for (const [id, { cis }] of Object.entries(STORAGE_CHECKS)) {
      for (const page of [doc, readme]) {
        const row = page.split('\n').find((line) => line.startsWith('|') && line.includes(`\`${id}\``));
        expect(row, id).toBeDefined();
        expect(row, id).toMatch(new RegExp(`^\\|\\s*${cis.replaceAll('.', '\\.')}\\s*\\|`));
      }
    }
    expect(doc).toMatch(/^\|\s*2\.1\.3\s*\|.*\|/m);
  });
});

describe('every storage check on every fixture account', () => {
  verdictMatrixTests(() => report, IDS, EXPECTED, outcomeOf);
});

describe('what a finding and an error say', () => {
  it('names the bucket at fault with the facts that decided it', () => {
    expect(result('public-acl-grant', PUBLIC_ACCESS).findings[0].value).toMatchObject({
      region: 'eu-west-1',
      publicAccessBlock: null,
      connector: { s3PublicAccessBlock: null },
      hasBucketACLGrant: [{ granteeType: 'CanonicalUser' }, { granteeType: 'Group', granteeURI: 'http://acs.amazonaws.com/groups/global/AllUsers', permission: 'READ' }],
    });
    expect(result('block-split-between-levels', PUBLIC_ACCESS).findings[0].value).toMatchObject({
      publicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: false },
      connector: { s3PublicAccessBlock: { restrictPublicBuckets: false } },
    });
    expect(result('mfa-delete-off', MFA_DELETE).findings.map((f) => f.value)).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'compliant-archive', region: 'ap-east-1', versioningEnabled: true, bucketVersioningMFADelete: false })]),
    );
    expect(result('no-bucket-policy', TLS).findings[0].value).toMatchObject({ policyDocument: null });
  });

  it('names the bucket and the call that could not be read, and the policy that is not one', () => {
    expect(result('bucket-policy-denied', TLS).error).toMatch(/s3api\/get-bucket-policy\.json: bucket "compliant-data" could not be read: AccessDenied: Access Denied/);
    expect(result('bucket-policy-malformed', TLS).error).toMatch(/s3api\/get-bucket-policy\.json: bucket "compliant-logs": the policy is not JSON/);
  });
});

describe('what the trail checks say', () => {
  it("names the trail whose bucket is another account's, and the bucket whose logging could not be read", () => {
    expect(result('trail-bucket-other-account', TRAIL_BUCKET_LOGGING).findings[0].value).toMatchObject({ homeRegion: 'us-east-1', s3BucketName: 'org-log-archive-999988887777', bucket: null });
    expect(result('trail-bucket-not-access-logged', TRAIL_BUCKET_LOGGING).findings[0].value).toMatchObject({ bucket: { name: 'compliant-logs', loggingEnabled: false } });
    expect(result('trail-bucket-logging-denied', TRAIL_BUCKET_LOGGING).error).toMatch(/s3api\/get-bucket-logging\.json: bucket "compliant-logs" could not be read: AccessDenied/);
  });

  it('shows both kinds of object-level events on each bucket it names', () => {
    expect(result('trail-advanced-writes-only', OBJECT_READS).findings.map((f) => f.value)).toEqual(
      BUCKETS.map((name) => expect.objectContaining({ name, objectLevelWriteEventsLogged: true, objectLevelReadEventsLogged: false })),
    );
  });
});

describe('check run --framework cis-aws-foundations-v3.0.0', () => {
  it('decides the storage controls, and keeps 2.1.2 and 2.1.3 manual', async () => {
    const args = ['check', 'run', '--config', CONFIG, '--now', NOW, '--framework', CIS, '--format', 'json', '--connector', 'compliant', '--connector', 'rds-public'];
    const { stdout } = await assetql(args);
    const controls = new Map<string, { status: string; checks: { check: string }[] }>(JSON.parse(stdout).frameworks[0].controls.map((c: { id: string }) => [c.id, c]));
    const status = (id: string) => controls.get(id)!.status;
    expect(Object.fromEntries(['2.1.1', '2.1.2', '2.1.4', '2.3.1', '2.3.2', '2.3.3', '2.4.1', '3.4', '3.8', '3.9'].map((id) => [id, status(id)]))).toEqual({
      '2.1.1': 'PASS', '2.1.2': 'MANUAL', '2.1.4': 'PASS', '2.3.1': 'PASS', '2.3.2': 'PASS', '2.3.3': 'FAIL', '2.4.1': 'PASS', '3.4': 'PASS', '3.8': 'PASS', '3.9': 'PASS',
    });
    expect(controls.get('2.1.3')).toMatchObject({ status: 'MANUAL', checks: [] });
  });
});
