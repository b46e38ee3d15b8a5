/**
 * The loopback endpoint serves a snapshot folder as a live account, in
 * every protocol the pinned SDK clients speak. Two independent readers
 * check it: the SDK (through the live connector, against the snapshot
 * connector over the same folder) and Debian's AWS CLI v2, whose JSON must
 * be the file it came from.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { getAccountSummary } from '../../src/model/iam-account-summary/sources.js';
import { getAccountPasswordPolicy } from '../../src/model/iam-password-policy/sources.js';
import { describeRegions } from '../../src/model/regions/sources.js';
import { snapshotPath } from '../../src/sources/layout.js';
import { createAwsConnector } from '../../src/sources/live/index.js';
import { SnapshotConnector } from '../../src/sources/snapshot/snapshot-connector.js';
import { cliJson } from '../../src/sources/snapshot/snapshot-writer.js';
import { cliCommand, defineSource, type SdkBinding, type SourceAt, type SourceSpec } from '../../src/sources/source.js';
import { startAwsEndpoint, type AwsEndpoint } from '../support/aws-endpoint/index.js';
import { useSdkEnvironment } from '../support/aws-endpoint/sdk-env.js';
import { PROJECT_ROOT } from '../support/cli.js';
import { FAST } from './fixtures.js';

const ALPHA = '123456789012';
const BETA = '210987654321';
const ALPHA_KEY = 'AKIALOOPBACKALPHA001';
const BETA_KEY = 'AKIALOOPBACKBETA0001';
const EU = { region: 'eu-west-1' };
const US = { region: 'us-east-1' };
const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const TOPIC = `arn:aws:sns:eu-west-1:${ALPHA}:security-alarms`;

/** A source of a family still to come, declared here only to serve one operation of its protocol. */
function testSource(spec: Pick<SourceSpec, 'service' | 'command' | 'operation' | 'scope' | 'perResource' | 'notConfigured'> & { sdk: SdkBinding }): SourceSpec {
  return defineSource({ id: `${spec.service}/${spec.command}`, permissions: [], gives: 'a protocol proof', shape: z.looseObject({}), ...spec });
}
const sdk = (load: () => Promise<object>, client: string, more: Omit<SdkBinding, 'load' | 'client'> = {}): SdkBinding => ({ load, client, ...more });

const listKeys = testSource({
  service: 'kms', command: 'list-keys', operation: 'ListKeys', scope: 'region',
  sdk: sdk(() => import('@aws-sdk/client-kms'), 'KMSClient', { paginate: { inputToken: 'Marker', outputToken: 'NextMarker', moreResults: 'Truncated', resultKeys: ['Keys'] } }),
});
const listBuckets = testSource({ service: 's3api', command: 'list-buckets', operation: 'ListBuckets', scope: 'account', sdk: sdk(() => import('@aws-sdk/client-s3'), 'S3Client') });
const listTopicsForAlarms = testSource({ service: 'sns', command: 'list-topics', operation: 'ListTopics', scope: 'region', sdk: sdk(() => import('@aws-sdk/client-sns'), 'SNSClient') });

/** One operation per protocol family the pinned clients use (and a few more of the busiest ones). */
const PROTOCOL_SOURCES: readonly SourceSpec[] = [
  // REST-JSON
  testSource({
    service: 'accessanalyzer', command: 'list-analyzers', operation: 'ListAnalyzers', scope: 'region',
    sdk: sdk(() => import('@aws-sdk/client-accessanalyzer'), 'AccessAnalyzerClient', { paginate: { inputToken: 'nextToken', outputToken: 'nextToken', resultKeys: ['analyzers'] } }),
  }),
  testSource({ service: 'securityhub', command: 'describe-hub', operation: 'DescribeHub', scope: 'region', notConfigured: ['InvalidAccessException'], sdk: sdk(() => import('@aws-sdk/client-securityhub'), 'SecurityHubClient') }),
  // JSON 1.1
  testSource({ service: 'cloudtrail', command: 'describe-trails', operation: 'DescribeTrails', scope: 'region', sdk: sdk(() => import('@aws-sdk/client-cloudtrail'), 'CloudTrailClient') }),
  listKeys,
  testSource({
    service: 'kms', command: 'get-key-rotation-status', operation: 'GetKeyRotationStatus', scope: 'region',
    perResource: { parent: listKeys, keys: (parent) => (parent as { Keys: { KeyId: string }[] }).Keys.map((key) => key.KeyId).slice(0, 1), param: 'KeyId', cliParam: '--key-id' },
    sdk: sdk(() => import('@aws-sdk/client-kms'), 'KMSClient', { input: (context) => ({ KeyId: context.key }) }),
  }),
  testSource({
    service: 'logs', command: 'describe-metric-filters', operation: 'DescribeMetricFilters', scope: 'region',
    sdk: sdk(() => import('@aws-sdk/client-cloudwatch-logs'), 'CloudWatchLogsClient', { paginate: { inputToken: 'nextToken', outputToken: 'nextToken', resultKeys: ['metricFilters'] } }),
  }),
  // JSON 1.0, Query-compatible: the AWS CLI of this machine still speaks Query to it
  testSource({
    service: 'cloudwatch', command: 'describe-alarms', operation: 'DescribeAlarms', scope: 'region',
    sdk: sdk(() => import('@aws-sdk/client-cloudwatch'), 'CloudWatchClient', { paginate: { inputToken: 'NextToken', outputToken: 'NextToken', resultKeys: ['MetricAlarms', 'CompositeAlarms'] } }),
  }),
  // Query
  listTopicsForAlarms,
  testSource({
    service: 'sns', command: 'list-subscriptions-by-topic', operation: 'ListSubscriptionsByTopic', scope: 'region',
    perResource: { parent: listTopicsForAlarms, keys: (parent) => (parent as { Topics: { TopicArn: string }[] }).Topics.map((topic) => topic.TopicArn), param: 'TopicArn', cliParam: '--topic-arn' },
    sdk: sdk(() => import('@aws-sdk/client-sns'), 'SNSClient', { input: (context) => ({ TopicArn: context.key }), paginate: { inputToken: 'NextToken', outputToken: 'NextToken', resultKeys: ['Subscriptions'] } }),
  }),
  // EC2 Query
  testSource({
    service: 'ec2', command: 'describe-security-groups', operation: 'DescribeSecurityGroups', scope: 'region',
    sdk: sdk(() => import('@aws-sdk/client-ec2'), 'EC2Client', { paginate: { inputToken: 'NextToken', outputToken: 'NextToken', resultKeys: ['SecurityGroups'] } }),
  }),
  // REST-XML
  listBuckets,
  testSource({
    service: 's3api', command: 'get-bucket-policy', operation: 'GetBucketPolicy', scope: 'account', notConfigured: ['NoSuchBucketPolicy'],
    perResource: { parent: listBuckets, keys: (parent) => (parent as { Buckets: { Name: string }[] }).Buckets.map((bucket) => bucket.Name), param: 'Bucket', cliParam: '--bucket' },
    sdk: sdk(() => import('@aws-sdk/client-s3'), 'S3Client', { input: (context) => ({ Bucket: context.key }) }),
  }),
];

const sourceById = (id: string) => PROTOCOL_SOURCES.find((source) => source.id === id)!;

/** What the AWS CLI printed, as the AWS documentation's examples show it. */
const ALPHA_FILES: Record<string, unknown> = {
  'sts/get-caller-identity.json': { UserId: 'AIDASAMPLEUSERID00001', Account: ALPHA, Arn: `arn:aws:iam::${ALPHA}:user/auditor` },
  [snapshotPath(getAccountSummary)]: { SummaryMap: { AccountAccessKeysPresent: 0, AccountMFAEnabled: 1, Users: 27, Groups: 7, Roles: 34, Policies: 8, MFADevices: 6, MFADevicesInUse: 3 } },
  [snapshotPath(getAccountPasswordPolicy)]: { PasswordPolicy: { MinimumPasswordLength: 14, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true, AllowUsersToChangePassword: true, ExpirePasswords: true, MaxPasswordAge: 90, PasswordReusePrevention: 24, HardExpiry: false } },
  [snapshotPath(describeRegions)]: {
    Regions: [
      { Endpoint: 'ec2.eu-west-1.amazonaws.com', RegionName: 'eu-west-1', OptInStatus: 'opt-in-not-required' },
      { Endpoint: 'ec2.us-east-1.amazonaws.com', RegionName: 'us-east-1', OptInStatus: 'opt-in-not-required' },
      { Endpoint: 'ec2.me-south-1.amazonaws.com', RegionName: 'me-south-1', OptInStatus: 'not-opted-in' },
    ],
  },
  'regions/eu-west-1/accessanalyzer/list-analyzers.json': {
    analyzers: ['account', 'unused', 'organization'].map((name, index) => ({
      arn: `arn:aws:access-analyzer:eu-west-1:${ALPHA}:analyzer/${name}`,
      name,
      type: index === 2 ? 'ORGANIZATION' : 'ACCOUNT',
      createdAt: `2023-0${index + 1}-15T09:30:00+00:00`,
      lastResourceAnalyzed: `arn:aws:s3:::bucket-${index}`,
      lastResourceAnalyzedAt: '2024-05-01T10:00:00+00:00',
      tags: { team: 'security' },
      status: 'ACTIVE',
    })),
  },
  'regions/eu-west-1/securityhub/describe-hub.json': { HubArn: `arn:aws:securityhub:eu-west-1:${ALPHA}:hub/default`, SubscribedAt: '2023-02-14T10:00:00.000Z', AutoEnableControls: true },
  'regions/us-east-1/securityhub/describe-hub.json': { Error: { Code: 'InvalidAccessException', Message: `Account ${ALPHA} is not subscribed to AWS Security Hub` } },
  'regions/eu-west-1/cloudtrail/describe-trails.json': {
    trailList: [{
      Name: 'management-events', S3BucketName: 'org-cloudtrail-logs', IncludeGlobalServiceEvents: true, IsMultiRegionTrail: true, HomeRegion: 'eu-west-1',
      TrailARN: `arn:aws:cloudtrail:eu-west-1:${ALPHA}:trail/management-events`, LogFileValidationEnabled: true,
      CloudWatchLogsLogGroupArn: `arn:aws:logs:eu-west-1:${ALPHA}:log-group:cloudtrail:*`, CloudWatchLogsRoleArn: `arn:aws:iam::${ALPHA}:role/cloudtrail-to-logs`,
      KmsKeyId: `arn:aws:kms:eu-west-1:${ALPHA}:key/${KEY_ID}`, HasCustomEventSelectors: false, HasInsightSelectors: false, IsOrganizationTrail: false,
    }],
  },
  'regions/eu-west-1/kms/list-keys.json': {
    Keys: [KEY_ID, '0987dcba-09fe-87dc-65ba-ab0987654321', 'abcd1234-ab12-cd34-ef56-abcdef123456'].map((id) => ({ KeyId: id, KeyArn: `arn:aws:kms:eu-west-1:${ALPHA}:key/${id}` })),
  },
  'regions/eu-west-1/kms/get-key-rotation-status.json': { [KEY_ID]: { KeyRotationEnabled: true } },
  'regions/eu-west-1/logs/describe-metric-filters.json': {
    metricFilters: ['RootUsage', 'UnauthorizedApiCalls', 'ConsoleSigninWithoutMfa'].map((name, index) => ({
      filterName: name,
      filterPattern: `{ ($.eventName = "${name}") }`,
      metricTransformations: [{ metricName: name, metricNamespace: 'CISBenchmark', metricValue: '1' }],
      creationTime: 1700000000000 + index,
      logGroupName: 'cloudtrail',
    })),
  },
  'regions/eu-west-1/cloudwatch/describe-alarms.json': {
    MetricAlarms: [{
      AlarmName: 'root-usage', AlarmArn: `arn:aws:cloudwatch:eu-west-1:${ALPHA}:alarm:root-usage`, AlarmConfigurationUpdatedTimestamp: '2023-03-01T12:00:00+00:00',
      ActionsEnabled: true, OKActions: [], AlarmActions: [TOPIC], InsufficientDataActions: [], StateValue: 'OK', StateReason: 'Threshold Crossed',
      StateUpdatedTimestamp: '2024-01-02T03:04:05+00:00', MetricName: 'RootUsage', Namespace: 'CISBenchmark', Statistic: 'Sum', Dimensions: [],
      Period: 300, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching',
    }],
    CompositeAlarms: [],
  },
  'regions/eu-west-1/sns/list-topics.json': { Topics: [{ TopicArn: TOPIC }] },
  'regions/eu-west-1/sns/list-subscriptions-by-topic.json': {
    [TOPIC]: {
      Subscriptions: ['alice', 'bob', 'carol'].map((user, index) => ({
        SubscriptionArn: index === 2 ? 'PendingConfirmation' : `${TOPIC}:0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f${index}`,
        Owner: ALPHA, Protocol: 'email', Endpoint: `${user}@example.com`, TopicArn: TOPIC,
      })),
    },
  },
  'regions/eu-west-1/ec2/describe-security-groups.json': {
    SecurityGroups: ['default', 'ssh-from-anywhere', 'web'].map((name, index) => ({
      Description: `${name} group`,
      GroupName: name,
      IpPermissions: [{ FromPort: 22, IpProtocol: 'tcp', IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'ssh' }], Ipv6Ranges: [], PrefixListIds: [], ToPort: 22, UserIdGroupPairs: [] }],
      OwnerId: ALPHA,
      GroupId: `sg-0123456789abcdef${index}`,
      IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }],
      VpcId: 'vpc-0a1b2c3d4e5f60718',
    })),
  },
  's3api/list-buckets.json': {
    Buckets: [{ Name: 'org-cloudtrail-logs', CreationDate: '2023-01-02T03:04:05+00:00' }, { Name: 'public-site', CreationDate: '2023-06-07T08:09:10+00:00' }],
    Owner: { DisplayName: 'auditor', ID: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' },
  },
  's3api/get-bucket-policy.json': {
    'org-cloudtrail-logs': { Policy: '{"Version":"2012-10-17","Statement":[{"Sid":"AWSCloudTrailWrite","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::org-cloudtrail-logs/AWSLogs/*"}]}' },
    'public-site': { Error: { Code: 'NoSuchBucketPolicy', Message: 'The bucket policy does not exist' } },
  },
};

/** An account without a custom password policy, as the AWS CLI's error is recorded. */
const BETA_FILES: Record<string, unknown> = {
  'sts/get-caller-identity.json': { UserId: 'AIDASAMPLEUSERID00002', Account: BETA, Arn: `arn:aws:iam::${BETA}:user/auditor` },
  [snapshotPath(getAccountSummary)]: { SummaryMap: { AccountAccessKeysPresent: 1, AccountMFAEnabled: 0, Users: 1 } },
  [snapshotPath(getAccountPasswordPolicy)]: { Error: { Code: 'NoSuchEntity', Message: `The Password Policy with domain name ${BETA} cannot be found.` } },
  [snapshotPath(describeRegions)]: ALPHA_FILES[snapshotPath(describeRegions)],
};

async function writeFolder(dir: string, files: Record<string, unknown>): Promise<void> {
  for (const [file, value] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), cliJson(value));
  }
}

/** The file (or, per resource, the entry) a command's output is kept as. */
function recorded(files: Record<string, unknown>, source: SourceSpec, at: SourceAt, key?: string): unknown {
  const value = files[snapshotPath(source, at)] as Record<string, unknown>;
  return key === undefined ? value : value[key];
}

const AWS_CLI = '/usr/bin/aws';

/** Debian's `aws` (v2; not a v1 that may come first on PATH), with only the environment given. */
function awsCli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  if (!existsSync(AWS_CLI)) throw new Error(`${AWS_CLI} is missing: install Debian's AWS CLI v2 with apt-get install -y --no-install-recommends awscli`);
  return new Promise((resolve) => {
    execFile(AWS_CLI, ['--output', 'json', ...args], { env: { PATH: process.env.PATH, AWS_PAGER: '', AWS_DEFAULT_REGION: 'us-east-1', ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('loopback endpoint serving snapshot folders', () => {
  let root: string;
  let endpoint: AwsEndpoint;
  let restoreEnv: () => void;
  const folder = (name: string) => path.join(root, name);

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'assetql-loopback-'));
    await writeFolder(folder('alpha'), ALPHA_FILES);
    await writeFolder(folder('beta'), BETA_FILES);
    endpoint = await startAwsEndpoint({
      accounts: [
        { id: ALPHA, name: 'Alpha', accessKeyId: ALPHA_KEY, snapshot: folder('alpha') },
        { id: BETA, name: 'Beta', accessKeyId: BETA_KEY, snapshot: folder('beta') },
      ],
      sources: PROTOCOL_SOURCES,
      pageSize: 2,
    });
    restoreEnv = useSdkEnvironment({ endpointUrl: endpoint.url, accessKeyId: ALPHA_KEY, region: 'eu-west-1', credentialsFile: `[beta]\naws_access_key_id = ${BETA_KEY}\naws_secret_access_key = x\n` });
  });
  afterAll(async () => {
    restoreEnv();
    await endpoint.close();
    await rm(root, { recursive: true, force: true });
  });
  afterEach(() => endpoint.resetCalls());

  /** Where each source is read: regional ones in eu-west-1, the hub also where it is not enabled. */
  const READS: [SourceSpec, SourceAt][] = [
    [getAccountSummary, {}], [getAccountPasswordPolicy, {}], [describeRegions, {}],
    ...PROTOCOL_SOURCES.map((source): [SourceSpec, SourceAt] => [source, source.scope === 'region' ? EU : {}]),
    [sourceById('securityhub/describe-hub'), US],
  ];

  it('gives the SDK, through the live connector, every value the snapshot connector reads from the same folder', async () => {
    const live = createAwsConnector({ id: 'alpha', provider: 'aws' }, FAST);
    const offline = new SnapshotConnector({ id: 'alpha', dir: folder('alpha') });
    for (const [source, at] of READS) {
      const parent = source.perResource ? (await offline.read(source.perResource.parent, at)).value : undefined;
      const expected = (await offline.read(source, at)).value;
      expect((await live.read(source, at, parent)).value, `${source.id} ${at.region ?? ''}`).toEqual(expected);
    }
    // Three items at two a page: the SDK followed each operation's own tokens to the second page.
    for (const operation of ['ListAnalyzers', 'ListKeys', 'DescribeMetricFilters', 'ListSubscriptionsByTopic', 'DescribeSecurityGroups']) {
      expect(endpoint.count(operation), operation).toBe(2);
    }
    expect(new Set(endpoint.calls.map((call) => call.service))).toEqual(new Set(['iam', 'ec2', 'access-analyzer', 'securityhub', 'cloudtrail', 'kms', 'logs', 'monitoring', 'sns', 's3']));
  });

  it('answers a recorded error with its code and the status the service gives it', async () => {
    const live = createAwsConnector({ id: 'alpha', provider: 'aws' }, FAST);
    await live.read(sourceById('s3api/get-bucket-policy'), {}, ALPHA_FILES['s3api/list-buckets.json']);
    await live.read(sourceById('securityhub/describe-hub'), US);
    const beta = createAwsConnector({ id: 'beta', provider: 'aws', profile: 'beta' }, FAST);
    expect((await beta.read(getAccountPasswordPolicy, {})).value).toEqual(BETA_FILES[snapshotPath(getAccountPasswordPolicy)]);
    const answered = endpoint.calls.filter((call) => call.error).map((call) => [call.action, call.error, call.status]);
    // 404 and 401 from the SDK packages' error models; S3 does not model its "no policy".
    expect(answered).toEqual([['GetBucketPolicy', 'NoSuchBucketPolicy', 404], ['DescribeHub', 'InvalidAccessException', 401], ['GetAccountPasswordPolicy', 'NoSuchEntity', 404]]);
  });

  it('fails a source whose file the folder lacks at once, naming the file', async () => {
    const live = createAwsConnector({ id: 'alpha', provider: 'aws' }, FAST);
    const error = await live.read(sourceById('cloudtrail/describe-trails'), US).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'LoopbackFixtureMissing', message: expect.stringContaining(`${folder('alpha')} has no regions/us-east-1/cloudtrail/describe-trails.json (write what \`aws cloudtrail describe-trails --region us-east-1\` prints there)`) });
    // A client fault: neither the SDK nor assetql retries it.
    expect(endpoint.count('DescribeTrails')).toBe(1);
  });

  it('answers an operation no source declares as the service does', async () => {
    const { IAMClient, ListUsersCommand } = await import('@aws-sdk/client-iam');
    const { KMSClient, ListAliasesCommand } = await import('@aws-sdk/client-kms');
    const { AccessAnalyzerClient, GetAnalyzerCommand } = await import('@aws-sdk/client-accessanalyzer');
    const config = { maxAttempts: 1 };
    await expect(new IAMClient(config).send(new ListUsersCommand({}))).rejects.toMatchObject({ name: 'InvalidAction', $metadata: { httpStatusCode: 400 } });
    await expect(new KMSClient(config).send(new ListAliasesCommand({}))).rejects.toMatchObject({ name: 'UnknownOperationException', $metadata: { httpStatusCode: 400 } });
    await expect(new AccessAnalyzerClient(config).send(new GetAnalyzerCommand({ analyzerName: 'account' }))).rejects.toMatchObject({ name: 'UnknownOperationException', $metadata: { httpStatusCode: 404 } });
  });

  it('routes S3 requests naming the bucket in the host as those naming it in the path', async () => {
    const ask = (host: string, requestPath: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const authorization = `AWS4-HMAC-SHA256 Credential=${ALPHA_KEY}/20240601/eu-west-1/s3/aws4_request, SignedHeaders=host, Signature=0`;
        const req = request(`${endpoint.url}${requestPath}`, { headers: { host, authorization } }, (res) => {
          let body = '';
          res.on('data', (chunk) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });
    const port = new URL(endpoint.url).port;
    const policy = (ALPHA_FILES['s3api/get-bucket-policy.json'] as Record<string, { Policy: string }>)['org-cloudtrail-logs'].Policy;
    expect(await ask(`org-cloudtrail-logs.localhost:${port}`, '/?policy')).toEqual({ status: 200, body: policy });
    expect(await ask(`127.0.0.1:${port}`, '/org-cloudtrail-logs?policy')).toEqual({ status: 200, body: policy });
    expect(await ask(`public-site.localhost:${port}`, '/?policy')).toMatchObject({ status: 404, body: expect.stringContaining('<Code>NoSuchBucketPolicy</Code>') });
    expect(endpoint.calls.map((call) => call.action)).toEqual(['GetBucketPolicy', 'GetBucketPolicy', 'GetBucketPolicy']);
  });

  describe("with Debian's AWS CLI v2", () => {
    let cliHome: string;
    beforeAll(async () => {
      cliHome = await mkdtemp(path.join(tmpdir(), 'assetql-awscli-'));
      await writeFile(path.join(cliHome, 'config'), '');
      await writeFile(path.join(cliHome, 'credentials'), `[alpha]\naws_access_key_id = ${ALPHA_KEY}\naws_secret_access_key = x\n\n[beta]\naws_access_key_id = ${BETA_KEY}\naws_secret_access_key = x\n`);
    });
    afterAll(() => rm(cliHome, { recursive: true, force: true }));

    /** `aws <args>` against the endpoint as one of the accounts, with nothing of this machine's AWS setup. */
    const aws = (args: string[], profile = 'alpha') => awsCli(['--endpoint-url', endpoint.url, ...args], { AWS_PROFILE: profile, AWS_CONFIG_FILE: path.join(cliHome, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(cliHome, 'credentials'), HOME: cliHome });
    /** The AWS CLI command that writes a source's file (or one entry of it), without the leading `aws`. */
    const commandOf = (source: SourceSpec, at: SourceAt, key?: string) => cliCommand(source, at, key).split(' ').slice(1);

    const PRINTED: [SourceSpec, SourceAt, string?][] = [
      [getAccountSummary, {}], [getAccountPasswordPolicy, {}], [describeRegions, {}],
      ...PROTOCOL_SOURCES.map((source): [SourceSpec, SourceAt, string?] => {
        const at = source.scope === 'region' ? EU : {};
        const key = source.perResource ? Object.keys(recorded(ALPHA_FILES, source, at) as object)[0] : undefined;
        return [source, at, key];
      }),
    ];

    it.each(PRINTED.map(([source, at, key]) => [cliCommand(source, at, key), source, at, key] as const))('%s prints its file', async (_command, source, at, key) => {
      const printed = await aws(commandOf(source, at, key));
      expect(printed.stderr).toBe('');
      expect(JSON.parse(printed.stdout)).toEqual(recorded(ALPHA_FILES, source, at, key));
    });

    it.each([
      ['aws iam get-account-password-policy', commandOf(getAccountPasswordPolicy, {}), 'beta', `(NoSuchEntity) when calling the GetAccountPasswordPolicy operation: The Password Policy with domain name ${BETA} cannot be found.`],
      ['aws securityhub describe-hub --region us-east-1', commandOf(sourceById('securityhub/describe-hub'), US), 'alpha', `(InvalidAccessException) when calling the DescribeHub operation: Account ${ALPHA} is not subscribed to AWS Security Hub`],
      ['aws s3api get-bucket-policy --bucket public-site', commandOf(sourceById('s3api/get-bucket-policy'), {}, 'public-site'), 'alpha', '(NoSuchBucketPolicy) when calling the GetBucketPolicy operation: The bucket policy does not exist'],
    ])('%s prints the recorded error', async (_command, args, profile, message) => {
      const printed = await aws(args, profile);
      expect(printed.code).not.toBe(0);
      expect(printed.stdout).toBe('');
      expect(printed.stderr).toContain(`An error occurred ${message}`);
    });
  });
});

describe('npm run aws-endpoint', () => {
  it('serves snapshot folders until stopped, and writes the environment to reach them', async () => {
    const work = await mkdtemp(path.join(tmpdir(), 'assetql-endpoint-cli-'));
    const envFile = path.join(work, 'env');
    const child = spawn(process.execPath, ['dist/test/support/aws-endpoint/cli.js', '--accounts', 'examples/accounts/production', 'examples/accounts/sandbox', '--write-env', envFile], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      let printed = '';
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk) => {
          printed += chunk;
          if (printed.includes('export AWS_ACCESS_KEY_ID=')) resolve();
        });
        exited.then((code) => reject(new Error(`aws-endpoint exited ${code} before listening`)));
      });
      expect(printed).toMatch(/^loopback AWS endpoint on http:\/\/127\.0\.0\.1:\d+, serving 2 accounts until interrupted\n/);
      expect(printed).toContain("\nexport AWS_ACCESS_KEY_ID=AKIA210987654321LOOP  # example-production (210987654321), the Organization's management account\n");
      expect(printed).toContain('# export AWS_ACCESS_KEY_ID=AKIA456789012345LOOP  # example-sandbox (456789012345)');
      // The file a script sources: the same lines, and how to stop the endpoint.
      const env = Object.fromEntries([...(await readFile(envFile, 'utf8')).matchAll(/^(?:export )?(\w+)=(\S*)/gm)].map(([, name, value]) => [name, value]));
      expect(env).toMatchObject({ AWS_ENDPOINT_URL: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), AWS_ACCESS_KEY_ID: 'AKIA210987654321LOOP', LOOPBACK_ENDPOINT_PID: String(child.pid) });
      const printedSummary = await awsCli(['--endpoint-url', env.AWS_ENDPOINT_URL, 'iam', 'get-account-summary'], { AWS_ACCESS_KEY_ID: env.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: 'anything', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' });
      expect(JSON.parse(printedSummary.stdout)).toEqual(JSON.parse(await readFile(path.join(PROJECT_ROOT, 'examples/accounts/production/account-summary.json'), 'utf8')));
      const sandbox = await awsCli(['--endpoint-url', env.AWS_ENDPOINT_URL, 'sts', 'get-caller-identity'], { AWS_ACCESS_KEY_ID: 'AKIA456789012345LOOP', AWS_SECRET_ACCESS_KEY: 'anything', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' });
      expect(JSON.parse(sandbox.stdout)).toMatchObject({ Account: '456789012345' });
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      await rm(work, { recursive: true, force: true });
    }
  });
});
