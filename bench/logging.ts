/**
 * Part 7: the logging and monitoring family live. Accounts of 17 regions
 * (bench/logging-data.ts: one multi-region trail, 15 CIS filters and
 * alarms, a topic, a recorder and two customer keys per region, Security
 * Hub on) served by the loopback endpoint with latency added to every call;
 * the logging checks (CIS 3.x, 4.x) run over one account to count its calls,
 * and over many at the default account concurrency, against the ideal:
 * calls x latency / concurrency.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseConfig } from '../src/config/config.js';
import { createEngine } from '../src/index.js';
import { createConnectors } from '../src/sources/create-connectors.js';
import type { AwsTiming } from '../src/sources/live/timing.js';
import { startAwsEndpoint, type AwsEndpoint } from '../test/support/aws-endpoint/index.js';
import { useSdkEnvironment } from '../test/support/aws-endpoint/sdk-env.js';
import type { DataSet } from './data-set.js';
import { loggingFiles } from './logging-data.js';
import { BENCH_NOW } from './synthetic.js';
import { formatCount, formatMs, formatRatio, table } from './table.js';

/** The 17 regions enabled in every account (launched before March 2019). */
export const REGIONS_17 = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1',
  'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2',
];
const ACCOUNTS = 50;
/** The engine's default account concurrency (config `concurrency`). */
const DEFAULT_CONCURRENCY = 8;
const PAGE_SIZE = 50;
const TIMING: Partial<AwsTiming> = { retryInitialMs: 5, retryMaxMs: 20 };
const LOGGING_CONTROL = /^[34]\./;

export interface LoggingResult {
  regions: number;
  latencyMs: number;
  /** One account, every logging check: calls by action, and the calls of its home region and of each other region. */
  perAccount: { calls: number; byAction: Record<string, number>; homeRegion: number; otherRegion: number };
  fleet: { accounts: number; concurrency: number; calls: number; wallMs: number; idealMs: number; verdicts: Record<string, number> };
}

export async function run(data: DataSet): Promise<LoggingResult> {
  const work = mkdtempSync(path.join(tmpdir(), 'assetql-logging-'));
  const accounts = Array.from({ length: ACCOUNTS }, (_, i) => ({ id: String(700_000_000_001 + i), name: `logging-${i + 1}` }));
  const dirs = accounts.map((account) => writeAccount(work, account.id, account.name));
  const endpoint = await startAwsEndpoint({
    accounts: accounts.map((account, i) => ({ ...account, snapshot: dirs[i], accessKeyId: i === 0 ? 'AKIABENCHLOGGING0001' : undefined })),
    faults: [{ latencyMs: data.liveLatencyMs }],
    // The smallest page AWS gives among these calls when asked for none (DescribeMetricFilters: 50).
    pageSize: PAGE_SIZE,
  });
  const restoreEnv = useSdkEnvironment({ endpointUrl: endpoint.url, accessKeyId: 'AKIABENCHLOGGING0001' });
  try {
    await checkRun(endpoint, accounts.slice(0, 1)); // warm-up: SDK modules, JIT
    const one = await checkRun(endpoint, accounts.slice(0, 1));
    const byAction = countBy(one.calls.map((call) => call.action));
    const byRegion = countBy(one.calls.filter((call) => call.service !== 'sts' && call.action !== 'DescribeRegions').map((call) => call.region));
    const fleet = await checkRun(endpoint, accounts);
    return {
      regions: REGIONS_17.length,
      latencyMs: data.liveLatencyMs,
      perAccount: { calls: one.calls.length, byAction, homeRegion: byRegion[REGIONS_17[0]], otherRegion: byRegion[REGIONS_17[1]] },
      fleet: { accounts: accounts.length, concurrency: DEFAULT_CONCURRENCY, calls: fleet.calls.length, wallMs: fleet.wallMs, idealMs: (fleet.calls.length * data.liveLatencyMs) / DEFAULT_CONCURRENCY, verdicts: fleet.verdicts },
    };
  } finally {
    restoreEnv();
    await endpoint.close();
    rmSync(work, { recursive: true, force: true });
  }
}

function writeAccount(root: string, accountId: string, name: string): string {
  const dir = path.join(root, name);
  const files: Record<string, unknown> = {
    'sts/get-caller-identity.json': { Account: accountId, Arn: `arn:aws:iam::${accountId}:user/bench`, UserId: 'AIDABENCH' },
    'ec2/describe-regions.json': { Regions: REGIONS_17.map((region) => ({ RegionName: region, OptInStatus: 'opt-in-not-required', Endpoint: `ec2.${region}.amazonaws.com` })) },
    ...loggingFiles(accountId, REGIONS_17),
  };
  for (const [file, value] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), `${JSON.stringify(value, null, 4)}\n`);
  }
  return dir;
}

/** The logging checks over live accounts (the first with its own key, the others by AssumeRole), at the default concurrency. */
async function checkRun(endpoint: AwsEndpoint, accounts: readonly { id: string; name: string }[]) {
  const config = { connectors: accounts.map((account, i) => ({ id: account.name, provider: 'aws' as const, ...(i === 0 ? {} : { roleArn: `arn:aws:iam::${account.id}:role/OrganizationAccountAccessRole` }) })) };
  const connectors = await createConnectors(parseConfig(config, { baseDir: process.cwd() }), { awsTiming: TIMING });
  const engine = await createEngine({ config, connectors, concurrency: DEFAULT_CONCURRENCY, now: BENCH_NOW });
  try {
    const checks = engine.checks().filter((check) => (check.compliance['cis-aws-foundations-v3.0.0'] ?? []).some((id) => LOGGING_CONTROL.test(id))).map((check) => check.id);
    endpoint.resetCalls();
    const start = performance.now();
    const report = await engine.runChecks({ checks, exceptions: [], now: BENCH_NOW });
    const wallMs = performance.now() - start;
    const errors = report.results.filter((result) => result.status === 'ERROR');
    if (errors.length > 0) throw new Error(`logging checks failed: ${errors[0].error}`);
    return { wallMs, calls: [...endpoint.calls], verdicts: countBy(report.results.map((result) => result.status)) };
  } finally {
    await engine.close();
  }
}

function countBy(keys: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}

export function format(result: LoggingResult): string {
  const { perAccount: one, fleet } = result;
  return [
    table(
      `7. Logging and monitoring checks live, ${result.regions} regions, ${result.latencyMs} ms per AWS call`,
      ['scan', 'calls', 'wall ms', 'ideal ms', 'wall / ideal'],
      [[`${formatCount(fleet.accounts)} accounts at concurrency ${fleet.concurrency}`, formatCount(fleet.calls), formatMs(fleet.wallMs), formatMs(fleet.idealMs), formatRatio(fleet.wallMs / fleet.idealMs)]],
    ),
    '',
    `One account: ${one.calls} calls (home region ${one.homeRegion}, each other region ${one.otherRegion}, identity and regions the rest): ${Object.entries(one.byAction).map(([action, n]) => `${action} ${n}`).join(', ')}. Verdicts of the fleet run: ${Object.entries(fleet.verdicts).map(([status, n]) => `${status} ${n}`).join(', ')}.`,
  ].join('\n');
}
