import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SNAPSHOT_CONFIG_FILE, snapshotCommand } from '../../src/cli/commands/snapshot.js';
import { loadConfig } from '../../src/config/config.js';
import { createConnectors } from '../../src/sources/create-connectors.js';
import { SnapshotConnector } from '../../src/sources/snapshot/snapshot-connector.js';
import { writeSnapshotFolder } from '../../src/sources/snapshot/snapshot-writer.js';
import { getAccountSummary } from '../../src/model/iam-account-summary/sources.js';
import { createEngine } from '../../src/index.js';
import { captureIO } from '../checks/helpers.js';
import { startAwsEndpoint, type AwsEndpoint } from '../support/aws-endpoint/index.js';
import { useSdkEnvironment } from '../support/aws-endpoint/sdk-env.js';
import { loggingFiles } from '../support/logging-snapshot.js';
import { BASE_KEY, FAST, MANAGEMENT, PRODUCTION, SANDBOX, STAGING, organizationAccounts } from './fixtures.js';

/** Everything the schema offers per account, so a round trip is compared in full. */
const FULL_QUERY = `{
  connectors { ...AssetFragment arn }
  rootUsers { ...AssetFragment arn hasIAMUserCredentials { reportGeneratedAt mfaActive accessKey1Active accessKey1LastRotated accessKey2Active raw { user arn passwordEnabled accessKey1LastUsedService } } connector { ...AssetFragment } }
  iamUsers { ...AssetFragment arn hasIAMUserCredentials { passwordLastUsed accessKey1Active accessKey2Active accessKey2LastUsedRegion } }
  iamAccountSummaries { ...AssetFragment accountAccessKeysPresent accountMFAEnabled hasIAMAccountSummaryItem { key value } }
  iamPasswordPolicies { ...AssetFragment isDefault minimumPasswordLength requireSymbols expirePasswords maxPasswordAge passwordReusePrevention hardExpiry }
  awsRegions { ...AssetFragment optInStatus enabled inScope endpoint }
}`;

const roleIn = (account: string) => `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`;
const ACCOUNTS = [MANAGEMENT, PRODUCTION, STAGING, SANDBOX];
/** Each file of a folder, by its path inside it. */
async function filesOf(dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
  return Object.fromEntries(await Promise.all(files.sort().map(async (file) => [file, await readFile(path.join(dir, file), 'utf8')] as const)));
}

describe('assetql snapshot', () => {
  let endpoint: AwsEndpoint;
  let restoreEnv: () => void;
  let dir: string;
  let configFile: string;
  /** Two configured accounts: `audit` asks STS who it is, `prod` knows its id from the role ARN. */
  let twoAccounts: string;

  beforeAll(async () => {
    endpoint = await startAwsEndpoint({ accounts: organizationAccounts(), managementAccountId: MANAGEMENT });
    restoreEnv = useSdkEnvironment({ endpointUrl: endpoint.url, accessKeyId: BASE_KEY });
    dir = await mkdtemp(path.join(tmpdir(), 'assetql-snapshot-'));
    configFile = path.join(dir, 'assetql.config.yaml');
    await writeFile(configFile, 'connectors:\n  - discover: organization\n    roleName: OrganizationAccountAccessRole\nconcurrency: 2\n');
    twoAccounts = path.join(dir, 'two.yaml');
    await writeFile(twoAccounts, `connectors:\n  - id: audit\n    provider: aws\n  - id: prod\n    provider: aws\n    roleArn: ${roleIn(PRODUCTION)}\n`);
  });
  afterAll(async () => {
    restoreEnv();
    await endpoint.close();
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    endpoint.clearFaults();
    endpoint.resetCalls();
  });

  it('writes one folder per live account holding every source, that reads back with the same query results as live', async () => {
    const out = path.join(dir, 'out');
    const io = captureIO();
    expect(await snapshotCommand({ config: configFile, out }, io, { awsTiming: FAST })).toBe(0);
    expect(io.err).toBe(`4 accounts written (0 with sources that could not be read), 0 failed\nread back with: assetql query --config ${path.join(out, SNAPSHOT_CONFIG_FILE)}\n`);
    expect(io.out.trim().split('\n')).toEqual(ACCOUNTS.map((id) => path.join(out, id)));
    expect((await readdir(out)).sort()).toEqual([...ACCOUNTS, SNAPSHOT_CONFIG_FILE].sort());

    const management = await filesOf(path.join(out, MANAGEMENT));
    expect(Object.keys(management)).toEqual([
      'account-summary.json', 'credential-report.csv', 'ec2/describe-regions.json',
      'iam/get-account-authorization-details.json', 'iam/list-open-id-connect-providers.json', 'iam/list-saml-providers.json',
      'iam/list-server-certificates.json', 'iam/list-virtual-mfa-devices.json', 'password-policy.json',
      'regions/eu-west-1/accessanalyzer/list-analyzers.json',
      'regions/eu-west-1/ec2/describe-flow-logs.json',
      'regions/eu-west-1/ec2/describe-instances.json',
      'regions/eu-west-1/ec2/describe-network-acls.json',
      'regions/eu-west-1/ec2/describe-security-groups.json',
      'regions/eu-west-1/ec2/describe-volumes.json',
      'regions/eu-west-1/ec2/describe-vpcs.json',
      'regions/eu-west-1/ec2/get-ebs-encryption-by-default.json',
      'regions/eu-west-1/efs/describe-file-systems.json',
      'regions/eu-west-1/rds/describe-db-clusters.json',
      'regions/eu-west-1/rds/describe-db-instances.json',
      'regions/us-east-1/accessanalyzer/list-analyzers.json',
      'regions/us-east-1/ec2/describe-flow-logs.json',
      'regions/us-east-1/ec2/describe-instances.json',
      'regions/us-east-1/ec2/describe-network-acls.json',
      'regions/us-east-1/ec2/describe-security-groups.json',
      'regions/us-east-1/ec2/describe-volumes.json',
      'regions/us-east-1/ec2/describe-vpcs.json',
      'regions/us-east-1/ec2/get-ebs-encryption-by-default.json',
      'regions/us-east-1/efs/describe-file-systems.json',
      'regions/us-east-1/rds/describe-db-clusters.json',
      'regions/us-east-1/rds/describe-db-instances.json',
      's3api/get-bucket-acl.json', 's3api/get-bucket-encryption.json', 's3api/get-bucket-logging.json', 's3api/get-bucket-policy.json',
      's3api/get-bucket-versioning.json', 's3api/get-public-access-block.json', 's3api/list-buckets.json',
      's3control/get-public-access-block.json',
      // Logging and monitoring: nothing configured, Security Hub not enabled, in each enabled region.
      ...Object.keys(loggingFiles(MANAGEMENT, ['eu-west-1', 'us-east-1'])),
      'snapshot.json', 'sts/get-caller-identity.json',
    ].sort());
    expect(JSON.parse(management['snapshot.json'])).toEqual({
      takenAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      accountId: MANAGEMENT,
      reportGeneratedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/),
      // The enabled regions: af-south-1 is not opted in.
      regions: ['eu-west-1', 'us-east-1'],
      accountAliases: ['acme-management'],
    });
    expect(JSON.parse(management['sts/get-caller-identity.json'])).toEqual({ Account: MANAGEMENT });
    expect(JSON.parse(management['ec2/describe-regions.json']).Regions.map((r: { RegionName: string }) => r.RegionName)).toEqual(['eu-west-1', 'us-east-1', 'af-south-1']);
    // No custom policy is recorded as the answer IAM gave, never as a missing file.
    expect(JSON.parse(await readFile(path.join(out, SANDBOX, 'password-policy.json'), 'utf8'))).toEqual({
      Error: { Code: 'NoSuchEntity', Message: `The Password Policy with domain name ${SANDBOX} cannot be found.` },
    });
    expect(endpoint.calls.filter((c) => c.action === 'GetCredentialReport').length).toBe(4);

    const live = await createEngine({ config: configFile, connectors: await createConnectors(await loadConfig(configFile), { awsTiming: FAST }) });
    const offline = await createEngine({ config: path.join(out, SNAPSHOT_CONFIG_FILE) });
    try {
      expect(offline.connectors.every((c) => c instanceof SnapshotConnector)).toBe(true);
      const [liveResult, offlineResult] = [await live.query(FULL_QUERY), await offline.query(FULL_QUERY)];
      expect(liveResult.errors).toBeUndefined();
      expect(offlineResult).toEqual(liveResult);
      expect((liveResult.data as { rootUsers: unknown[] }).rootUsers).toHaveLength(4);
      expect((liveResult.data as { iamPasswordPolicies: { isDefault: boolean }[] }).iamPasswordPolicies.map((p) => p.isDefault)).toEqual([false, false, false, true]);
    } finally {
      await live.close();
      await offline.close();
    }
    const written = await Promise.all((await readdir(out, { recursive: true })).map((f) => readFile(path.join(out, f), 'utf8').catch(() => '')));
    expect(written.join('\n')).not.toMatch(/fake-secret|ASIA[A-Z0-9]{16}/);
  });

  it('records a source that could not be read in its file, exits 2 naming it, and reads it back as the same error', async () => {
    endpoint.addFault({ actions: ['GetAccountSummary'], account: STAGING, error: 'AccessDenied' });
    const out = path.join(dir, 'partial');
    const io = captureIO({ isTTY: true });
    expect(await snapshotCommand({ config: configFile, out }, io, { awsTiming: FAST })).toBe(2);
    // What a terminal shows: the progress line is redrawn with \r and cleared before the summary.
    const lines = io.err.split('\n').map((line) => line.split('\r').pop()!.replaceAll('\x1b[2K', ''));
    expect(io.err).toContain('loading accounts: ');
    expect(lines).toContain('4 accounts written (1 with sources that could not be read), 0 failed');
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^  ${STAGING}: iam/get-account-summary: AccessDenied: GetAccountSummary: AccessDenied: User: .* is not authorized`)));
    const recorded = JSON.parse(await readFile(path.join(out, STAGING, 'account-summary.json'), 'utf8'));
    expect(recorded.Error.Code).toBe('AccessDenied');
    const connector = new SnapshotConnector({ id: STAGING, dir: path.join(out, STAGING) });
    await expect(connector.read(getAccountSummary, {})).rejects.toMatchObject({ code: 'AccessDenied', message: expect.stringContaining('the snapshot recorded a failed call') });
  });

  it('reports an account whose identity cannot be had as failed, writes the others, and leaves the failed one out of the config', async () => {
    endpoint.addFault({ actions: ['GetCallerIdentity'], error: 'AccessDenied' });
    const out = path.join(dir, 'one-failed');
    const io = captureIO();
    expect(await snapshotCommand({ config: twoAccounts, out }, io, { awsTiming: FAST })).toBe(2);
    expect(io.err).toContain('1 account written (0 with sources that could not be read), 1 failed\n');
    expect(io.err).toMatch(/\n {2}audit: AccessDenied: GetCallerIdentity: AccessDenied: User: .* is not authorized to perform: sts:GetCallerIdentity/);
    expect((await readdir(out)).sort()).toEqual(['prod', SNAPSHOT_CONFIG_FILE].sort());
    const config = await loadConfig(path.join(out, SNAPSHOT_CONFIG_FILE));
    expect(config.connectors.map((entry) => ('id' in entry ? entry.id : entry.kind))).toEqual(['prod']);
  });

  it('removes the old config when every account fails, so it cannot point at stale folders', async () => {
    const out = path.join(dir, 'all-failed');
    await mkdir(out, { recursive: true });
    await writeFile(path.join(out, SNAPSHOT_CONFIG_FILE), 'connectors:\n  - id: audit\n    provider: aws\n    snapshot: ./audit\n');
    const onlyAudit = path.join(dir, 'audit.yaml');
    await writeFile(onlyAudit, 'connectors:\n  - id: audit\n    provider: aws\n');
    endpoint.addFault({ actions: ['GetCallerIdentity'], error: 'AccessDenied' });
    const io = captureIO();
    expect(await snapshotCommand({ config: onlyAudit, out }, io, { awsTiming: FAST })).toBe(2);
    expect(io.err).toContain('0 accounts written (0 with sources that could not be read), 1 failed\n');
    expect(io.err).not.toContain('read back with');
    expect(await readdir(out)).toEqual([]);
  });

  it('leaves an account folder holding files of its own untouched and reports that account failed', async () => {
    const out = path.join(dir, 'foreign');
    await mkdir(path.join(out, 'audit'), { recursive: true });
    await writeFile(path.join(out, 'audit', 'notes.txt'), 'mine');
    const io = captureIO();
    expect(await snapshotCommand({ config: twoAccounts, out }, io, { awsTiming: FAST })).toBe(2);
    expect(io.err).toMatch(/\n {2}audit: WriteFailed: .*audit holds files that are not part of a snapshot \(notes\.txt\); not replacing it\n/);
    expect(await readdir(path.join(out, 'audit'))).toEqual(['notes.txt']);
    const config = await loadConfig(path.join(out, SNAPSHOT_CONFIG_FILE));
    expect(config.connectors.map((entry) => ('id' in entry ? entry.id : entry.kind))).toEqual(['prod']);
  });

  it('refuses a config without live accounts', async () => {
    const offlineOnly = path.join(dir, 'offline.yaml');
    await mkdir(path.join(dir, 'a'), { recursive: true });
    await writeFile(offlineOnly, 'connectors:\n  - id: a\n    provider: aws\n    snapshot: ./a\n');
    await expect(snapshotCommand({ config: offlineOnly, out: path.join(dir, 'none') }, captureIO())).rejects.toThrow(/no live AWS accounts to snapshot/);
  });

  it('prints no progress when stderr is not a terminal', async () => {
    const io = captureIO();
    await snapshotCommand({ config: configFile, out: path.join(dir, 'quiet') }, io, { awsTiming: FAST });
    expect(io.err).not.toContain('loading accounts');
    expect(io.err).not.toContain('\r');
  });
});

describe('snapshot folder writer', () => {
  const KNOWN = new Set(['snapshot.json', 'account-summary.json', 'password-policy.json', 'iam']);
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'assetql-writer-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('replaces an older snapshot whole, so a file the new one lacks does not survive', async () => {
    const folder = path.join(dir, 'whole');
    await writeSnapshotFolder(folder, new Map([['account-summary.json', '{}\n'], ['password-policy.json', '{}\n'], ['iam/list-users.json', '{}\n']]), KNOWN);
    await writeSnapshotFolder(folder, new Map([['account-summary.json', '{"new": true}\n']]), KNOWN);
    expect(await filesOf(folder)).toEqual({ 'account-summary.json': '{"new": true}\n' });
    // Nothing of the staging or the previous folder is left beside it.
    expect(await readdir(dir)).toEqual(['whole']);
  });

  it('keeps the old folder as it was when the new one cannot be written', async () => {
    const folder = path.join(dir, 'kept');
    await writeSnapshotFolder(folder, new Map([['account-summary.json', 'old\n']]), KNOWN);
    // `iam` as a file and as a folder: the second write fails halfway.
    await expect(writeSnapshotFolder(folder, new Map([['iam', 'x'], ['iam/list-users.json', '{}']]), KNOWN)).rejects.toMatchObject({ code: expect.stringMatching(/^E/) });
    expect(await filesOf(folder)).toEqual({ 'account-summary.json': 'old\n' });
    expect((await readdir(dir)).filter((name) => name.startsWith('kept'))).toEqual(['kept']);
  });

  it('refuses to replace a folder holding anything but snapshot files', async () => {
    const folder = path.join(dir, 'foreign');
    await mkdir(folder);
    await writeFile(path.join(folder, 'notes.txt'), 'mine');
    await expect(writeSnapshotFolder(folder, new Map([['snapshot.json', '{}']]), KNOWN)).rejects.toThrow(/not part of a snapshot \(notes.txt\)/);
    expect(await readdir(folder)).toEqual(['notes.txt']);
  });
});
