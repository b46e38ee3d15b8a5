/**
 * Part 3's Organization behind the loopback AWS endpoint, in this process
 * or in a child process of its own (bench/live-endpoint-process.ts). In a
 * child, the endpoint's CPU (answering, building XML, its HTTP server) is
 * not the benchmarked process's: part 3 then measures assetql alone.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAwsEndpoint } from '../test/support/aws-endpoint/index.js';
import { syntheticAccounts, type SyntheticAccount } from './synthetic.js';

/** The management account's own IAM user; every other account is reached through AssumeRole. */
export const BASE_KEY = 'AKIABENCHMANAGEMENT1';

export interface OrganizationSpec {
  count: number;
  users: number;
  seed: number;
  latencyMs: number;
}

/** One request as the benchmark counts it. */
export interface CountedCall {
  action: string;
  account: string | null;
}

export interface LiveOrganization {
  readonly url: string;
  /** Where a first run of the day starts: no credential report yet, no calls counted. */
  reset(): Promise<void>;
  /** Calls since the last reset. */
  calls(): Promise<CountedCall[]>;
  /** CPU (user + system) of the process the endpoint runs in, ms since it started. */
  cpuMs(): Promise<number>;
  close(): Promise<void>;
}

export function organizationAccounts(spec: OrganizationSpec): SyntheticAccount[] {
  // Indexes far from the snapshot accounts', so account ids do not repeat theirs.
  return syntheticAccounts({ count: spec.count, users: spec.users, seed: spec.seed, first: 50_001 });
}

export async function startOrganization(spec: OrganizationSpec): Promise<LiveOrganization> {
  const accounts = organizationAccounts(spec);
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
    faults: [{ latencyMs: spec.latencyMs }],
  });
  return {
    url: endpoint.url,
    reset: async () => {
      for (const account of endpoint.world.accounts.values()) account.report = { status: 'none' };
      endpoint.resetCalls();
    },
    calls: async () => endpoint.calls.map((call) => ({ action: call.action, account: call.account })),
    cpuMs: async () => cpuMs(process.cpuUsage()),
    close: () => endpoint.close(),
  };
}

/** The same Organization served by a child process, driven over IPC. */
export async function startOrganizationProcess(spec: OrganizationSpec): Promise<LiveOrganization> {
  const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), 'live-endpoint-process.js');
  const child = fork(entry, [JSON.stringify(spec)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let next = 0;
  const waiting = new Map<number, (reply: Reply) => void>();
  child.on('message', (reply: Reply) => {
    waiting.get(reply.id)?.(reply);
    waiting.delete(reply.id);
  });
  const ask = (type: Request['type']) =>
    new Promise<Reply>((resolve, reject) => {
      const id = next++;
      waiting.set(id, resolve);
      child.send({ id, type } satisfies Request, (error) => error && reject(error));
    });
  const ready = await new Promise<Reply>((resolve, reject) => {
    waiting.set(-1, resolve);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`loopback endpoint process exited (code ${code}) before it listened`)));
  });
  return {
    url: ready.url!,
    reset: async () => void (await ask('reset')),
    calls: async () => (await ask('calls')).calls!,
    cpuMs: async () => (await ask('cpu')).cpuMs!,
    close: async () => {
      child.kill();
      await exited;
    },
  };
}

export interface Request {
  id: number;
  type: 'reset' | 'calls' | 'cpu';
}

export interface Reply {
  /** -1: listening. */
  id: number;
  url?: string;
  calls?: CountedCall[];
  cpuMs?: number;
}

export function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}
