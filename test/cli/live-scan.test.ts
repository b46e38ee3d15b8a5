import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { activeKey, credentialReportCsv, startAwsEndpoint, type AwsEndpoint } from '../support/aws-endpoint/index.js';
import { useSdkEnvironment } from '../support/aws-endpoint/sdk-env.js';
import { assetql } from '../support/cli.js';

/**
 * `assetql check run` and `query` with no config file scan what the AWS
 * SDK's standard configuration points at, as `prowler aws` does: here the
 * loopback endpoint, reached through the environment, a profile, or an
 * Organization's management account.
 */

const MANAGEMENT = '111111111111';
const MEMBER = '222222222222';
const MANAGEMENT_KEY = 'AKIAMANAGEMENT000001';
const MEMBER_KEY = 'AKIAMEMBER0000000001';
const ROOT_KEY_CHECK = 'aws-root-users-with-access-key';
const NODE_NOTICE = 'NodeVersionSupportWarning';

let endpoint: AwsEndpoint;
let restoreEnv: () => void;
/** A folder with no assetql.config.yaml. */
let empty: string;

beforeAll(async () => {
  endpoint = await startAwsEndpoint({
    managementAccountId: MANAGEMENT,
    accounts: [
      { id: MANAGEMENT, name: 'Management', accessKeyId: MANAGEMENT_KEY, credentialReport: credentialReportCsv(MANAGEMENT, {}) },
      { id: MEMBER, name: 'Member', accessKeyId: MEMBER_KEY, credentialReport: credentialReportCsv(MEMBER, { root: activeKey(1) }) },
    ],
  });
  restoreEnv = useSdkEnvironment({
    endpointUrl: endpoint.url,
    accessKeyId: MANAGEMENT_KEY,
    configFile: '[profile member]\nregion = us-east-1\n',
    credentialsFile: `[member]\naws_access_key_id = ${MEMBER_KEY}\naws_secret_access_key = fake-secret-${MEMBER_KEY}\n`,
  });
  empty = mkdtempSync(path.join(tmpdir(), 'assetql-no-config-'));
});
afterAll(async () => {
  restoreEnv();
  await endpoint.close();
  rmSync(empty, { recursive: true, force: true });
});

const run = (args: string[], env: NodeJS.ProcessEnv = {}) => assetql(args, { cwd: empty, env });
const statuses = (stdout: string) => JSON.parse(stdout).results.map((r: { connector: string; status: string }) => [r.connector, r.status]);

describe('check run without a config file', () => {
  test('scans the account of the environment credentials as connector "default", without the SDK’s Node notice', async () => {
    const { code, stdout, stderr } = await run(['check', 'run', '--check', ROOT_KEY_CHECK, '--format', 'json']);
    expect(stderr).not.toContain(NODE_NOTICE);
    expect(code).toBe(0);
    expect(statuses(stdout)).toEqual([['default', 'PASS']]);
    expect(endpoint.count('GetCredentialReport', { account: MANAGEMENT, ok: true })).toBeGreaterThan(0);
  });

  test('--profile NAME scans the account of that profile', async () => {
    const { code, stdout } = await run(['check', 'run', '--profile', 'member', '--check', ROOT_KEY_CHECK, '--format', 'json'], { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined });
    expect(code).toBe(1);
    const [result] = JSON.parse(stdout).results;
    expect([result.connector, result.status, result.findings[0].accountId]).toEqual(['default', 'FAIL', MEMBER]);
  });

  test('--organization scans every ACTIVE account, each as its account id', async () => {
    const { code, stdout } = await run(['check', 'run', '--organization', '--check', ROOT_KEY_CHECK, '--format', 'json']);
    expect(code).toBe(1);
    expect(statuses(stdout)).toEqual([[MANAGEMENT, 'PASS'], [MEMBER, 'FAIL']]);
  });

  test('no credentials at all: one clear error saying what to pass, not an ERROR per check', async () => {
    const noCredentials = { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_PROFILE: undefined };
    for (const args of [['check', 'run'], ['check', 'run', '--organization'], ['query', '{ rootUsers { arn } }']]) {
      const { code, stdout, stderr } = await run(args, noCredentials);
      expect([args, code, stdout]).toEqual([args, 2, '']);
      expect(stderr).toMatch(/^assetql: no usable AWS credentials \(connector \w+: GetCallerIdentity: CredentialsProviderError: [^)]*\)\. With no assetql\.config\.yaml here, assetql scans the account your AWS credentials point at: set AWS_PROFILE or pass --profile NAME .*; or pass --config FILE \(see examples\/assetql\.config\.yaml\)\n$/);
    }
  });

  test('credentials the account refuses: the same clear error, with AWS’s code', async () => {
    const { code, stderr } = await run(['check', 'run'], { AWS_ACCESS_KEY_ID: 'AKIAUNKNOWN000000001' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^assetql: no usable AWS credentials \(connector default: GetCallerIdentity: InvalidClientTokenId: /);
  });

  test('--profile or --organization beside a config file is refused, not ignored', async () => {
    const config = path.join(empty, 'other.yaml');
    writeFileSync(config, 'connectors:\n  - { id: live, provider: aws }\n');
    const { code, stderr } = await run(['check', 'run', '--config', config, '--organization']);
    expect(code).toBe(2);
    expect(stderr).toBe(`assetql: --organization scans without a config file, but ${config} is used; set profile or discover: organization in its connectors instead\n`);
  });
});

describe('query without a config file', () => {
  test('answers for the account of the credentials', async () => {
    const { code, stdout, stderr } = await run(['query', '{ connectors { id accountId } }']);
    expect([code, stderr]).toEqual([0, '']);
    expect(JSON.parse(stdout).data.connectors).toEqual([{ id: 'default', accountId: MANAGEMENT }]);
  });
});

describe('the AWS SDK’s Node version notice', () => {
  test('is not printed by a live command with a config, unless the user asked for it', async () => {
    const config = path.join(empty, 'live.yaml');
    writeFileSync(config, 'connectors:\n  - { id: live, provider: aws }\n');
    const silenced = await run(['query', '--config', config, '{ connectors { accountId } }']);
    expect(silenced.code).toBe(0);
    expect(silenced.stderr).toBe('');
    const chosen = await run(['query', '--config', config, '{ connectors { accountId } }'], { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'false' });
    expect(chosen.code).toBe(0);
    // The SDK shows its notice only on Node releases it will drop.
    if (Number(process.versions.node.split('.')[0]) < 22) expect(chosen.stderr).toContain(NODE_NOTICE);
  });
});
