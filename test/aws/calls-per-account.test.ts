/**
 * What a whole check run costs one account in AWS calls, live: every
 * source once per account (and once per region for regional ones) however
 * many checks read it, the paginated ones once per page, and none that no
 * check reads. The demo
 * production account, served by the loopback endpoint two items a page.
 */
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { createEngine } from '../../src/index.js';
import { createConnectors } from '../../src/sources/create-connectors.js';
import { startAwsEndpoint, type AwsEndpoint } from '../support/aws-endpoint/index.js';
import { useSdkEnvironment } from '../support/aws-endpoint/sdk-env.js';
import { credentialReportCsv } from '../support/aws-endpoint/index.js';
import { PROJECT_ROOT } from '../support/cli.js';
import { FAST } from './fixtures.js';

const ACCOUNT = path.join(PROJECT_ROOT, 'examples/accounts/production');
const KEY = 'AKIACALLSPERACCOUNT1';
const PAGE_SIZE = 2;
/** An account whose key reaches production only through its role, as an Organization's management account does. */
const MANAGEMENT = { id: '999999999999', accessKeyId: 'AKIACALLSPERACCOUNT2' };

const json = async (file: string) => JSON.parse(await readFile(path.join(ACCOUNT, file), 'utf8'));

/** The pages of each EC2 list the network checks read, summed over the enabled regions. */
async function ec2Pages(regions: { RegionName: string; OptInStatus: string }[], pages: (items: number) => number): Promise<Record<string, number>> {
  const lists = { DescribeSecurityGroups: ['describe-security-groups', 'SecurityGroups'], DescribeNetworkAcls: ['describe-network-acls', 'NetworkAcls'], DescribeVpcs: ['describe-vpcs', 'Vpcs'], DescribeFlowLogs: ['describe-flow-logs', 'FlowLogs'], DescribeInstances: ['describe-instances', 'Reservations'], DescribeVolumes: ['describe-volumes', 'Volumes'] };
  const counts: Record<string, number> = {};
  for (const region of regions.filter((r) => r.OptInStatus !== 'not-opted-in')) {
    for (const [action, [command, key]] of Object.entries(lists)) counts[action] = (counts[action] ?? 0) + pages((await json(`regions/${region.RegionName}/ec2/${command}.json`))[key].length);
  }
  return counts;
}

/** The pages of each RDS and EFS list the storage checks read, summed over the enabled regions (no check reads DB clusters). */
async function storagePages(regions: { RegionName: string; OptInStatus: string }[], pages: (items: number) => number): Promise<Record<string, number>> {
  const lists = { DescribeDBInstances: ['rds/describe-db-instances', 'DBInstances'], DescribeFileSystems: ['efs/describe-file-systems', 'FileSystems'] };
  const counts: Record<string, number> = {};
  for (const region of regions.filter((r) => r.OptInStatus !== 'not-opted-in')) {
    for (const [action, [file, key]] of Object.entries(lists)) counts[action] = (counts[action] ?? 0) + pages((await json(`regions/${region.RegionName}/${file}.json`))[key].length);
  }
  return counts;
}

/**
 * The logging and monitoring family's calls, from the files served: per
 * region its list calls (by page), per trail of the region's home trails
 * status and selectors, per key describe and policy (rotation for customer
 * managed symmetric keys with KMS material), per topic an alarm notifies its
 * subscriptions (by page).
 */
async function loggingCalls(regions: string[], pages: (items: number) => number): Promise<Record<string, number>> {
  const calls: Record<string, number> = {};
  const add = (action: string, n: number) => void (calls[action] = (calls[action] ?? 0) + n);
  for (const region of regions) {
    const at = (file: string) => json(`regions/${region}/${file}`);
    const home = ((await at('cloudtrail/describe-trails.json')).trailList as { HomeRegion: string }[]).filter((trail) => trail.HomeRegion === region).length;
    add('DescribeTrails', 1);
    add('GetTrailStatus', home);
    add('GetEventSelectors', home);
    add('DescribeMetricFilters', pages((await at('logs/describe-metric-filters.json')).metricFilters.length));
    add('DescribeAlarms', pages((await at('cloudwatch/describe-alarms.json')).MetricAlarms.length));
    for (const answer of Object.values(await at('sns/list-subscriptions-by-topic.json')) as { Subscriptions: unknown[] }[]) add('ListSubscriptionsByTopic', pages(answer.Subscriptions.length));
    add('DescribeConfigurationRecorders', 1);
    add('DescribeConfigurationRecorderStatus', 1);
    const keys = (await at('kms/list-keys.json')).Keys.length;
    add('ListKeys', pages(keys));
    add('DescribeKey', keys);
    add('GetKeyPolicy', keys);
    add('GetKeyRotationStatus', Object.keys(await at('kms/get-key-rotation-status.json')).length);
    add('DescribeHub', 1);
  }
  return calls;
}

describe('calls per account of a whole check run', () => {
  let endpoint: AwsEndpoint;
  let restoreEnv = () => {};
  let production = '';

  beforeAll(async () => {
    const { Account } = await json('sts/get-caller-identity.json');
    production = Account;
    endpoint = await startAwsEndpoint({
      accounts: [
        { id: Account, name: 'production', accessKeyId: KEY, snapshot: ACCOUNT },
        { id: MANAGEMENT.id, name: 'management', accessKeyId: MANAGEMENT.accessKeyId, credentialReport: credentialReportCsv(MANAGEMENT.id, { users: [] }) },
      ],
      pageSize: PAGE_SIZE,
    });
  });
  afterAll(async () => {
    await endpoint.close();
  });

  const ways = [
    { how: 'with its own credentials', key: KEY, connector: () => ({ id: 'production', provider: 'aws' }), access: { GetCallerIdentity: 1 } },
    // The account id is in the role ARN: no GetCallerIdentity; every client of the account (IAM, EC2 in each region, ...) shares one session.
    { how: 'through a role from another account', key: MANAGEMENT.accessKeyId, connector: () => ({ id: 'production', provider: 'aws', roleArn: `arn:aws:iam::${production}:role/OrganizationAccountAccessRole` }), access: { AssumeRole: 1 } },
  ];

  it.each(ways)('reads each source once, each regional one once per enabled region, each paginated one once per page ($how)', async ({ key, connector, access }) => {
    restoreEnv = useSdkEnvironment({ endpointUrl: endpoint.url, accessKeyId: key });
    // Each way starts as a first run of the day: no credential report yet.
    endpoint.world.accounts.get(production)!.report = { status: 'none' };
    const CONFIG = { connectors: [connector()] };
    const details = await json('iam/get-account-authorization-details.json');
    const longest = Math.max(...['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'].map((key) => details[key].length));
    const { Regions } = await json('ec2/describe-regions.json');
    const enabled = (Regions as { OptInStatus: string }[]).filter((region) => region.OptInStatus !== 'not-opted-in').length;
    const pages = (items: number) => Math.max(1, Math.ceil(items / PAGE_SIZE));
    const { VirtualMFADevices } = await json('iam/list-virtual-mfa-devices.json');
    const { ServerCertificateMetadataList } = await json('iam/list-server-certificates.json');
    const buckets = (await json('s3api/list-buckets.json')).Buckets.length;

    const connectors = await createConnectors(parseConfig(CONFIG, { baseDir: PROJECT_ROOT }), { awsTiming: FAST });
    const engine = await createEngine({ config: CONFIG, connectors });
    try {
      endpoint.resetCalls();
      const report = await engine.runChecks({ exceptions: [], now: '2026-12-01T00:00:00Z' });
      expect(report.results.length).toBe(engine.checks().length);
      expect(report.results.filter((result) => result.status === 'ERROR')).toEqual([]);

      const byAction: Record<string, number> = {};
      for (const call of endpoint.calls) byAction[call.action] = (byAction[call.action] ?? 0) + 1;
      expect(byAction).toEqual({
        ...access,
        ListAccountAliases: 1,
        GenerateCredentialReport: 2, // STARTED, then COMPLETE
        GetCredentialReport: 1,
        GetAccountSummary: 1,
        GetAccountPasswordPolicy: 1,
        DescribeRegions: 1,
        GetAccountAuthorizationDetails: pages(longest),
        ListVirtualMFADevices: pages(VirtualMFADevices.length),
        ListServerCertificates: pages(ServerCertificateMetadataList.length),
        // No stored check reads identity providers: ListSAMLProviders and ListOpenIDConnectProviders are not called.
        ListAnalyzers: enabled,
        // The network checks: each EC2 list once per enabled region, once per page.
        GetEbsEncryptionByDefault: enabled,
        ...(await ec2Pages(Regions, pages)),
        // S3: one listing, six calls per bucket (each in the bucket's region), and the account's settings (S3 Control's
        // GetPublicAccessBlock, counted with the buckets' own).
        ListBuckets: pages(buckets),
        GetBucketPolicy: buckets,
        GetBucketAcl: buckets,
        GetPublicAccessBlock: buckets + 1,
        GetBucketEncryption: buckets,
        GetBucketVersioning: buckets,
        GetBucketLogging: buckets,
        ...(await storagePages(Regions, pages)),
        ...(await loggingCalls((Regions as { RegionName: string; OptInStatus: string }[]).filter((region) => region.OptInStatus !== 'not-opted-in').map((region) => region.RegionName), pages)),
      });
    } finally {
      await engine.close();
      restoreEnv();
      restoreEnv = () => {};
    }
  });
});
