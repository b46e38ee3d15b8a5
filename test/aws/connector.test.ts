import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsConnector } from '../../src/sources/live/index.js';
import { ConnectorError } from '../../src/sources/connector.js';
import { startAwsEndpoint, type AwsEndpoint } from '../support/aws-endpoint/index.js';
import { useSdkEnvironment } from '../support/aws-endpoint/sdk-env.js';
import { BASE_KEY, FAST, useLoopbackOrganization, MANAGEMENT, PRODUCTION, SANDBOX, STAGING, organizationAccounts, iamValues } from './fixtures.js';

const roleIn = (account: string) => `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`;

describe('live AWS connector against the loopback endpoint', () => {
  const aws = useLoopbackOrganization();

  it('reads the base account: identity with its alias as name, report, summary, policy', async () => {
    const connector = createAwsConnector({ id: 'audit', provider: 'aws' }, FAST);
    expect(await connector.identify()).toEqual({ accountId: MANAGEMENT, name: 'acme-management' });
    const report = await iamValues(connector).credentialReport();
    expect(report.origin).toBe('GetCredentialReport');
    expect(report.csv.split('\n')[1]).toMatch(/^<root_account>,arn:aws:iam::111111111111:root,/);
    expect(report.csv).toContain('\nops+admin@acme,arn:aws:iam::111111111111:user/ops+admin@acme,');
    expect(report.generatedAt).toBeInstanceOf(Date);
    expect(Math.abs(report.generatedAt!.getTime() - Date.now())).toBeLessThan(60_000);
    expect(await iamValues(connector).accountSummary()).toMatchObject({ AccountAccessKeysPresent: 0, AccountMFAEnabled: 1 });
    expect(await iamValues(connector).passwordPolicy()).toMatchObject({ MinimumPasswordLength: 14, RequireSymbols: true });
  });

  it('prefers a configured name and takes the account id from the role ARN without asking STS', async () => {
    const connector = createAwsConnector({ id: 'prod', name: 'Prod (EU)', provider: 'aws', roleArn: roleIn(PRODUCTION) }, FAST);
    expect(await connector.identify()).toEqual({ accountId: PRODUCTION, name: 'Prod (EU)' });
    expect(aws.endpoint.count('GetCallerIdentity')).toBe(0);
    expect(aws.endpoint.count('ListAccountAliases')).toBe(0);
  });

  it('reaches another account through one assumed-role session shared by all its calls', async () => {
    const connector = createAwsConnector({ id: 'prod', provider: 'aws', roleArn: roleIn(PRODUCTION) }, FAST);
    await Promise.all([connector.identify(), iamValues(connector).credentialReport(), iamValues(connector).accountSummary(), iamValues(connector).passwordPolicy()]);
    const report = await iamValues(connector).credentialReport();
    expect(report.csv).toContain(`arn:aws:iam::${PRODUCTION}:root`);
    expect(await iamValues(connector).passwordPolicy()).toEqual({ MinimumPasswordLength: 8, RequireSymbols: false, ExpirePasswords: true, MaxPasswordAge: 90, PasswordReusePrevention: 5, HardExpiry: false });
    expect(aws.endpoint.count('AssumeRole')).toBe(1);
    expect(aws.endpoint.calls.filter((c) => c.service === 'iam').every((c) => c.account === PRODUCTION)).toBe(true);
  });

  it('falls back to the id when the account has no alias or listing aliases fails', async () => {
    aws.endpoint.addFault({ actions: ['ListAccountAliases'], error: 'AccessDenied' });
    const connector = createAwsConnector({ id: 'audit', provider: 'aws' }, FAST);
    expect(await connector.identify()).toEqual({ accountId: MANAGEMENT, name: 'audit' });
    const sandbox = createAwsConnector({ id: 'sandbox', provider: 'aws', roleArn: roleIn(SANDBOX) }, FAST);
    expect((await sandbox.identify()).name).toBe('sandbox');
  });

  it('polls a report that takes several polls, with growing waits, then gets it once', async () => {
    const connector = createAwsConnector({ id: 'staging', provider: 'aws', roleArn: roleIn(STAGING) }, FAST);
    const report = await iamValues(connector).credentialReport();
    expect(report.csv).toContain(`arn:aws:iam::${STAGING}:root`);
    // STARTED, INPROGRESS, INPROGRESS, COMPLETE
    expect(aws.endpoint.count('GenerateCredentialReport', { account: STAGING })).toBe(4);
    expect(aws.endpoint.count('GetCredentialReport', { account: STAGING })).toBe(1);
  });

  it('generates again when the report has expired', async () => {
    const account = aws.endpoint.world.accounts.get(SANDBOX)!;
    account.report = { status: 'complete', generatedAt: new Date(Date.now() - 60_000) };
    aws.endpoint.addFault({ actions: ['GetCredentialReport'], account: SANDBOX, error: 'ReportExpired', times: 1 });
    const connector = createAwsConnector({ id: 'sandbox', provider: 'aws', roleArn: roleIn(SANDBOX) }, FAST);
    const report = await iamValues(connector).credentialReport();
    expect(report.csv).toContain(`arn:aws:iam::${SANDBOX}:root`);
    expect(aws.endpoint.calls.filter((c) => c.service === 'iam').map((c) => c.error ?? c.action)).toEqual([
      'GenerateCredentialReport', // COMPLETE: a recent report exists
      'ReportExpired',
      'GenerateCredentialReport', // STARTED
      'GenerateCredentialReport', // COMPLETE
      'GetCredentialReport',
    ]);
  });

  it('generates again when Get finds no report', async () => {
    aws.endpoint.addFault({ actions: ['GetCredentialReport'], account: MANAGEMENT, error: 'ReportNotPresent', times: 1 });
    const connector = createAwsConnector({ id: 'audit', provider: 'aws' }, FAST);
    expect((await iamValues(connector).credentialReport()).csv).toContain(MANAGEMENT);
    expect(aws.endpoint.count('GetCredentialReport', { ok: true })).toBe(1);
  });

  it('treats "no custom password policy" as data, not an error', async () => {
    const connector = createAwsConnector({ id: 'sandbox', provider: 'aws', roleArn: roleIn(SANDBOX) }, FAST);
    expect(await iamValues(connector).passwordPolicy()).toBeNull();
  });

  it('rides out LimitExceeded and heavy throttling with back-off', async () => {
    aws.endpoint.addFault({ actions: ['GenerateCredentialReport'], error: 'LimitExceeded', times: 4 });
    aws.endpoint.addFault({ error: 'Throttling', rate: 0.5 });
    const connector = createAwsConnector({ id: 'prod', provider: 'aws', roleArn: roleIn(PRODUCTION) }, { ...FAST, maxAttempts: 1 });
    expect((await iamValues(connector).credentialReport()).csv).toContain(PRODUCTION);
    expect(await iamValues(connector).accountSummary()).toMatchObject({ AccountAccessKeysPresent: 1 });
    expect(aws.endpoint.count('GetCredentialReport', { ok: true })).toBe(1);
  });

  it('turns AccessDenied into a ConnectorError with the AWS code and message, never an empty report', async () => {
    aws.endpoint.addFault({ actions: ['GenerateCredentialReport', 'GetAccountSummary'], account: PRODUCTION, error: 'AccessDenied' });
    const connector = createAwsConnector({ id: 'prod', provider: 'aws', roleArn: roleIn(PRODUCTION) }, FAST);
    const error = await iamValues(connector).credentialReport().then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ connectorId: 'prod', code: 'AccessDenied' });
    expect((error as Error).message).toMatch(/^connector prod: GetCredentialReport: AccessDenied: User: arn:aws:sts::222222222222:assumed-role\/.* is not authorized to perform: iam:GenerateCredentialReport/);
    await expect(iamValues(connector).accountSummary()).rejects.toMatchObject({ code: 'AccessDenied' });
    expect(aws.endpoint.count('GenerateCredentialReport')).toBe(1);
  });

  it('reports a role that cannot be assumed (wrong ExternalId) as AccessDenied without leaking secrets', async () => {
    aws.endpoint.world.accounts.get(SANDBOX)!.externalId = 'expected-external-id';
    try {
      const connector = createAwsConnector({ id: 'sandbox', provider: 'aws', roleArn: roleIn(SANDBOX), externalId: 'wrong-one' }, FAST);
      const error = (await iamValues(connector).accountSummary().catch((e: unknown) => e)) as ConnectorError;
      expect(error).toMatchObject({ code: 'AccessDenied' });
      expect(error.message).toContain('sts:AssumeRole');
      const text = `${error.message} ${error.stack} ${JSON.stringify(error)} ${String(error.cause)}`;
      expect(text).not.toContain(`fake-secret-${BASE_KEY}`);
      expect(text).not.toContain('wrong-one');

      const right = createAwsConnector({ id: 'sandbox', provider: 'aws', roleArn: roleIn(SANDBOX), externalId: 'expected-external-id' }, FAST);
      expect(await iamValues(right).accountSummary()).toBeTruthy();
    } finally {
      delete aws.endpoint.world.accounts.get(SANDBOX)!.externalId;
    }
  });

  it('gives up on a report at its deadline with a Timeout error naming the last state', async () => {
    aws.endpoint.world.accounts.get(STAGING)!.reportPolls = 1_000;
    aws.endpoint.world.accounts.get(STAGING)!.report = { status: 'none' };
    try {
      const connector = createAwsConnector({ id: 'staging', provider: 'aws', roleArn: roleIn(STAGING) }, { ...FAST, reportDeadlineMs: 150 });
      const started = Date.now();
      const error = await iamValues(connector).credentialReport().catch((e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(error).toMatchObject({ code: 'Timeout' });
      expect((error as Error).message).toMatch(/report still (STARTED|INPROGRESS)/);
    } finally {
      aws.endpoint.world.accounts.get(STAGING)!.reportPolls = 3;
      aws.endpoint.world.accounts.get(STAGING)!.report = { status: 'none' };
    }
  });

  it('aborts a hung call at the deadline', async () => {
    aws.endpoint.addFault({ actions: ['GetAccountSummary'], latencyMs: 2_000 });
    const connector = createAwsConnector({ id: 'audit', provider: 'aws' }, { ...FAST, callDeadlineMs: 100 });
    const started = Date.now();
    await expect(iamValues(connector).accountSummary()).rejects.toMatchObject({ code: 'Timeout' });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('rejects a report older than maxReportAge and explains when IAM will make a new one', async () => {
    const account = aws.endpoint.world.accounts.get(SANDBOX)!;
    account.report = { status: 'complete', generatedAt: new Date(Date.now() - 2 * 3600_000) };
    const connector = createAwsConnector({ id: 'sandbox', provider: 'aws', roleArn: roleIn(SANDBOX), maxReportAge: 3600_000 }, FAST);
    const error = (await iamValues(connector).credentialReport().catch((e: unknown) => e)) as ConnectorError;
    expect(error.code).toBe('ReportTooOld');
    expect(error.message).toMatch(/more than maxReportAge 60m; IAM reuses a report for 4 hours/);
    // Past IAM's 4 hours a new report is generated, and it is fresh enough.
    account.report = { status: 'complete', generatedAt: new Date(Date.now() - 5 * 3600_000) };
    const fresh = await iamValues(connector).credentialReport();
    expect(Date.now() - fresh.generatedAt!.getTime()).toBeLessThan(60_000);
  });
});

describe('credentials and region from the shared AWS files', () => {
  let endpoint: AwsEndpoint;
  let restoreEnv: () => void;

  beforeAll(async () => {
    endpoint = await startAwsEndpoint({ accounts: organizationAccounts(), managementAccountId: MANAGEMENT });
    restoreEnv = useSdkEnvironment({
      endpointUrl: endpoint.url,
      // Environment keys the endpoint does not know: only the profile's may work.
      accessKeyId: 'AKIAUNKNOWN000000000',
      region: '',
      credentialsFile: `[audit]\naws_access_key_id = ${BASE_KEY}\naws_secret_access_key = fake-secret-${BASE_KEY}\n`,
      configFile: [
        '[profile audit]', 'region = eu-west-1', '',
        '[profile prod-admin]', `role_arn = ${roleIn(PRODUCTION)}`, 'source_profile = audit', 'region = eu-west-1', '',
      ].join('\n'),
    });
  });
  afterAll(async () => {
    restoreEnv();
    await endpoint.close();
  });

  it('uses a named profile of the credentials file, with the region of the config file', async () => {
    const connector = createAwsConnector({ id: 'audit', provider: 'aws', profile: 'audit' }, FAST);
    expect(await connector.identify()).toEqual({ accountId: MANAGEMENT, name: 'acme-management' });
    expect(endpoint.calls.every((c) => c.accessKeyId === BASE_KEY)).toBe(true);
    expect(endpoint.calls.map((c) => c.region)).toEqual(['eu-west-1', 'eu-west-1']);
  });

  it('follows a profile that assumes a role itself (role_arn + source_profile)', async () => {
    const connector = createAwsConnector({ id: 'prod', provider: 'aws', profile: 'prod-admin' }, FAST);
    expect(await connector.identify()).toMatchObject({ accountId: PRODUCTION });
    expect((await iamValues(connector).credentialReport()).csv).toContain(`arn:aws:iam::${PRODUCTION}:root`);
  });

  it('fails with the AWS code when the base credentials are unknown', async () => {
    const connector = createAwsConnector({ id: 'env', provider: 'aws' }, FAST);
    const error = (await connector.identify().catch((e: unknown) => e)) as ConnectorError;
    expect(error).toMatchObject({ connectorId: 'env', code: 'InvalidClientTokenId' });
    expect(error.message).not.toContain('AKIAUNKNOWN000000000');
    // No region configured anywhere: IAM and STS are global, so us-east-1.
    expect(endpoint.calls.at(-1)?.region).toBe('us-east-1');
  });
});
