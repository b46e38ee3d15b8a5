/**
 * The logging and monitoring checks live: the fixture accounts of
 * test/fixtures/cis-logging served by the loopback endpoint (two items a
 * page), read through the SDK, reached by AssumeRole from one base account,
 * give the verdict matrix the snapshot path gives; and a call denied in one
 * region, or on one key, is that account's ERROR, named, while the checks
 * on other sources still decide.
 */
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { createEngine, type AssetqlEngine } from '../../src/index.js';
import { createConnectors } from '../../src/sources/create-connectors.js';
import { startAwsEndpoint, type AwsEndpoint } from '../support/aws-endpoint/index.js';
import { useSdkEnvironment } from '../support/aws-endpoint/sdk-env.js';
import { foldersOfConfig, servedAccounts, type ServedAccount } from '../support/aws-endpoint/served-folders.js';
import { PROJECT_ROOT } from '../support/cli.js';
import { LOGGING_CHECKS, matrices } from '../cis/logging-checks.js';
import { outcomeOf } from '../support/verdict-matrix.js';
import { FAST } from './fixtures.js';

const CONFIG = path.join(PROJECT_ROOT, 'test/fixtures/cis-logging/assetql.config.yaml');
const NOW = '2024-06-15T00:00:00Z';
const IDS = Object.keys(LOGGING_CHECKS);
const id = (cis: string) => IDS.find((check) => LOGGING_CHECKS[check].cis === cis)!;
/**
 * What only a snapshot can hold: a region folder that is missing, and a
 * status entry for a trail nobody asked about (live, status is asked per
 * listed trail, so there is nothing to dangle).
 */
const SNAPSHOT_ONLY = ['region-not-collected', 'trail-status-dangling'];

let endpoint: AwsEndpoint;
let restoreEnv: () => void;
let served: ServedAccount[];
let base: ServedAccount;

async function liveEngine(connectors: readonly ServedAccount[]): Promise<AssetqlEngine> {
  // The base account reads itself; every other one is reached by AssumeRole, as an Organization's accounts are.
  const config = {
    connectors: connectors.map((account) => ({ id: account.name, provider: 'aws' as const, ...(account === base ? {} : { roleArn: `arn:aws:iam::${account.id}:role/OrganizationAccountAccessRole` }) })),
  };
  return createEngine({ config, connectors: await createConnectors(parseConfig(config, { baseDir: PROJECT_ROOT }), { awsTiming: FAST }) });
}

beforeAll(async () => {
  served = (await servedAccounts(await foldersOfConfig(CONFIG))).filter((account) => !SNAPSHOT_ONLY.includes(account.name));
  base = served.find((account) => account.name === 'compliant')!;
  endpoint = await startAwsEndpoint({ accounts: served, pageSize: 2 });
  restoreEnv = useSdkEnvironment({ endpointUrl: endpoint.url, accessKeyId: base.accessKeyId });
});
afterAll(async () => {
  restoreEnv();
  await endpoint.close();
});
afterEach(() => endpoint.clearFaults());

describe('the logging checks, live through the SDK', () => {
  it('give every served fixture account the verdicts the snapshot path gives', async () => {
    const engine = await liveEngine(served);
    try {
      const report = await engine.runChecks({ checks: IDS, exceptions: [], now: NOW });
      const { actual, wanted } = matrices(report, served.map((account) => account.name));
      expect(actual).toEqual(wanted);
    } finally {
      await engine.close();
    }
  }, 120_000);

  it('a call denied in one region is ERROR for the checks on that source, naming the region; the rest still decide', async () => {
    endpoint.addFault({ actions: ['DescribeConfigurationRecorders'], account: base.id, region: 'eu-west-1', error: 'AccessDenied' });
    const engine = await liveEngine([base]);
    try {
      const report = await engine.runChecks({ checks: IDS, exceptions: [], now: NOW });
      const config = report.results.find((r) => r.check === id('3.3'))!;
      expect(config).toMatchObject({ status: 'ERROR', errorCode: 'AccessDeniedException' });
      expect(config.error).toMatch(/DescribeConfigurationRecorders \(eu-west-1\)/);
      expect(report.results.filter((r) => r.check !== id('3.3')).map(outcomeOf)).toEqual(IDS.slice(1).map(() => 'PASS'));
    } finally {
      await engine.close();
    }
  });

  it('a denied GetKeyRotationStatus on one key is ERROR for the key check, never a pass', async () => {
    endpoint.addFault({ actions: ['GetKeyRotationStatus'], account: base.id, region: 'us-east-1', error: 'AccessDenied' });
    const engine = await liveEngine([base]);
    try {
      const report = await engine.runChecks({ checks: [id('3.6'), id('3.1')], exceptions: [], now: NOW });
      const keys = report.results.find((r) => r.check === id('3.6'))!;
      expect(keys).toMatchObject({ status: 'ERROR', errorCode: 'AccessDeniedException' });
      expect(keys.error).toMatch(/key 1a2b3c4d-0001-4aaa-8bbb-000000000001: GetKeyRotationStatus failed: AccessDeniedException/);
      expect(outcomeOf(report.results.find((r) => r.check === id('3.1'))!)).toBe('PASS');
    } finally {
      await engine.close();
    }
  });
});
