/**
 * Part 1: the documented query through assetql against the floor (a
 * hand-written loop), cold and warm, as accounts and users grow.
 *
 * cold  engine: `engine.query` with a new session: reads the snapshot files, parses, executes.
 *       floor:  reads the same files, parses the header and root line, loops.
 * warm  engine: `engine.query` in a session that already loaded every account (nothing is read or parsed).
 *       floor:  loops over rows already parsed into string arrays.
 */
import { createEngine } from '../src/index.js';
import { DOCUMENTED_QUERY, floorFromFolders, floorQuery, parseFolders } from './floor.js';
import { measure, type Timing } from './measure.js';
import { BENCH_NOW, snapshotConfig } from './synthetic.js';
import { csvBytes, type DataSet } from './data-set.js';
import { formatMs, formatRatio, table } from './table.js';

export interface EngineVsFloorCase {
  accounts: number;
  usersPerAccount: number;
  csvMB: number;
  matches: number;
  cold: { engine: Timing; floor: Timing };
  warm: { engine: Timing; floor: Timing };
}

export interface EngineVsFloorResult {
  cases: EngineVsFloorCase[];
}

export async function run(data: DataSet): Promise<EngineVsFloorResult> {
  const cases: EngineVsFloorCase[] = [];
  for (const size of data.engineSizes) cases.push(await measureCase(data.accountDirs.slice(0, size), data.usersPerAccount, csvBytes(data, size)));
  cases.push(await measureCase(data.largeAccountDirs, data.largeAccountUsers, data.largeCsvBytes));
  return { cases };
}

async function measureCase(dirs: string[], usersPerAccount: number, reportBytes: number): Promise<EngineVsFloorCase> {
  const engine = await createEngine({ config: snapshotConfig(dirs), storedChecks: false, now: BENCH_NOW });
  try {
    const expected = floorFromFolders(dirs);
    const answer = async (options?: Parameters<typeof engine.query>[2]) => {
      const result = await engine.query(DOCUMENTED_QUERY, undefined, options);
      if (result.errors) throw new Error(`engine failed: ${result.errors[0].message}`);
      return result.data;
    };
    // A benchmark of a wrong answer measures nothing.
    if (JSON.stringify(await answer()) !== JSON.stringify(expected)) throw new Error(`engine and floor disagree over ${dirs.length} accounts`);

    // Large inputs take seconds a run; small ones need many runs to see past timer noise.
    const coldRuns = dirs.length >= 1000 ? 5 : 15;
    const cold = {
      engine: await measure(() => answer(), { runs: coldRuns }),
      floor: await measure(() => floorFromFolders(dirs), { runs: coldRuns }),
    };

    const session = engine.createSession();
    await answer({ session });
    const parsed = parseFolders(dirs);
    const warm = {
      engine: await measure(() => answer({ session }), { warmup: 3, runs: 21 }),
      floor: await measure(() => floorQuery(parsed), { warmup: 3, runs: 21 }),
    };
    return { accounts: dirs.length, usersPerAccount, csvMB: reportBytes / 1e6, matches: expected.rootUsers.length, cold, warm };
  } finally {
    await engine.close();
  }
}

export function format(result: EngineVsFloorResult): string {
  const rows = result.cases.map((c) => [
    `${c.accounts.toLocaleString('en-US')} x ${c.usersPerAccount.toLocaleString('en-US')}`,
    c.csvMB.toFixed(1),
    String(c.matches),
    formatMs(c.cold.engine.medianMs),
    formatMs(c.cold.floor.medianMs),
    formatRatio(c.cold.engine.medianMs / c.cold.floor.medianMs),
    `${((c.cold.engine.medianMs * 1000) / c.accounts).toFixed(0)}`,
    formatMs(c.warm.engine.medianMs),
    formatMs(c.warm.floor.medianMs),
    formatRatio(c.warm.engine.medianMs / c.warm.floor.medianMs),
    `${((c.warm.engine.medianMs * 1000) / c.accounts).toFixed(1)}`,
  ]);
  return table(
    '1. Documented query: assetql against a hand-written loop (median ms)',
    ['accounts x users', 'CSV MB', 'found', 'cold assetql', 'cold floor', 'ratio', 'us/acct', 'warm assetql', 'warm floor', 'ratio', 'us/acct'],
    rows,
  );
}
