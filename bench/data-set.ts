/**
 * The synthetic data every benchmark reads, generated once per `npm run bench`
 * into a temporary folder and described by a JSON file the child processes load.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { seededRandom } from '../test/support/seeded-random.js';
import { DEFAULT_SEED, syntheticAccount, writeSnapshotFolders } from './synthetic.js';

export interface Scale {
  /** Account counts of part 1 (each account has `usersPerAccount` users); the largest is generated. */
  engineSizes: number[];
  usersPerAccount: number;
  /** Users of the single large account of part 1. */
  largeAccountUsers: number;
  /** Accounts the whole check pack runs over (part 2) and the server serves (part 4). */
  checkPackAccounts: number;
  /** Accounts behind the loopback AWS endpoint (part 3). */
  liveAccounts: number;
  /** Added latency per AWS call, ms (part 3). */
  liveLatencyMs: number;
  /** Account-load concurrency settings compared in part 3. */
  liveConcurrency: number[];
}

export const FULL_SCALE: Scale = {
  engineSizes: [10, 1_000, 10_000],
  usersPerAccount: 20,
  largeAccountUsers: 20_000,
  checkPackAccounts: 1_000,
  liveAccounts: 200,
  liveLatencyMs: 50,
  liveConcurrency: [8, 32],
};

/** For working on the benchmarks themselves: the same shapes, a minute less. */
export const QUICK_SCALE: Scale = {
  engineSizes: [10, 100, 1_000],
  usersPerAccount: 20,
  largeAccountUsers: 2_000,
  checkPackAccounts: 100,
  liveAccounts: 20,
  liveLatencyMs: 50,
  liveConcurrency: [4, 16],
};

export interface DataSet extends Scale {
  seed: number;
  /** Snapshot folders of the many small accounts, in connector order. */
  accountDirs: string[];
  /** Bytes of each of those accounts' credential report. */
  accountCsvBytes: number[];
  /** The one account of `largeAccountUsers` users. */
  largeAccountDirs: string[];
  largeCsvBytes: number;
}

/** Writes the snapshot folders under `root` and the description beside them; returns the description's path. */
export function generateDataSet(root: string, scale: Scale, seed = DEFAULT_SEED): string {
  const random = seededRandom(seed);
  const count = Math.max(...scale.engineSizes, scale.checkPackAccounts);
  const accountDirs: string[] = [];
  const accountCsvBytes: number[] = [];
  // In batches, so 10,000 accounts never sit in memory at once.
  for (let first = 1; first <= count; first += 500) {
    const batch = Array.from({ length: Math.min(500, count - first + 1) }, (_, i) => syntheticAccount(random, first + i, scale.usersPerAccount));
    accountDirs.push(...writeSnapshotFolders(path.join(root, 'accounts'), batch));
    accountCsvBytes.push(...batch.map((account) => Buffer.byteLength(account.credentialReport)));
  }
  const large = syntheticAccount(random, 0, scale.largeAccountUsers);
  const dataSet: DataSet = {
    ...scale,
    seed,
    accountDirs,
    accountCsvBytes,
    largeAccountDirs: writeSnapshotFolders(path.join(root, 'large-account'), [large]),
    largeCsvBytes: Buffer.byteLength(large.credentialReport),
  };
  const file = path.join(root, 'data-set.json');
  writeFileSync(file, JSON.stringify(dataSet));
  return file;
}

export function loadDataSet(file: string): DataSet {
  return JSON.parse(readFileSync(file, 'utf8')) as DataSet;
}

/** CSV bytes of the first `count` accounts. */
export function csvBytes(data: DataSet, count: number): number {
  let total = 0;
  for (let i = 0; i < count; i++) total += data.accountCsvBytes[i];
  return total;
}
