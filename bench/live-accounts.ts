/**
 * Part 3: many live accounts. An Organization behind the loopback AWS
 * endpoint (test/support/aws-endpoint) with latency added to every call;
 * the documented query at several account-load concurrencies, against the
 * ideal: calls x latency / concurrency.
 */
import { parseConfig } from '../src/config/config.js';
import { createConnectors } from '../src/sources/create-connectors.js';
import type { AwsTiming } from '../src/sources/live/timing.js';
import { createEngine } from '../src/index.js';
import { startAwsEndpoint, type RecordedCall } from '../test/support/aws-endpoint/index.js';
import { useSdkEnvironment } from '../test/support/aws-endpoint/sdk-env.js';
import type { DataSet } from './data-set.js';
import { DOCUMENTED_QUERY } from './floor.js';
import { median } from './measure.js';
import { BENCH_NOW, syntheticAccounts } from './synthetic.js';
import { formatCount, formatMs, formatRatio, table } from './table.js';

/** The management account's own IAM user; every other account is reached through AssumeRole. */
const BASE_KEY = 'AKIABENCHMANAGEMENT1';
const ORGANIZATION = { connectors: [{ discover: 'organization' }] };
/** Report polling in milliseconds, as the AWS tests do; real AWS pacing (500 ms first poll) would measure the wait, not assetql. */
const TIMING: Partial<AwsTiming> = { pollInitialMs: 5, pollMaxMs: 20, retryInitialMs: 5, retryMaxMs: 20 };
const RUNS = 3;

export interface LiveRun {
  concurrency: number;
  wallMs: number[];
  medianMs: number;
  /** Calls of one query (the last run), discovery not included. */
  calls: number;
  idealMs: number;
  callsPerAccount: { min: number; max: number };
  byAction: Record<string, number>;
}

export interface LiveAccountsResult {
  accounts: number;
  latencyMs: number;
  pollInitialMs: number;
  discovery: { medianMs: number; calls: number };
  found: number;
  runs: LiveRun[];
}

export async function run(data: DataSet): Promise<LiveAccountsResult> {
  // Indexes far from the snapshot accounts', so account ids do not repeat theirs.
  const accounts = syntheticAccounts({ count: data.liveAccounts, users: data.usersPerAccount, seed: data.seed, first: 50_001 });
  const endpoint = await startAwsEndpoint({
    accounts: accounts.map((account, index) => ({
      id: account.accountId,
      name: account.id,
      accessKeyId: index === 0 ? BASE_KEY : undefined,
      aliases: account.alias ? [account.alias] : [],
      credentialReport: account.credentialReport,
      summary: account.summary,
      passwordPolicy: account.passwordPolicy,
    })),
    managementAccountId: accounts[0].accountId,
    pageSize: 20, // ListAccounts' largest page, as a real Organization would be listed
    faults: [{ latencyMs: data.liveLatencyMs }],
  });
  const restoreEnv = useSdkEnvironment({ endpointUrl: endpoint.url, accessKeyId: BASE_KEY });
  const expected = accounts.filter((account) => account.summary.AccountAccessKeysPresent === 1).length;

  try {
    const discoveryMs: number[] = [];
    let discoveryCalls = 0;
    const once = async (concurrency: number) => {
      // Each run starts where a first run of the day does: no report yet, no assumed-role sessions.
      for (const account of endpoint.world.accounts.values()) account.report = { status: 'none' };
      endpoint.resetCalls();
      const discoveryStart = performance.now();
      const connectors = await createConnectors(parseConfig(ORGANIZATION, { baseDir: process.cwd() }), { awsTiming: TIMING });
      discoveryMs.push(performance.now() - discoveryStart);
      discoveryCalls = endpoint.calls.length;
      const engine = await createEngine({ config: ORGANIZATION, connectors, concurrency, storedChecks: false, now: BENCH_NOW });
      endpoint.resetCalls();
      const start = performance.now();
      const result = await engine.query(DOCUMENTED_QUERY);
      const wallMs = performance.now() - start;
      await engine.close();
      if (result.errors) throw new Error(`live query failed: ${result.errors[0].message}`);
      const found = (result.data?.rootUsers as unknown[]).length;
      if (found !== expected) throw new Error(`live query found ${found} root users with keys, expected ${expected}`);
      return { wallMs, calls: [...endpoint.calls] };
    };

    await once(Math.max(...data.liveConcurrency)); // warm-up: SDK modules, JIT
    const runs: LiveRun[] = [];
    for (const concurrency of data.liveConcurrency) {
      const wallMs: number[] = [];
      let calls: RecordedCall[] = [];
      for (let i = 0; i < RUNS; i++) ({ calls, wallMs: wallMs[i] } = await once(concurrency));
      const perAccount = countBy(calls, (call) => call.account ?? 'unknown');
      runs.push({
        concurrency,
        wallMs,
        medianMs: median([...wallMs].sort((a, b) => a - b)),
        calls: calls.length,
        idealMs: (calls.length * data.liveLatencyMs) / concurrency,
        callsPerAccount: { min: Math.min(...perAccount.values()), max: Math.max(...perAccount.values()) },
        byAction: Object.fromEntries(countBy(calls, (call) => call.action)),
      });
    }
    return {
      accounts: accounts.length,
      latencyMs: data.liveLatencyMs,
      pollInitialMs: TIMING.pollInitialMs!,
      discovery: { medianMs: median(discoveryMs.sort((a, b) => a - b)), calls: discoveryCalls },
      found: expected,
      runs,
    };
  } finally {
    restoreEnv();
    await endpoint.close();
  }
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

export function format(result: LiveAccountsResult): string {
  const first = result.runs[0];
  const actions = first ? Object.entries(first.byAction).map(([action, n]) => `${action} ${n}`).join(', ') : '';
  return [
    table(
      `3. Documented query over ${formatCount(result.accounts)} live accounts, ${result.latencyMs} ms per AWS call (median of ${RUNS})`,
      ['concurrency', 'wall ms', 'ideal ms', 'wall / ideal', 'calls', 'calls per account'],
      result.runs.map((r) => [
        String(r.concurrency),
        formatMs(r.medianMs),
        formatMs(r.idealMs),
        formatRatio(r.medianMs / r.idealMs),
        formatCount(r.calls),
        r.callsPerAccount.min === r.callsPerAccount.max ? String(r.callsPerAccount.min) : `${r.callsPerAccount.min}-${r.callsPerAccount.max}`,
      ]),
    ),
    '',
    `Calls per query: ${actions}. Organization discovery before each query (not in wall): ${formatMs(result.discovery.medianMs)} ms, ${result.discovery.calls} calls. Report polling starts at ${result.pollInitialMs} ms.`,
  ].join('\n');
}
