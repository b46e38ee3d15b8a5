/**
 * Part 8: the storage families. The AWS calls one account costs live at 17
 * regions and 50 buckets for every storage root field (buckets and their six
 * per-bucket answers, the account's Block Public Access, RDS instances and
 * clusters, EFS), counted on the loopback endpoint; and the storage checks'
 * bucket question over 1,000 accounts of 50 buckets each, from snapshots.
 *
 * cold  a new session: read the files, check their shape, read the policies, build rows, filter, execute.
 * warm  the same query in a session that has all of it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseConfig } from '../src/config/config.js';
import { createEngine } from '../src/index.js';
import { createConnectors } from '../src/sources/create-connectors.js';
import { startAwsEndpoint } from '../test/support/aws-endpoint/index.js';
import { useSdkEnvironment } from '../test/support/aws-endpoint/sdk-env.js';
import { seededRandom } from '../test/support/seeded-random.js';
import type { DataSet } from './data-set.js';
import { measure, peakRssMb, type Timing } from './measure.js';
import { storageFiles } from './storage-data.js';
import { BENCH_NOW, snapshotConfig } from './synthetic.js';
import { formatCount, formatMs, table } from './table.js';

const BUCKETS = 50;
/** The 17 regions every account has (launched before March 2019). */
const ALL_REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1', 'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2'];
const REGIONS = ['us-east-1', 'eu-west-1'];
const EVERY_STORAGE_ROOT = '{ buckets { id bucketPolicy { statements { effect } } } s3AccountSettings { id } dbInstances { id dbCluster { id } } dbClusters { id } efsFileSystems { id } }';
/** 2.1.1 and 2.1.4 as one question: buckets without a TLS-only policy, or not blocked from the public. */
const BUCKET_QUESTION = '{ buckets(where: { OR: [{ publicAccessBlocked: false }, { NOT: { bucketPolicy: { statements_SOME: { effect: "Deny", principals_INCLUDES: "AWS|*", actions_COVERS: "s3:*", conditions_SOME: { key_MATCHES: "(?i)aws:securetransport", values_INCLUDES: "false" } } } } }] }) { id } }';
/** RDS and EFS answer a describe call without MaxRecords in one response of up to 100 items. */
const PAGE_SIZE = 100;

export interface StorageResult {
  accounts: number;
  matches: number;
  cold: Timing;
  warm: Timing;
  heapMb: number;
  /** One account at 17 regions and 50 buckets, every storage root field, live against the loopback endpoint, by action. */
  calls: Record<string, number>;
  peakRssMb: number;
}

export async function run(data: DataSet): Promise<StorageResult> {
  const work = mkdtempSync(path.join(tmpdir(), 'assetql-storage-'));
  try {
    const dirs = Array.from({ length: data.checkPackAccounts }, (_, i) => writeAccount(work, `storage-${i}`, String(400_000_000_000 + i), REGIONS));
    const engine = await createEngine({ config: snapshotConfig(dirs), storedChecks: false, now: BENCH_NOW });
    try {
      const answer = async (session?: ReturnType<typeof engine.createSession>) => {
        const result = await engine.query(BUCKET_QUESTION, undefined, session ? { session } : undefined);
        if (result.errors) throw new Error(`engine failed: ${result.errors[0].message}`);
        return (result.data as { buckets: unknown[] }).buckets;
      };
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      const before = process.memoryUsage().heapUsed;
      const session = engine.createSession();
      const matches = (await answer(session)).length;
      gc?.();
      const heapMb = (process.memoryUsage().heapUsed - before) / 2 ** 20;
      const cold = await measure(() => answer(), { warmup: 0, runs: 3 });
      const warm = await measure(() => answer(session), { warmup: 3, runs: 11 });
      return { accounts: dirs.length, matches, cold, warm, heapMb, calls: await liveCalls(work), peakRssMb: peakRssMb() };
    } finally {
      await engine.close();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function writeAccount(root: string, name: string, accountId: string, regions: readonly string[]): string {
  const dir = path.join(root, name);
  const files: Record<string, unknown> = {
    ...storageFiles(seededRandom(Number(accountId) % 2 ** 31), accountId, { regions, buckets: BUCKETS, dbInstances: 3, fileSystems: 2 }),
    'ec2/describe-regions.json': { Regions: regions.map((region) => ({ Endpoint: `ec2.${region}.amazonaws.com`, RegionName: region, OptInStatus: 'opt-in-not-required' })) },
    'sts/get-caller-identity.json': { UserId: 'AIDABENCH', Account: accountId, Arn: `arn:aws:iam::${accountId}:user/bench` },
  };
  for (const [file, value] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), JSON.stringify(value));
  }
  return dir;
}

/** The calls one account costs live at 17 regions and 50 buckets: its folder served by the loopback endpoint. */
async function liveCalls(work: string): Promise<Record<string, number>> {
  const accountId = '499999999999';
  const dir = writeAccount(work, 'live', accountId, ALL_REGIONS);
  const key = 'AKIABENCHSTORAGE0001';
  const endpoint = await startAwsEndpoint({ accounts: [{ id: accountId, name: 'bench', accessKeyId: key, snapshot: dir }], pageSize: PAGE_SIZE });
  const restoreEnv = useSdkEnvironment({ endpointUrl: endpoint.url, accessKeyId: key });
  const config = { connectors: [{ id: 'bench', provider: 'aws' }] };
  try {
    const connectors = await createConnectors(parseConfig(config, { baseDir: dir }), { awsTiming: { pollInitialMs: 5, pollMaxMs: 20 } });
    const engine = await createEngine({ config, connectors, storedChecks: false, now: BENCH_NOW });
    try {
      endpoint.resetCalls();
      const result = await engine.query(EVERY_STORAGE_ROOT);
      if (result.errors) throw new Error(`live storage query failed: ${result.errors[0].message}`);
    } finally {
      await engine.close();
    }
    const calls: Record<string, number> = {};
    for (const call of endpoint.calls) calls[call.action] = (calls[call.action] ?? 0) + 1;
    return calls;
  } finally {
    restoreEnv();
    await endpoint.close();
  }
}

export function format(result: StorageResult): string {
  const per = (ms: number) => ((ms * 1000) / result.accounts).toFixed(1);
  return [
    table(
      `8. Storage, ${formatCount(result.accounts)} accounts of ${BUCKETS} buckets each (${REGIONS.length} regions): buckets without a TLS-only policy or not blocked from the public`,
      ['run', 'found', 'median ms', 'us / account'],
      [
        ['cold: a new session (read, check, build, query)', String(result.matches), formatMs(result.cold.medianMs), per(result.cold.medianMs)],
        ['warm: the same session', String(result.matches), formatMs(result.warm.medianMs), per(result.warm.medianMs)],
      ],
    ),
    `heap kept by the loaded session: ${result.heapMb.toFixed(0)} MB (${((result.heapMb * 1024) / result.accounts).toFixed(0)} kB per account); peak RSS of the process ${result.peakRssMb.toFixed(0)} MB`,
    `live calls of one account at 17 regions and ${BUCKETS} buckets for every storage root field (${Object.values(result.calls).reduce((a, b) => a + b, 0)}): ${Object.entries(result.calls).map(([action, n]) => `${action} ${n}`).join(', ')}`,
  ].join('\n\n');
}
