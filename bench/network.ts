/**
 * Part 7: the network families, in one process. Accounts of 200 instances
 * and 300 security groups each (two regions, plus a VPC, its ACL and flow
 * log, and a volume per instance), loaded and asked the cross-type
 * question "instances with a public IP whose security group admits
 * 0.0.0.0/0 on port 22"; and the AWS calls one account costs live at 17
 * regions for every network root field.
 *
 * cold  a new session: read the files, check their shape, build rows and indexes, filter, execute.
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
import { BENCH_NOW, snapshotConfig } from './synthetic.js';
import { formatCount, formatMs, table } from './table.js';

const INSTANCES = 200;
const SECURITY_GROUPS = 300;
const REGIONS = ['us-east-1', 'eu-west-1'];
/** The 17 regions every account has (launched before March 2019). */
const ALL_REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1', 'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2'];
const CROSS_TYPE = '{ vms(where: { publicIpAddress_NOT: null, securityGroups_SOME: { rules_SOME: { direction: "Inbound", sources_INCLUDES: "cidr:0.0.0.0/0", destFromPort_LTE: 22, destToPort_GTE: 22 } } }) { id } }';
const EVERY_NETWORK_ROOT = '{ ebsSettings { id } securityGroups { id vms { id } } networkAcls { id } vpcs { id } vms { id securityGroups { id } networkInterfaces { networkInterfaceID } } }';
/** EC2 answers a describe call without MaxResults in one response: the live path sends none. */
const EC2_PAGE_SIZE = 1_000;

export interface NetworkResult {
  accounts: number;
  filesMB: number;
  matches: number;
  cold: Timing;
  warm: Timing;
  heapMb: number;
  /** One account at 17 regions, every network root field, live against the loopback endpoint, by action. */
  calls: Record<string, number>;
  peakRssMb: number;
}

export async function run(data: DataSet): Promise<NetworkResult> {
  const work = mkdtempSync(path.join(tmpdir(), 'assetql-network-'));
  try {
    let expected = 0;
    const dirs = Array.from({ length: data.checkPackAccounts }, (_, i) => {
      const files = accountFiles(String(300_000_000_000 + i), REGIONS);
      expected += publicInstancesOpenOn22(files).length;
      return writeFolder(work, `net-${i}`, files);
    });
    const engine = await createEngine({ config: snapshotConfig(dirs), storedChecks: false, now: BENCH_NOW });
    try {
      const answer = async (session?: ReturnType<typeof engine.createSession>) => {
        const result = await engine.query(CROSS_TYPE, undefined, session ? { session } : undefined);
        if (result.errors) throw new Error(`engine failed: ${result.errors[0].message}`);
        return (result.data as { vms: unknown[] }).vms;
      };
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      const before = process.memoryUsage().heapUsed;
      const session = engine.createSession();
      const matches = (await answer(session)).length;
      // Checked before anything is timed: as many as the generated files hold.
      if (matches !== expected) throw new Error(`engine found ${matches} instances, the files hold ${expected}`);
      gc?.();
      const heapMb = (process.memoryUsage().heapUsed - before) / 2 ** 20;
      const cold = await measure(() => answer(), { warmup: 0, runs: 3 });
      const warm = await measure(() => answer(session), { warmup: 3, runs: 11 });
      return { accounts: dirs.length, filesMB: sizeOf(dirs) / 1e6, matches, cold, warm, heapMb, calls: await networkCalls(work), peakRssMb: peakRssMb() };
    } finally {
      await engine.close();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function accountFiles(accountId: string, regions: readonly string[]): Record<string, unknown> {
  return { ...networkFiles(seededRandom(Number(accountId) % 2 ** 31), accountId, { regions, instances: INSTANCES, securityGroups: SECURITY_GROUPS }), ...identityFiles(accountId, regions) };
}

/** The calls one account of the same size costs live at 17 regions. */
function networkCalls(work: string): Promise<Record<string, number>> {
  const accountId = '399999999999';
  return liveCalls({ dir: writeFolder(work, 'live', accountFiles(accountId, ALL_REGIONS)), accountId, pageSize: EC2_PAGE_SIZE, query: EVERY_NETWORK_ROOT });
}

export function format(result: NetworkResult): string {
  const per = (ms: number) => ((ms * 1000) / result.accounts).toFixed(1);
  return [
    table(
      `7. Network, ${formatCount(result.accounts)} accounts of ${INSTANCES} instances and ${SECURITY_GROUPS} security groups (${REGIONS.length} regions; ${result.filesMB.toFixed(0)} MB of EC2 answers in all): public instances in a group open to 0.0.0.0/0 on 22`,
      ['run', 'found', 'median ms', 'us / account'],
      [
        ['cold: a new session (read, check, build, query)', String(result.matches), formatMs(result.cold.medianMs), per(result.cold.medianMs)],
        ['warm: the same session', String(result.matches), formatMs(result.warm.medianMs), per(result.warm.medianMs)],
      ],
    ),
    `heap kept by the loaded session: ${result.heapMb.toFixed(0)} MB (${((result.heapMb * 1024) / result.accounts).toFixed(0)} kB per account); peak RSS of the process ${result.peakRssMb.toFixed(0)} MB`,
    `live calls of one such account at 17 regions for every network root field (${Object.values(result.calls).reduce((a, b) => a + b, 0)}): ${Object.entries(result.calls).map(([action, n]) => `${action} ${n}`).join(', ')}`,
  ].join('\n\n');
}
