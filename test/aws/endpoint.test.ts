import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialReportCsv, startAwsEndpoint, type AwsEndpoint } from '../support/aws-endpoint/index.js';

const KEY = 'AKIATESTACCOUNT00001';
const sign = (service: string, key = KEY) => `AWS4-HMAC-SHA256 Credential=${key}/20240601/us-east-1/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000`;

/** The loopback endpoint's wire format, checked without the SDK. */
describe('loopback AWS endpoint', () => {
  let endpoint: AwsEndpoint;
  const iam = (action: string, key?: string) =>
    fetch(endpoint.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: sign('iam', key) },
      body: `Action=${action}&Version=2010-05-08`,
    });

  beforeAll(async () => {
    endpoint = await startAwsEndpoint({ accounts: [{ id: '123456789012', name: 'one', accessKeyId: KEY, credentialReport: credentialReportCsv('123456789012', {}), reportPolls: 2 }] });
  });
  afterAll(() => endpoint.close());

  it('listens on 127.0.0.1 only, on an ephemeral port', () => {
    expect(endpoint.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('moves the report through STARTED, INPROGRESS, COMPLETE and answers Get with single-line base64', async () => {
    const notPresent = await iam('GetCredentialReport');
    expect(notPresent.status).toBe(410);
    expect(await notPresent.text()).toMatch(/<Code>ReportNotPresent<\/Code><\/Error>/);
    const states: string[] = [];
    for (let i = 0; i < 3; i++) states.push(/<State>(\w+)<\/State>/.exec(await (await iam('GenerateCredentialReport')).text())![1]);
    expect(states).toEqual(['STARTED', 'INPROGRESS', 'COMPLETE']);
    const response = await iam('GetCredentialReport');
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    const body = await response.text();
    expect(body).toContain('<GetCredentialReportResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">');
    const content = /<Content>([^<]*)<\/Content>/.exec(body)![1];
    expect(content).toMatch(/^[A-Za-z0-9+/=]+$/);
    expect(Buffer.from(content, 'base64').toString('utf8')).toContain('<root_account>,arn:aws:iam::123456789012:root');
    expect(body).toMatch(/<GeneratedTime>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/GeneratedTime>/);
  });

  it('answers an unknown key with InvalidClientTokenId, and counts every call', async () => {
    const response = await iam('GetAccountSummary', 'AKIANOBODY0000000000');
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>InvalidClientTokenId</Code>');
    expect(endpoint.count('GenerateCredentialReport', { account: '123456789012' })).toBe(3);
  });

  it('injects faults by action, account, rate and count', async () => {
    endpoint.addFault({ actions: ['GetAccountSummary'], error: 'LimitExceeded', times: 1 });
    expect((await iam('GetAccountSummary')).status).toBe(409);
    const ok = await iam('GetAccountSummary');
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('<entry><key>AccountMFAEnabled</key><value>1</value></entry>');
    endpoint.clearFaults();
  });

  it('speaks JSON 1.1 for Organizations', async () => {
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSOrganizationsV20161128.ListAccounts', authorization: sign('organizations') },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: 'AccessDeniedException' });
  });
});
