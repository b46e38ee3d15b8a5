import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SNAPSHOT_CONFIG_FILE, snapshotCommand } from '../../src/cli/commands/snapshot.js';
import { loadConfig } from '../../src/config/config.js';
import { createConnectors } from '../../src/sources/create-connectors.js';
import { writeSnapshot } from '../../src/connectors/snapshot-writer.js';
import { SnapshotConnector } from '../../src/connectors/snapshot.js';
import { createEngine } from '../../src/index.js';
import { credentialReportCsv, startAwsEndpoint, type AwsEndpoint } from '../support/aws-endpoint/index.js';
import { useSdkEnvironment } from '../support/aws-endpoint/sdk-env.js';
import { BASE_KEY, FAST, MANAGEMENT, PRODUCTION, SANDBOX, STAGING, organizationAccounts } from './fixtures.js';

/** Everything the schema offers per account, so a round trip is compared in full. */
const FULL_QUERY = `{
  connectors { ...AssetFragment }
  rootUsers { ...AssetFragment arn hasIAMUserCredentials { reportGeneratedAt mfaActive accessKey1Active accessKey1LastRotated accessKey2Active raw { user arn passwordEnabled accessKey1LastUsedService } } connector { ...AssetFragment } }
  iamUsers { ...AssetFragment arn hasIAMUserCredentials { passwordLastUsed accessKey1Active accessKey2Active accessKey2LastUsedRegion } }
  iamAccountSummaries { ...AssetFragment accountAccessKeysPresent accountMFAEnabled hasIAMAccountSummaryItem { key value } }
  iamPasswordPolicies { ...AssetFragment isDefault minimumPasswordLength requireSymbols expirePasswords maxPasswordAge passwordReusePrevention hardExpiry }
}`;

function capture() {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

describe('assetql snapshot', () => {
  let endpoint: AwsEndpoint;
  let restoreEnv: () => void;
  let dir: string;
  let configFile: string;

  beforeAll(async () => {
    endpoint = await startAwsEndpoint({ accounts: organizationAccounts(), managementAccountId: MANAGEMENT });
    restoreEnv = useSdkEnvironment({ endpointUrl: endpoint.url, accessKeyId: BASE_KEY });
    dir = await mkdtemp(path.join(tmpdir(), 'assetql-snapshot-'));
    configFile = path.join(dir, 'assetql.config.yaml');
    await writeFile(configFile, 'connectors:\n  - discover: organization\n    roleName: OrganizationAccountAccessRole\nconcurrency: 2\n');
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

  it('writes one folder per live account that reads back with the same query results as live', async () => {
    const out = path.join(dir, 'out');
    const stdout = capture();
    const stderr = capture();
    const code = await snapshotCommand({ config: configFile, out }, { stdout: stdout.stream, stderr: stderr.stream, isTTY: false }, { awsTiming: FAST });
    expect(code).toBe(0);
    expect(stderr.text()).toBe(`4 accounts written, 0 failed\nread back with: assetql query --config ${path.join(out, SNAPSHOT_CONFIG_FILE)}\n`);
    expect(stdout.text().trim().split('\n')).toEqual([MANAGEMENT, PRODUCTION, STAGING, SANDBOX].map((id) => path.join(out, id)));
    expect((await readdir(out)).sort()).toEqual([MANAGEMENT, PRODUCTION, STAGING, SANDBOX, SNAPSHOT_CONFIG_FILE].sort());
    expect(await readdir(path.join(out, SANDBOX))).not.toContain('password-policy.json');
    expect(JSON.parse(await readFile(path.join(out, MANAGEMENT, 'snapshot.json'), 'utf8'))).toEqual({
      reportGeneratedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/),
      accountAliases: ['acme-management'],
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
    } finally {
      await live.close();
      await offline.close();
    }
    const written = await Promise.all((await readdir(out, { recursive: true })).map((f) => readFile(path.join(out, f), 'utf8').catch(() => '')));
    expect(written.join('\n')).not.toMatch(/fake-secret|ASIA[A-Z0-9]{16}/);
  });

  it('exits 2 naming the failed account and its AWS code; the others are written', async () => {
    endpoint.addFault({ actions: ['GetAccountSummary'], account: STAGING, error: 'AccessDenied' });
    const out = path.join(dir, 'partial');
    const stdout = capture();
    const stderr = capture();
    const code = await snapshotCommand({ config: configFile, out }, { stdout: stdout.stream, stderr: stderr.stream, isTTY: true }, { awsTiming: FAST });
    expect(code).toBe(2);
    // What a terminal shows: the progress line is redrawn with \r and cleared before the summary.
    const lines = stderr.text().split('\n').map((line) => line.split('\r').pop()!.replaceAll('\x1b[2K', ''));
    expect(stderr.text()).toContain('loading accounts: ');
    expect(lines).toContain('3 accounts written, 1 failed');
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^  ${STAGING}: AccessDenied: GetAccountSummary: AccessDenied: User: .* is not authorized`)));
    expect((await readdir(out)).sort()).toEqual([MANAGEMENT, PRODUCTION, SANDBOX, SNAPSHOT_CONFIG_FILE].sort());
    expect(await readFile(path.join(out, SNAPSHOT_CONFIG_FILE), 'utf8')).not.toContain(STAGING);
  });

  it('refuses a config without live accounts', async () => {
    const offlineOnly = path.join(dir, 'offline.yaml');
    await writeFile(offlineOnly, 'connectors:\n  - id: a\n    provider: aws\n    snapshot: ./a\n');
    const io = { stdout: capture().stream, stderr: capture().stream, isTTY: false };
    await expect(snapshotCommand({ config: offlineOnly, out: path.join(dir, 'none') }, io)).rejects.toThrow(/no live AWS accounts to snapshot/);
  });

  it('prints no progress when stderr is not a terminal', async () => {
    const stderr = capture();
    await snapshotCommand({ config: configFile, out: path.join(dir, 'quiet') }, { stdout: capture().stream, stderr: stderr.stream, isTTY: false }, { awsTiming: FAST });
    expect(stderr.text()).not.toContain('loading accounts');
    expect(stderr.text()).not.toContain('\r');
  });
});

describe('snapshot writer', () => {
  const data = {
    credentialReport: { csv: credentialReportCsv('123456789012', {}), generatedAt: new Date('2024-06-01T10:00:00Z') },
    accountSummary: { AccountMFAEnabled: 1 },
    passwordPolicy: { MinimumPasswordLength: 14 },
    accountAliases: ['acme'],
  };

  it('replaces an older snapshot whole, so a removed password policy does not survive', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'assetql-writer-'));
    try {
      const folder = path.join(dir, 'acct');
      await writeSnapshot(folder, data);
      expect((await readdir(folder)).sort()).toEqual(['account-summary.json', 'credential-report.csv', 'password-policy.json', 'snapshot.json']);
      await writeSnapshot(folder, { ...data, passwordPolicy: null, accountAliases: undefined });
      expect((await readdir(folder)).sort()).toEqual(['account-summary.json', 'credential-report.csv', 'snapshot.json']);
      const connector = new SnapshotConnector({ id: 'acct', dir: folder });
      expect(await connector.passwordPolicy()).toBeNull();
      expect(await connector.identify()).toEqual({ accountId: '123456789012', name: 'acct' });
      expect((await connector.credentialReport()).generatedAt).toEqual(data.credentialReport.generatedAt);
      expect(await readdir(dir)).toEqual(['acct']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses to replace a folder holding anything but snapshot files', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'assetql-writer-'));
    try {
      await mkdir(path.join(dir, 'acct'));
      await writeFile(path.join(dir, 'acct', 'notes.txt'), 'mine');
      await expect(writeSnapshot(path.join(dir, 'acct'), data)).rejects.toThrow(/not part of a snapshot \(notes.txt\)/);
      expect(await readdir(path.join(dir, 'acct'))).toEqual(['notes.txt']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
