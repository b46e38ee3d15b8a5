/**
 * Part 6: the IAM graph, in one process. One large account (5,000 roles,
 * 2,000 customer policies, 500 users, 100 groups) and the check pack's
 * ordinary accounts (20 users, 5 groups, 30 roles, 20 policies, 2 regions
 * each): the time to load and query their graphs, and the memory a session
 * holding them keeps.
 *
 * cold  a new session: read the files, check their shape, read every policy
 *       document into statements, build rows and indexes, filter, execute.
 * warm  the same query in a session that has all of it (nothing read or built).
 * heap  heap used after a full GC with the loaded session alive, less before.
 */
import { csvParseRows } from 'd3-dsv';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { seededRandom } from '../test/support/seeded-random.js';
import { createEngine } from '../src/index.js';
import type { DataSet } from './data-set.js';
import { liveCalls } from './live-calls.js';
import { iamGraphFiles } from './iam-graph-data.js';
import { measure, peakRssMb, type Timing } from './measure.js';
import { BENCH_NOW, snapshotConfig, syntheticAccount } from './synthetic.js';
import { formatCount, formatMs, table } from './table.js';

/** Questions that span the graph: each follows relations through indexes built once per account. */
const QUERIES: Record<string, string> = {
  'users with * on * through a group': 'iamUsers(where: { hasIAMGroup_SOME: { iamPolicies_SOME: { iamPolicyStatements_SOME: { effect: "Allow", actions_INCLUDES: "*", resources_INCLUDES: "*" } } } }) { id }',
  'roles trusting other accounts unconditioned': 'iamRoles(where: { hasIAMAssumeRolePolicyStatement_SOME: { effect: "Allow", conditions_NONE: {}, hasIAMAssumeRolePolicyPrincipal_SOME: { otherAccount: true } } }) { id }',
  'roles whose policies cover iam:PassRole': 'iamRoles(where: { iamPolicies_SOME: { iamPolicyStatements_SOME: { effect: "Allow", actions_COVERS: "iam:PassRole" } } }) { id }',
  'attached customer policies with *:*': 'iamPolicies(where: { policyType_IN: ["Custom", "Inline"], attached: true, iamPolicyStatements_SOME: { effect: "Allow", grantsAllActions: true, onAllResources: true } }) { id }',
};
const DOCUMENT = `{ ${Object.entries(QUERIES).map(([, query], i) => `q${i}: ${query}`).join(' ')} }`;
/** Every root field of the IAM families, for counting the calls they cost live. */
const EVERY_IAM_ROOT = '{ iamUsers { id } iamGroups { id } iamRoles { id } iamPolicies { id } iamVirtualMFADevices { id } iamServerCertificates { id } iamIdentityProviders { id } accessAnalyzers { id } }';
/** IAM's own page size when the caller sends no MaxItems (the live path sends none). */
const IAM_PAGE_SIZE = 100;

export interface IamGraphCase {
  label: string;
  accounts: number;
  entitiesPerAccount: number;
  detailsMB: number;
  matches: Record<string, number>;
  cold: Timing;
  warm: Record<string, Timing>;
  heapMb: number;
  /** AWS calls of the first account for every IAM root field, live against the loopback endpoint, by action. */
  calls: Record<string, number>;
}

export interface IamGraphResult {
  cases: IamGraphCase[];
  peakRssMb: number;
}

export async function run(data: DataSet): Promise<IamGraphResult> {
  const work = mkdtempSync(path.join(tmpdir(), 'assetql-iam-graph-'));
  try {
    const large = writeLargeAccount(work);
    const cases = [
      await measureCase('1 account: 5,000 roles, 2,000 policies', [large], 5_000 + 2_000 + 500 + 100),
      await measureCase(`${formatCount(data.checkPackAccounts)} ordinary accounts`, data.accountDirs.slice(0, data.checkPackAccounts), data.usersPerAccount + 5 + 30 + 20),
    ];
    return { cases, peakRssMb: peakRssMb() };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function writeLargeAccount(root: string): string {
  const account = syntheticAccount(seededRandom(5000), 0, 500);
  const dir = path.join(root, 'large');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'credential-report.csv'), account.credentialReport);
  writeFileSync(path.join(dir, 'snapshot.json'), JSON.stringify({ accountId: account.accountId }));
  const users = csvParseRows(account.credentialReport).slice(2).filter((cells) => cells.length > 1).map(([name, arn]) => ({ name, arn }));
  const files = iamGraphFiles(seededRandom(2_000), account.accountId, { users, groups: 100, roles: 5_000, policies: 2_000, regions: ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1'] });
  for (const [file, value] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), `${JSON.stringify(value, null, 4)}\n`);
  }
  return dir;
}

async function measureCase(label: string, dirs: string[], entitiesPerAccount: number): Promise<IamGraphCase> {
  const engine = await createEngine({ config: snapshotConfig(dirs), storedChecks: false, now: BENCH_NOW });
  try {
    const answer = async (document: string, session?: ReturnType<typeof engine.createSession>) => {
      const result = await engine.query(document, undefined, session ? { session } : undefined);
      if (result.errors) throw new Error(`engine failed: ${result.errors[0].message}`);
      return result.data as Record<string, unknown[]>;
    };
    // Memory first, while nothing else of the run is in the heap.
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const before = process.memoryUsage().heapUsed;
    const session = engine.createSession();
    const first = await answer(DOCUMENT, session);
    gc?.();
    const heapMb = (process.memoryUsage().heapUsed - before) / 2 ** 20;
    const matches = Object.fromEntries(Object.keys(QUERIES).map((name, i) => [name, first[`q${i}`].length]));
    const cold = await measure(() => answer(DOCUMENT), { runs: dirs.length > 1 ? 3 : 5 });
    const warm: Record<string, Timing> = { 'warm: all four in one document': await measure(() => answer(DOCUMENT, session), { warmup: 3, runs: 11 }) };
    for (const [name, query] of Object.entries(QUERIES)) warm[name] = await measure(() => answer(`{ ${query} }`, session), { warmup: 3, runs: 11 });
    const detailsMB = dirs.reduce((total, dir) => total + statSync(path.join(dir, 'iam/get-account-authorization-details.json')).size, 0) / 1e6;
    return { label, accounts: dirs.length, entitiesPerAccount, detailsMB, matches, cold, warm, heapMb, calls: await iamCalls(dirs[0]) };
  } finally {
    await engine.close();
  }
}

/** The calls one account costs live, pages as IAM pages them. */
function iamCalls(dir: string): Promise<Record<string, number>> {
  const accountId = (JSON.parse(readFileSync(path.join(dir, 'snapshot.json'), 'utf8')) as { accountId: string }).accountId;
  return liveCalls({ dir, accountId, pageSize: IAM_PAGE_SIZE, query: EVERY_IAM_ROOT });
}

export function format(result: IamGraphResult): string {
  const tables = result.cases.map((c) =>
    table(
      `6. IAM graph, ${c.label} (${formatCount(c.entitiesPerAccount)} users, groups, roles and policies per account; ${c.detailsMB.toFixed(1)} MB of authorization details in all; median ms)`,
      ['run', 'found', 'median ms', 'us / account'],
      [
        ['cold: all four in one document, a new session', String(Object.values(c.matches).reduce((a, b) => a + b, 0)), formatMs(c.cold.medianMs), ((c.cold.medianMs * 1000) / c.accounts).toFixed(0)],
        ...Object.entries(c.warm).map(([name, timing]) => [name in c.matches ? `warm: ${name}` : name, name in c.matches ? String(c.matches[name]) : '', formatMs(timing.medianMs), ((timing.medianMs * 1000) / c.accounts).toFixed(1)]),
      ],
    ) +
      `\n\nheap kept by the loaded session: ${c.heapMb.toFixed(0)} MB (${((c.heapMb * 1024) / c.accounts).toFixed(0)} kB per account)` +
      `\n\nlive calls of one account for every IAM root field (${Object.values(c.calls).reduce((a, b) => a + b, 0)}): ${Object.entries(c.calls).map(([action, n]) => `${action} ${n}`).join(', ')}`,
  );
  return [...tables, '', `peak RSS of the process ${result.peakRssMb.toFixed(0)} MB`].join('\n\n');
}
