/**
 * Part 3: many live accounts. An Organization behind the loopback AWS
 * endpoint (test/support/aws-endpoint) with latency added to every call;
 * the documented query at several account-load concurrencies, against the
 * ideal: calls x latency / concurrency. The endpoint runs in a child
 * process by default, so the CPU measured is assetql's (and the SDK's) alone.
 */
import { parseConfig } from '../src/config/config.js';
import { createConnectors } from '../src/sources/create-connectors.js';
import type { AwsTiming } from '../src/sources/live/timing.js';
import { createEngine } from '../src/index.js';
import { useSdkEnvironment } from '../test/support/aws-endpoint/sdk-env.js';
import type { DataSet } from './data-set.js';
import { DOCUMENTED_QUERY } from './floor.js';
import { BASE_KEY, cpuMs, organizationAccounts, startOrganization, startOrganizationProcess, type CountedCall, type OrganizationSpec } from './live-organization.js';
import { median } from './measure.js';
import { BENCH_NOW } from './synthetic.js';
import { formatCount, formatMs, formatRatio, table } from './table.js';

const ORGANIZATION = { connectors: [{ discover: 'organization' }] };
/** Report polling in milliseconds, as the AWS tests do; real AWS pacing (500 ms first poll) would measure the wait, not assetql. */
const TIMING: Partial<AwsTiming> = { pollInitialMs: 5, pollMaxMs: 20, retryInitialMs: 5, retryMaxMs: 20 };
const RUNS = 3;

export interface LiveRun {
  concurrency: number;
  wallMs: number[];
  medianMs: number;
  /** CPU (user + system) of this process during each query, and its median. */
  cpuMs: number[];
  medianCpuMs: number;
  /** CPU of the endpoint's process during each query (the same process when it runs in this one). */
  endpointCpuMs: number[];
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
  /** Whether the loopback endpoint ran in a child process (its CPU then is not in `cpuMs`). */
  endpointProcess: boolean;
  discovery: { medianMs: number; calls: number };
  found: number;
  runs: LiveRun[];
}

export interface LiveOptions {
  /** Serve the Organization from a child process. @default true */
  endpointProcess?: boolean;
  /** Timed runs per concurrency. @default 3 */
  runs?: number;
}

export async function run(data: DataSet, options: LiveOptions = {}): Promise<LiveAccountsResult> {
  const { endpointProcess = true, runs: timedRuns = RUNS } = options;
  const spec: OrganizationSpec = { count: data.liveAccounts, users: data.usersPerAccount, seed: data.seed, latencyMs: data.liveLatencyMs };
  const accounts = organizationAccounts(spec);
  const endpoint = await (endpointProcess ? startOrganizationProcess(spec) : startOrganization(spec));
  const restoreEnv = useSdkEnvironment({ endpointUrl: endpoint.url, accessKeyId: BASE_KEY });
  const expected = accounts.filter((account) => account.summary.AccountAccessKeysPresent === 1).length;

  try {
    const discoveryMs: number[] = [];
    let discoveryCalls = 0;
    const once = async (concurrency: number) => {
      // Each run starts where a first run of the day does: no report yet, no assumed-role sessions.
      await endpoint.reset();
      const discoveryStart = performance.now();
      const connectors = await createConnectors(parseConfig(ORGANIZATION, { baseDir: process.cwd() }), { awsTiming: TIMING });
      discoveryMs.push(performance.now() - discoveryStart);
      discoveryCalls = (await endpoint.calls()).length;
      const engine = await createEngine({ config: ORGANIZATION, connectors, concurrency, storedChecks: false, now: BENCH_NOW });
      await endpoint.reset();
      const endpointCpuBefore = await endpoint.cpuMs();
      const cpuBefore = process.cpuUsage();
      const start = performance.now();
      const result = await engine.query(DOCUMENTED_QUERY);
      const wallMs = performance.now() - start;
      const cpu = cpuMs(process.cpuUsage(cpuBefore));
      const endpointCpu = (await endpoint.cpuMs()) - endpointCpuBefore;
      await engine.close();
      if (result.errors) throw new Error(`live query failed: ${result.errors[0].message}`);
      const found = (result.data?.rootUsers as unknown[]).length;
      if (found !== expected) throw new Error(`live query found ${found} root users with keys, expected ${expected}`);
      return { wallMs, cpuMs: cpu, endpointCpuMs: endpointCpu, calls: await endpoint.calls() };
    };

    await once(Math.max(...data.liveConcurrency)); // warm-up: SDK modules, JIT
    const runs: LiveRun[] = [];
    const byConcurrency = new Map(data.liveConcurrency.map((concurrency) => [concurrency, { wallMs: [] as number[], cpuMs: [] as number[], endpointCpuMs: [] as number[], calls: [] as CountedCall[] }]));
    // Concurrencies alternate run by run, so a busy moment of a shared machine does not fall on one of them only.
    for (let i = 0; i < timedRuns; i++) {
      for (const [concurrency, measured] of byConcurrency) {
        const one = await once(concurrency);
        measured.wallMs.push(one.wallMs);
        measured.cpuMs.push(one.cpuMs);
        measured.endpointCpuMs.push(one.endpointCpuMs);
        measured.calls = one.calls;
      }
    }
    for (const [concurrency, { wallMs, cpuMs: cpu, endpointCpuMs, calls }] of byConcurrency) {
      const perAccount = countBy(calls, (call) => call.account ?? 'unknown');
      runs.push({
        concurrency,
        wallMs,
        medianMs: median([...wallMs].sort((a, b) => a - b)),
        cpuMs: cpu,
        medianCpuMs: median([...cpu].sort((a, b) => a - b)),
        endpointCpuMs,
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
      endpointProcess,
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
      `3. Documented query over ${formatCount(result.accounts)} live accounts, ${result.latencyMs} ms per AWS call (median of ${result.runs[0]?.wallMs.length ?? 0}; endpoint ${result.endpointProcess ? 'in a child process' : 'in this process'})`,
      ['concurrency', 'wall ms', 'ideal ms', 'wall / ideal', 'CPU ms', 'endpoint CPU ms', 'calls', 'calls per account'],
      result.runs.map((r) => [
        String(r.concurrency),
        formatMs(r.medianMs),
        formatMs(r.idealMs),
        formatRatio(r.medianMs / r.idealMs),
        formatMs(r.medianCpuMs),
        formatMs(median([...r.endpointCpuMs].sort((a, b) => a - b))),
        formatCount(r.calls),
        r.callsPerAccount.min === r.callsPerAccount.max ? String(r.callsPerAccount.min) : `${r.callsPerAccount.min}-${r.callsPerAccount.max}`,
      ]),
    ),
    '',
    `Calls per query: ${actions}. Organization discovery before each query (not in wall): ${formatMs(result.discovery.medianMs)} ms, ${result.discovery.calls} calls. Report polling starts at ${result.pollInitialMs} ms.`,
  ].join('\n');
}
