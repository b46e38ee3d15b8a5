import { afterAll, afterEach, beforeAll } from 'vitest';
import { activeKey, credentialReportCsv, startAwsEndpoint, type AwsEndpoint, type FakeAccountInput } from '../support/aws-endpoint/index.js';
import { useSdkEnvironment } from '../support/aws-endpoint/sdk-env.js';
import type { AwsTiming } from '../../src/sources/live/index.js';
import type { Connector } from '../../src/sources/connector.js';
import { isNotConfigured } from '../../src/sources/source.js';
import { getAccountSummary } from '../../src/model/iam-account-summary/sources.js';
import { getCredentialReport } from '../../src/model/iam-credential-report/sources.js';
import { getAccountPasswordPolicy } from '../../src/model/iam-password-policy/sources.js';

export const MANAGEMENT = '111111111111';
export const PRODUCTION = '222222222222';
export const STAGING = '333333333333';
export const SANDBOX = '444444444444';
export const SUSPENDED = '555555555555';
/** The management account's own IAM user signs the base requests. */
export const BASE_KEY = 'AKIAMANAGEMENT000001';

/**
 * Milliseconds instead of seconds, so back-off and polling stay fast. One SDK
 * attempt per call: the SDK's own throttling back-off starts at half a
 * second, so here assetql's retry loop does all the retrying.
 */
export const FAST: Partial<AwsTiming> = {
  maxAttempts: 1,
  pollInitialMs: 5,
  pollMaxMs: 20,
  retryInitialMs: 5,
  retryMaxMs: 20,
  reportDeadlineMs: 10_000,
  callDeadlineMs: 10_000,
};

/** An Organization: the management account, three active members, one suspended. */
export function organizationAccounts(): FakeAccountInput[] {
  return [
    {
      id: MANAGEMENT, name: 'Management', accessKeyId: BASE_KEY, aliases: ['acme-management'],
      credentialReport: credentialReportCsv(MANAGEMENT, { users: [{ user: 'ops+admin@acme', ...activeKey(1) }] }),
      passwordPolicy: { MinimumPasswordLength: 14, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true, AllowUsersToChangePassword: true, ExpirePasswords: false },
    },
    {
      id: PRODUCTION, name: 'Production',
      credentialReport: credentialReportCsv(PRODUCTION, { root: activeKey(1), users: [{ user: 'deploy', ...activeKey(2) }] }),
      passwordPolicy: { MinimumPasswordLength: 8, RequireSymbols: false, ExpirePasswords: true, MaxPasswordAge: 90, PasswordReusePrevention: 5, HardExpiry: false },
      summary: { AccountAccessKeysPresent: 1, AccountMFAEnabled: 1, Users: 1 },
    },
    {
      id: STAGING, name: 'Staging', reportPolls: 3,
      credentialReport: credentialReportCsv(STAGING, { root: { ...activeKey(2), mfa_active: 'false' } }),
      passwordPolicy: { MinimumPasswordLength: 12 },
      summary: { AccountAccessKeysPresent: 1, AccountMFAEnabled: 0, Users: 0 },
    },
    {
      id: SANDBOX, name: 'Sandbox', passwordPolicy: null,
      credentialReport: credentialReportCsv(SANDBOX, { root: { access_key_1_last_rotated: '2019-01-01T00:00:00+00:00' } }),
    },
    { id: SUSPENDED, name: 'Old', state: 'SUSPENDED', credentialReport: credentialReportCsv(SUSPENDED, { root: activeKey(1) }) },
  ];
}

/**
 * For one describe block: the loopback endpoint serving `organizationAccounts()`,
 * the SDK pointed at it with the management account's key, and faults and
 * call counts reset after each test.
 */
export function useLoopbackOrganization(options: { pageSize?: number } = {}): { readonly endpoint: AwsEndpoint } {
  const state = {} as { endpoint: AwsEndpoint };
  let restoreEnv = () => {};
  beforeAll(async () => {
    state.endpoint = await startAwsEndpoint({ accounts: organizationAccounts(), managementAccountId: MANAGEMENT, ...options });
    restoreEnv = useSdkEnvironment({ endpointUrl: state.endpoint.url, accessKeyId: BASE_KEY });
  });
  afterAll(async () => {
    restoreEnv();
    await state.endpoint.close();
  });
  afterEach(() => {
    state.endpoint.clearFaults();
    state.endpoint.resetCalls();
  });
  return state;
}

/** The IAM sources of a connector as the four values they give, read through its public `read`. */
export function iamValues(connector: Connector) {
  return {
    async credentialReport(): Promise<{ csv: string; generatedAt: Date | null; origin: string }> {
      const read = await connector.read(getCredentialReport, {});
      const value = read.value as { Content: string; GeneratedTime?: string };
      return { csv: value.Content, generatedAt: value.GeneratedTime ? new Date(value.GeneratedTime) : null, origin: read.origin };
    },
    async accountSummary(): Promise<Record<string, number>> {
      return ((await connector.read(getAccountSummary, {})).value as { SummaryMap: Record<string, number> }).SummaryMap;
    },
    /** null: no custom policy. */
    async passwordPolicy(): Promise<Record<string, unknown> | null> {
      const value = (await connector.read(getAccountPasswordPolicy, {})).value;
      return isNotConfigured(getAccountPasswordPolicy, value) ? null : (value as { PasswordPolicy: Record<string, unknown> }).PasswordPolicy;
    },
  };
}
