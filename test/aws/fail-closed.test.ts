/**
 * The live path reads answers with the same shape checks as snapshot files:
 * an answer of the wrong type is that account's ERROR, never a value a
 * filter skips past (issue 10's false passes, through the real SDK).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/checks/results.js';
import { parseConfig } from '../../src/config/config.js';
import { createConnectors } from '../../src/sources/create-connectors.js';
import { createEngine } from '../../src/index.js';
import { credentialReportCsv, startAwsEndpoint, type AwsEndpoint, type FakeAccountInput } from '../support/aws-endpoint/index.js';
import { useSdkEnvironment } from '../support/aws-endpoint/sdk-env.js';
import { FAST } from './fixtures.js';

const ACCOUNT = '666666666666';
const KEY = 'AKIAFAILCLOSED000001';

async function runPack(account: Omit<FakeAccountInput, 'id' | 'name' | 'accessKeyId'>): Promise<Record<string, CheckResult>> {
  const endpoint: AwsEndpoint = await startAwsEndpoint({ accounts: [{ id: ACCOUNT, name: 'Live', accessKeyId: KEY, ...account }] });
  const restore = useSdkEnvironment({ endpointUrl: endpoint.url, accessKeyId: KEY });
  try {
    const config = { connectors: [{ id: 'live', provider: 'aws' }] };
    const connectors = await createConnectors(parseConfig(config, { baseDir: process.cwd() }), { awsTiming: FAST });
    const engine = await createEngine({ config, connectors, now: '2024-06-15T00:00:00Z' });
    try {
      const report = await engine.runChecks();
      return Object.fromEntries(report.results.map((result) => [result.check, result]));
    } finally {
      await engine.close();
    }
  } finally {
    restore();
    await endpoint.close();
  }
}

describe('live answers of the wrong type', () => {
  let silence: () => void;
  beforeAll(() => {
    const previous = process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
    silence = () => (previous === undefined ? delete process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED : (process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = previous));
  });
  afterAll(() => silence());

  it('a report timestamp that is not a real date makes the checks reading it ERROR', async () => {
    const stamp = '2019-13-45T99:99:99+00:00';
    const results = await runPack({
      credentialReport: credentialReportCsv(ACCOUNT, { users: [{ user: 'deploy', access_key_1_active: 'true', access_key_1_last_rotated: stamp, access_key_1_last_used_date: stamp }] }),
      passwordPolicy: { MinimumPasswordLength: 14, PasswordReusePrevention: 24 },
    });
    expect(results['aws-iam-users-access-keys-not-rotated-90-days'].status).toBe('ERROR');
    expect(results['aws-iam-users-access-keys-not-rotated-90-days'].error).toMatch(/GetCredentialReport line 3: access_key_1_last_(rotated|used_date)/);
    expect(results['aws-password-policy-minimum-length-below-14'].status).toBe('PASS');
  });

  it('a password policy length that is not a number makes both policy checks ERROR', async () => {
    const results = await runPack({
      credentialReport: credentialReportCsv(ACCOUNT, {}),
      passwordPolicy: { MinimumPasswordLength: 'abc', PasswordReusePrevention: 24 } as never,
    });
    for (const check of ['aws-password-policy-minimum-length-below-14', 'aws-password-policy-reuse-prevention-below-24']) {
      expect(results[check].status, check).toBe('ERROR');
      expect(results[check].error).toMatch(/GetAccountPasswordPolicy/);
    }
  });

  it('a summary entry that is not a count makes the summary checks ERROR', async () => {
    const results = await runPack({
      credentialReport: credentialReportCsv(ACCOUNT, {}),
      summary: { AccountAccessKeysPresent: 'many' as never, AccountMFAEnabled: 1 },
    });
    expect(results['aws-account-summary-root-access-keys-present'].status).toBe('ERROR');
    expect(results['aws-account-summary-root-access-keys-present'].error).toMatch(/GetAccountSummary/);
  });
});
