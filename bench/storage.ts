/**
 * Part 8 (BENCHMARKS.md section 12): the storage families. The AWS calls one
 * account costs live at 17 regions and 50 buckets for every storage root
 * field (buckets and their six per-bucket answers, the account's Block
 * Public Access, RDS instances and clusters, EFS), counted on the loopback
 * endpoint; and the issue's data set over 1,000 accounts from snapshots:
 * each account the network part's 200 instances and 300 security groups
 * and 50 buckets, asked one cross-type query (public instances in a group
 * open to 0.0.0.0/0 on 22, and buckets without a TLS-only policy or not
 * blocked from the public).
 *
 * cold  a new session: read the files, check their shape, read the policies, build rows and indexes, filter, execute.
 * warm  the same query in a session that has all of it.
 * heap  heap used after a full GC with the loaded session alive, less before.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { seededRandom } from '../test/support/seeded-random.js';
import { identityFiles, sizeOf, writeFolder } from './account-folders.js';
import { createEngine } from '../src/index.js';
import type { DataSet } from './data-set.js';
import { liveCalls } from './live-calls.js';
import { measure, peakRssMb, type Timing } from './measure.js';
import { networkFiles, publicInstancesOpenOn22 } from './network-data.js';
import { bucketsNotTlsOnlyOrNotBlocked, storageFiles } from './storage-data.js';
import { BENCH_NOW, snapshotConfig } from './synthetic.js';
import { formatCount, formatMs, table } from './table.js';

const BUCKETS = 50;
/** The network part's accounts (part 7), in the same data set. */
const INSTANCES = 200;
const SECURITY_GROUPS = 300;
/** The 17 regions every account has (launched before March 2019). */
const ALL_REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1', 'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2'];
const REGIONS = ['us-east-1', 'eu-west-1'];
const EVERY_STORAGE_ROOT = '{ buckets { id bucketPolicy { statements { effect } } } s3AccountSettings { id } dbInstances { id dbCluster { id } } dbClusters { id } efsFileSystems { id } }';
/** 2.1.1 and 2.1.4 as one question: buckets without a TLS-only policy, or not blocked from the public. */
const BUCKETS_WHERE = '{ OR: [{ publicAccessBlocked: false }, { NOT: { bucketPolicy: { statements_SOME: { effect: "Deny", principals_INCLUDES: "AWS|*", actions_COVERS: "s3:*", conditions_SOME: { key_MATCHES: "(?i)aws:securetransport", values_INCLUDES: "false" } } } } }] }';
/** Instances, their security groups' rules and buckets in one query: the issue's cross-type question over the combined data set. */
const CROSS_TYPE = `{
  vms(where: { publicIpAddress_NOT: null, securityGroups_SOME: { rules_SOME: { direction: "Inbound", sources_INCLUDES: "cidr:0.0.0.0/0", destFromPort_LTE: 22, destToPort_GTE: 22 } } }) { accountId instanceID }
  buckets(where: ${BUCKETS_WHERE}) { name }
}`;
/** RDS and EFS answer a describe call without MaxRecords in one response of up to 100 items. */
const PAGE_SIZE = 100;

export interface StorageResult {
  accounts: number;
  filesMB: number;
  instances: number;
  buckets: number;
  cold: Timing;
  warm: Timing;
  heapMb: number;
  /** One account at 17 regions and 50 buckets, every storage root field, live against the loopback endpoint, by action. */
  calls: Record<string, number>;
  peakRssMb: number;
}

interface CrossTypeAnswer {
  vms: { accountId: string; instanceID: string }[];
  buckets: { name: string }[];
}

export async function run(data: DataSet): Promise<StorageResult> {
  const work = mkdtempSync(path.join(tmpdir(), 'assetql-storage-'));
  try {
    const expected: CrossTypeAnswer = { vms: [], buckets: [] };
    const dirs = Array.from({ length: data.checkPackAccounts }, (_, i) => {
      const accountId = String(400_000_000_000 + i);
      const files = combinedFiles(accountId, REGIONS);
      expected.vms.push(...publicInstancesOpenOn22(files).map((instanceID) => ({ accountId, instanceID })));
      expected.buckets.push(...bucketsNotTlsOnlyOrNotBlocked(files).map((name) => ({ name })));
      return writeFolder(work, `combined-${i}`, files);
    });
    const engine = await createEngine({ config: snapshotConfig(dirs), storedChecks: false, now: BENCH_NOW });
    try {
      const answer = async (session?: ReturnType<typeof engine.createSession>) => {
        const result = await engine.query(CROSS_TYPE, undefined, session ? { session } : undefined);
        if (result.errors) throw new Error(`engine failed: ${result.errors[0].message}`);
        return result.data as unknown as CrossTypeAnswer;
      };
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      const before = process.memoryUsage().heapUsed;
      const session = engine.createSession();
      const found = await answer(session);
      gc?.();
      const heapMb = (process.memoryUsage().heapUsed - before) / 2 ** 20;
      // Checked before anything is timed: the engine's answer is the one worked out from the generated files.
      const key = (answer: CrossTypeAnswer) => JSON.stringify([answer.vms.map((vm) => `${vm.accountId}/${vm.instanceID}`).sort(), answer.buckets.map((bucket) => bucket.name).sort()]);
      if (key(found) !== key(expected)) throw new Error(`engine found ${found.vms.length} instances and ${found.buckets.length} buckets, the files hold ${expected.vms.length} and ${expected.buckets.length}`);
      const cold = await measure(() => answer(), { warmup: 0, runs: 3 });
      const warm = await measure(() => answer(session), { warmup: 3, runs: 11 });
      return { accounts: dirs.length, filesMB: sizeOf(dirs) / 1e6, instances: found.vms.length, buckets: found.buckets.length, cold, warm, heapMb, calls: await storageCalls(work), peakRssMb: peakRssMb() };
    } finally {
      await engine.close();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** One account of the combined data set: the network part's EC2 answers and this part's storage answers, each from its own generator and seed. */
function combinedFiles(accountId: string, regions: readonly string[]): Record<string, unknown> {
  const seed = Number(accountId) % 2 ** 31;
  return {
    ...networkFiles(seededRandom(seed), accountId, { regions, instances: INSTANCES, securityGroups: SECURITY_GROUPS }),
    ...storageFiles(seededRandom(seed + 1), accountId, { regions, buckets: BUCKETS, dbInstances: 3, fileSystems: 2 }),
    ...identityFiles(accountId, regions),
  };
}

/** The calls one account costs live at 17 regions and 50 buckets. */
function storageCalls(work: string): Promise<Record<string, number>> {
  const accountId = '499999999999';
  const dir = writeFolder(work, 'live', { ...storageFiles(seededRandom(Number(accountId) % 2 ** 31), accountId, { regions: ALL_REGIONS, buckets: BUCKETS, dbInstances: 3, fileSystems: 2 }), ...identityFiles(accountId, ALL_REGIONS) });
  return liveCalls({ dir, accountId, pageSize: PAGE_SIZE, query: EVERY_STORAGE_ROOT });
}

export function format(result: StorageResult): string {
  const per = (ms: number) => ((ms * 1000) / result.accounts).toFixed(1);
  const found = `${formatCount(result.instances)} + ${formatCount(result.buckets)}`;
  return [
    table(
      `8. Storage and network as one data set, ${formatCount(result.accounts)} accounts of ${INSTANCES} instances, ${SECURITY_GROUPS} security groups and ${BUCKETS} buckets each (${REGIONS.length} regions; ${result.filesMB.toFixed(0)} MB of answers in all): public instances in a group open to 0.0.0.0/0 on 22, and buckets without a TLS-only policy or not blocked from the public, in one query`,
      ['run', 'found (instances + buckets)', 'median ms', 'us / account'],
      [
        ['cold: a new session (read, check, build, query)', found, formatMs(result.cold.medianMs), per(result.cold.medianMs)],
        ['warm: the same session', found, formatMs(result.warm.medianMs), per(result.warm.medianMs)],
      ],
    ),
    `heap kept by the loaded session: ${result.heapMb.toFixed(0)} MB (${((result.heapMb * 1024) / result.accounts).toFixed(0)} kB per account); peak RSS of the process ${result.peakRssMb.toFixed(0)} MB`,
    `live calls of one account at 17 regions and ${BUCKETS} buckets for every storage root field (${Object.values(result.calls).reduce((a, b) => a + b, 0)}): ${Object.entries(result.calls).map(([action, n]) => `${action} ${n}`).join(', ')}`,
  ].join('\n\n');
}
