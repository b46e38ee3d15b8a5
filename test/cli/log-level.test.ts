/**
 * `--log-level` / `-v`: what assetql asked AWS, with the request ids to quote
 * to AWS support, and why it retried, on stderr; stdout stays the result.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialReportCsv, startAwsEndpoint, type AwsEndpoint } from '../support/aws-endpoint/index.js';
import { useSdkEnvironment } from '../support/aws-endpoint/sdk-env.js';
import { assetql } from '../support/cli.js';

const ACCOUNT = '111111111111';
const KEY = 'AKIALOGLEVEL00000001';
let endpoint: AwsEndpoint;
let restoreEnv: () => void;
const cwd = mkdtempSync(path.join(tmpdir(), 'assetql-log-'));

beforeAll(async () => {
  endpoint = await startAwsEndpoint({ accounts: [{ id: ACCOUNT, name: 'Logged', accessKeyId: KEY, credentialReport: credentialReportCsv(ACCOUNT, {}) }] });
  restoreEnv = useSdkEnvironment({ endpointUrl: endpoint.url, accessKeyId: KEY });
});
afterAll(async () => {
  restoreEnv();
  await endpoint.close();
});

const QUERY = '{ iamAccountSummaries { accountMFAEnabled } }';

describe('assetql query --log-level', () => {
  it('tells nothing by default', async () => {
    const { code, stderr } = await assetql(['query', QUERY], { cwd });
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });

  it('-v tells every request with its AWS request id, status and time', async () => {
    const { code, stdout, stderr } = await assetql(['query', '-v', QUERY], { cwd });
    expect(code).toBe(0);
    expect(JSON.parse(stdout).data.iamAccountSummaries).toEqual([{ accountMFAEnabled: 1 }]);
    expect(stderr).toMatch(/^assetql debug: GetAccountSummary 200 account=default operation=GetAccountSummary region=us-east-1 status=200 requestId=[0-9a-f-]{36} sdkAttempts=1 ms=\d+$/m);
    // Each call once: the account's alias is asked once however many times its name is.
    expect(stderr.match(/ListAccountAliases 200/g)).toHaveLength(1);
    expect(stderr).toMatch(/^assetql debug: GetCallerIdentity 200 account=default/m);
  });

  it('--log-level info tells the retries, and why', async () => {
    endpoint.addFault({ actions: ['GetAccountSummary'], error: 'Throttling', times: 1 });
    try {
      const { code, stderr } = await assetql(['query', '--log-level', 'info', QUERY], { cwd, env: { AWS_MAX_ATTEMPTS: '1' } });
      expect(code).toBe(0);
      expect(stderr).toMatch(/^assetql info: GetAccountSummary failed: Throttling; retrying \(attempt 2\) account=default operation=GetAccountSummary region=us-east-1 attempt=1 code=Throttling requestId=/m);
      expect(stderr).not.toMatch(/assetql debug:/);
    } finally {
      endpoint.clearFaults();
    }
  });

  it('refuses a level it does not know', async () => {
    const { code, stderr } = await assetql(['query', '--log-level', 'loud', QUERY], { cwd });
    expect(code).toBe(2);
    expect(stderr).toMatch(/--log-level loud: expected one of error, warn, info, debug/);
  });
});
