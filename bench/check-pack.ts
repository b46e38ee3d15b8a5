/**
 * Part 2: the whole bundled check pack over many accounts through
 * `engine.runChecks()`: wall time, peak memory, and how often each account's
 * data is loaded (a run is one session: once per account, however many
 * checks read it).
 */
import { createEngine } from '../src/index.js';
import type { LoadEvent } from '../src/engine/types.js';
import type { DataSet } from './data-set.js';
import { measure, peakRssMb, type Timing } from './measure.js';
import { BENCH_NOW, snapshotConfig } from './synthetic.js';
import { formatCount, formatMs, table } from './table.js';

/** The documented check, for the cost of one check against the pack. */
const DOCUMENTED_CHECK = 'aws-root-users-with-access-key';

export interface CheckPackRun {
  label: string;
  checks: number;
  results: number;
  timing: Timing;
  /** Per account and kind of data, in the last timed run: fewest and most loads. */
  loadsPerAccount: Record<string, { min: number; max: number }>;
  outcome: { pass: number; fail: number; error: number };
}

export interface CheckPackResult {
  accounts: number;
  engineStartMs: number;
  runs: CheckPackRun[];
  peakRssMb: number;
  heapUsedAfterMb: number;
}

export async function run(data: DataSet): Promise<CheckPackResult> {
  const dirs = data.accountDirs.slice(0, data.checkPackAccounts);
  let loads = new Map<string, number>();
  const onLoad = (event: LoadEvent) => {
    if (event.state !== 'start') return;
    const key = `${event.data}\u0000${event.connector}`;
    loads.set(key, (loads.get(key) ?? 0) + 1);
  };

  const startedAt = performance.now();
  const engine = await createEngine({ config: snapshotConfig(dirs), now: BENCH_NOW, onLoad });
  const engineStartMs = performance.now() - startedAt;
  const connectorIds = engine.connectors.map((connector) => connector.id);

  const runs: CheckPackRun[] = [];
  for (const [label, checks] of [['whole pack', undefined], ['documented check only', [DOCUMENTED_CHECK]]] as const) {
    let last: Awaited<ReturnType<typeof engine.runChecks>> | undefined;
    const timing = await measure(
      async () => {
        loads = new Map();
        last = await engine.runChecks({ checks });
      },
      { warmup: 1, runs: 3 },
    );
    const report = last!;
    runs.push({
      label,
      checks: report.summary.checks,
      results: report.summary.results,
      timing,
      loadsPerAccount: loadCounts(loads, connectorIds),
      outcome: { pass: report.summary.pass, fail: report.summary.fail, error: report.summary.error },
    });
  }
  const heapUsedAfterMb = process.memoryUsage().heapUsed / 2 ** 20;
  await engine.close();
  return { accounts: dirs.length, engineStartMs, runs, peakRssMb: peakRssMb(), heapUsedAfterMb };
}

/** Fewest and most loads of each kind over the accounts (0 for an account a kind was never loaded for). */
function loadCounts(loads: Map<string, number>, connectorIds: string[]): Record<string, { min: number; max: number }> {
  const kinds = new Set([...loads.keys()].map((key) => key.split('\u0000')[0]));
  const counts: Record<string, { min: number; max: number }> = {};
  for (const kind of kinds) {
    const perAccount = connectorIds.map((id) => loads.get(`${kind}\u0000${id}`) ?? 0);
    counts[kind] = { min: Math.min(...perAccount), max: Math.max(...perAccount) };
  }
  return counts;
}

export function format(result: CheckPackResult): string {
  const describeLoads = (loads: CheckPackRun['loadsPerAccount']) =>
    Object.entries(loads)
      .map(([kind, { min, max }]) => `${kind} ${min === max ? min : `${min}-${max}`}`)
      .join(', ');
  return [
    table(
      `2. Check pack over ${formatCount(result.accounts)} accounts (runChecks: load + parse + 1 query per check and account; median of 3)`,
      ['run', 'checks', 'results', 'wall ms', 'ms / result', 'pass / fail / error', 'loads per account'],
      result.runs.map((r) => [
        r.label,
        String(r.checks),
        formatCount(r.results),
        formatMs(r.timing.medianMs),
        (r.timing.medianMs / r.results).toFixed(3),
        `${r.outcome.pass} / ${r.outcome.fail} / ${r.outcome.error}`,
        describeLoads(r.loadsPerAccount),
      ]),
    ),
    '',
    `createEngine (config, schema, bundled checks): ${formatMs(result.engineStartMs)} ms; peak RSS of the process ${result.peakRssMb.toFixed(0)} MB; heap used after ${result.heapUsedAfterMb.toFixed(0)} MB`,
  ].join('\n');
}
