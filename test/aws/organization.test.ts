import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { AwsConnector } from '../../src/sources/live/index.js';
import { createConnectors } from '../../src/sources/create-connectors.js';
import { BASE_KEY, FAST, useLoopbackOrganization, MANAGEMENT, PRODUCTION, SANDBOX, STAGING, SUSPENDED, iamValues } from './fixtures.js';

const connectorsFor = (connectors: unknown[]) => createConnectors(parseConfig({ connectors }, { baseDir: process.cwd() }), { awsTiming: FAST });

describe('Organization discovery', () => {
  const aws = useLoopbackOrganization({ pageSize: 2 });

  it('finds every ACTIVE account across pages, named by the Organization, ids = account ids', async () => {
    const connectors = await connectorsFor([{ discover: 'organization' }]);
    expect(connectors.map((c) => c.id)).toEqual([MANAGEMENT, PRODUCTION, STAGING, SANDBOX]);
    expect(connectors.map((c) => c.id)).not.toContain(SUSPENDED);
    expect(aws.endpoint.count('ListAccounts')).toBe(3);
    // Identity needs no call: id and name come from ListAccounts.
    aws.endpoint.resetCalls();
    expect(await Promise.all(connectors.map((c) => c.identify()))).toEqual([
      { accountId: MANAGEMENT, name: 'Management' },
      { accountId: PRODUCTION, name: 'Production' },
      { accountId: STAGING, name: 'Staging' },
      { accountId: SANDBOX, name: 'Sandbox' },
    ]);
    expect(aws.endpoint.calls).toHaveLength(0);
  });

  it('reads the management account with the base credentials and members through the role, one session each', async () => {
    const connectors = await connectorsFor([{ discover: 'organization', roleName: 'OrganizationAccountAccessRole' }]);
    aws.endpoint.resetCalls();
    const reports = await Promise.all(connectors.map(async (c) => [await iamValues(c).credentialReport(), await iamValues(c).accountSummary(), await iamValues(c).passwordPolicy()] as const));
    reports.forEach(([report], index) => expect(report.csv).toContain(`arn:aws:iam::${connectors[index].id}:root`));
    expect(aws.endpoint.count('AssumeRole')).toBe(3);
    expect(aws.endpoint.count('AssumeRole', { account: MANAGEMENT })).toBe(0);
    expect(aws.endpoint.calls.filter((c) => c.service === 'iam' && c.account === MANAGEMENT).every((c) => c.accessKeyId === BASE_KEY)).toBe(true);
    expect(reports[3][2]).toBeNull();
  });

  it('lets an explicit connector win over the discovered account with the same id', async () => {
    const connectors = await connectorsFor([
      { id: PRODUCTION, name: 'Prod, configured', provider: 'aws', roleArn: `arn:aws:iam::${PRODUCTION}:role/OrganizationAccountAccessRole` },
      { discover: 'organization' },
    ]);
    expect(connectors.map((c) => c.id)).toEqual([PRODUCTION, MANAGEMENT, STAGING, SANDBOX]);
    expect((connectors[0] as AwsConnector).name).toBe('Prod, configured');
  });

  it('rides out throttled ListAccounts pages', async () => {
    aws.endpoint.addFault({ actions: ['ListAccounts'], error: 'Throttling', times: 2 });
    const connectors = await connectorsFor([{ discover: 'organization' }]);
    expect(connectors).toHaveLength(4);
  });

  it('fails discovery with the AWS code when ListAccounts is denied', async () => {
    aws.endpoint.addFault({ actions: ['ListAccounts'], error: 'AccessDenied' });
    await expect(connectorsFor([{ discover: 'organization' }])).rejects.toMatchObject({
      connectorId: 'organization',
      code: 'AccessDeniedException',
      message: expect.stringMatching(/^connector organization: ListAccounts: AccessDeniedException: .*organizations:ListAccounts/),
    });
  });
});
