/**
 * Part 7: one check run handed to `assetql worker` processes through Redis
 * (`check run --queue`). An Organization behind the loopback AWS endpoint
 * with latency on every call, scanned by 1, 2 and 4 workers (8 accounts at
 * once each) and by one process, all as real processes of the built bin
 * and a redis-server of its own. Wall time against the ideal (calls x
 * latency / accounts at once), and the coordinator's own CPU per account.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from '../src/paths.js';
import { startAwsEndpoint } from '../test/support/aws-endpoint/index.js';
import { useSdkEnvironment } from '../test/support/aws-endpoint/sdk-env.js';
import { startRedis } from '../test/support/redis.js';
import type { DataSet } from './data-set.js';
import { BENCH_NOW, syntheticAccounts } from './synthetic.js';
import { formatCount, formatMs, formatRatio, table } from './table.js';

const BASE_KEY = 'AKIABENCHWORKERS0001';
/** The built command line, as users run it. */
const BIN = path.join(PACKAGE_ROOT, 'bin', 'assetql.js');
/** Accounts each worker scans at once (`assetql worker`'s default), and the single process's (the config's default). */
const PER_WORKER = 8;
const WORKER_COUNTS = [1, 2, 4];

export interface WorkersRun {
  label: string;
  /** Accounts scanned at once across the fleet. */
  concurrency: number;
  wallMs: number;
  calls: number;
  idealMs: number;
  exitCode: number | null;
  /** CPU of the `check run` process itself (user + system), ms. */
  coordinatorCpuMs: number;
  /** CPU of every worker process during the run, ms (0 for one process). */
  workersCpuMs: number;
  /** CPU of the loopback endpoint (this process) during the run, ms. */
  endpointCpuMs: number;
}

export interface WorkersResult {
  accounts: number;
  latencyMs: number;
  cores: number;
  runs: WorkersRun[];
}

export async function run(data: DataSet): Promise<WorkersResult> {
  const count = data.liveAccounts * 5;
  const accounts = syntheticAccounts({ count, users: data.usersPerAccount, seed: data.seed, first: 70_001 });
  const endpoint = await startAwsEndpoint({
    accounts: accounts.map((account, index) => ({
      id: account.accountId,
      name: account.id,
      accessKeyId: index === 0 ? BASE_KEY : undefined,
      aliases: account.alias ? [account.alias] : [],
      // A report already there: the figures measure calls, not report generation waits.
      existingReportAgeMs: 60_000,
      credentialReport: account.credentialReport,
      summary: account.summary,
      passwordPolicy: account.passwordPolicy,
    })),
    managementAccountId: accounts[0].accountId,
    pageSize: 20,
    faults: [{ latencyMs: data.liveLatencyMs }],
  });
  const restoreEnv = useSdkEnvironment({ endpointUrl: endpoint.url, accessKeyId: BASE_KEY });
  const redis = await startRedis();
  const dir = mkdtempSync(path.join(tmpdir(), 'assetql-bench-workers-'));
  writeFileSync(path.join(dir, 'assetql.config.yaml'), `concurrency: ${PER_WORKER}\nconnectors:\n  - discover: organization\n`);
  const args = ['check', 'run', '--config', path.join(dir, 'assetql.config.yaml'), '--now', BENCH_NOW, '--format', 'json'];
  try {
    const runs: WorkersRun[] = [];
    const measure = async (label: string, concurrency: number, extra: string[], workerPids: number[] = []) => {
      endpoint.resetCalls();
      const workersBefore = workerPids.reduce((sum, pid) => sum + cpuOf(pid), 0);
      const endpointBefore = process.cpuUsage();
      const { wallMs, code, cpuMs } = await timedProcess([...args, ...extra]);
      const endpointCpu = process.cpuUsage(endpointBefore);
      const workersCpuMs = workerPids.reduce((sum, pid) => sum + cpuOf(pid), 0) - workersBefore;
      // Discovery (ListAccounts) is the coordinator's own, before any account is scanned.
      const calls = endpoint.calls.filter((call) => call.action !== 'ListAccounts').length;
      runs.push({
        label, concurrency, wallMs, calls, idealMs: (calls * data.liveLatencyMs) / concurrency, exitCode: code,
        coordinatorCpuMs: cpuMs, workersCpuMs, endpointCpuMs: (endpointCpu.user + endpointCpu.system) / 1000,
      });
    };
    await measure('one process', PER_WORKER, []);
    for (const workers of WORKER_COUNTS) {
      const fleet = await Promise.all(Array.from({ length: workers }, () => startWorkerProcess(redis.url)));
      try {
        // Workers are long-lived: a first run over a few accounts each loads their SDK clients and compiles the checks, as on any fleet after its first minutes.
        const warmUp = accounts.slice(1, 1 + workers * PER_WORKER).flatMap((account) => ['--connector', account.accountId]);
        await timedProcess([...args, '--queue', redis.url, ...warmUp]);
        await measure(`${workers} ${workers === 1 ? 'worker' : 'workers'}`, workers * PER_WORKER, ['--queue', redis.url], fleet.map((worker) => worker.pid));
      } finally {
        await Promise.all(fleet.map((worker) => worker.stop()));
      }
    }
    return { accounts: count, latencyMs: data.liveLatencyMs, cores: (await import('node:os')).cpus().length, runs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await redis.stop();
    restoreEnv();
    await endpoint.close();
  }
}

/** A process's CPU so far (user + system), ms, from /proc (Linux; USER_HZ 100). */
function cpuOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** Runs the bin to its end: wall time, exit code, and its CPU read from /proc until it exits (Linux). */
function timedProcess(args: string[]): Promise<{ wallMs: number; code: number | null; cpuMs: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'ignore'] });
    let cpuMs = 0;
    // Sampled until it exits: once gone, the last sample stands.
    const sample = () => (cpuMs = Math.max(cpuMs, cpuOf(child.pid!)));
    const timer = setInterval(sample, 20);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve({ wallMs: performance.now() - started, code, cpuMs });
    });
  });
}

/** `assetql worker` until stopped; resolves once it says it is scanning. */
function startWorkerProcess(queue: string): Promise<{ pid: number; stop: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'worker', '--queue', queue, '--concurrency', String(PER_WORKER)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const exited = new Promise<void>((done) => child.on('exit', () => done()));
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      if (stderr.includes('scanning accounts from')) {
        resolve({
          pid: child.pid!,
          async stop() {
            child.kill('SIGTERM');
            await exited;
          },
        });
      }
    });
    child.on('exit', (code) => reject(new Error(`assetql worker exited (${code}) before it was ready: ${stderr}`)));
  });
}

export function format(result: WorkersResult): string {
  const single = result.runs[0];
  const rows = result.runs.map((r) => [
    r.label,
    String(r.concurrency),
    formatMs(r.wallMs),
    formatMs(r.idealMs),
    formatRatio(r.wallMs / r.idealMs),
    formatCount(r.calls),
    formatMs(r.coordinatorCpuMs),
    (r.coordinatorCpuMs / result.accounts).toFixed(1),
    formatMs(r.workersCpuMs),
    ((r.coordinatorCpuMs + r.workersCpuMs + r.endpointCpuMs) / r.wallMs).toFixed(2),
    String(r.exitCode),
  ]);
  return [
    table(
      `7. check run over ${formatCount(result.accounts)} live accounts, ${result.latencyMs} ms per AWS call: one process and --queue with workers (${result.cores} cores)`,
      ['run', 'accounts at once', 'wall ms', 'ideal ms', 'wall / ideal', 'calls', 'check run CPU ms', 'its CPU ms / account', 'workers CPU ms', 'cores busy', 'exit'],
      rows,
    ),
    '',
    `Ideal = calls x latency / accounts at once. "check run CPU" is the command's own process: with --queue, discovery, enqueueing, polling, checking and merging answers, and the report; one process also scans. "cores busy" = CPU of check run, workers and the loopback endpoint over wall. Wall includes process start and discovery (${single ? formatCount(single.calls) : '?'} calls per run).`,
  ].join('\n');
}
