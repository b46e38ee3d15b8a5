import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { QUEUE_NAME, QUEUE_PREFIX } from '../../src/queue/job.js';
import { startAwsEndpoint, type AwsEndpoint } from '../support/aws-endpoint/index.js';
import { useSdkEnvironment } from '../support/aws-endpoint/sdk-env.js';
import { assetql } from '../support/cli.js';
import { startRedis, type RedisProcess } from '../support/redis.js';
import { BASE_KEY, EVERY_FORMAT, NOW, accountId, organization, organizationConfig, readReports, startAssetql, startWorker, type RunningProcess } from './fixtures.js';

/**
 * `check run --queue`: a coordinator and `assetql worker` processes on a
 * redis-server of this file's own, against the loopback AWS endpoint
 * serving a 200-account Organization. The report, in every format, and the
 * exit code must be those of a single process scanning the same accounts,
 * however the workers come and go.
 */

const ACCOUNTS = 200;
const DENIED = accountId(17);
const WAIVED = accountId(13);
const ROOT_KEY_CHECK = 'aws-root-users-with-access-key';

let endpoint: AwsEndpoint;
let restoreEnv: () => void;
let redis: RedisProcess;
let configDir: string;
let out: string;
let single: { code: number | null; reports: Record<string, string> };

const config = () => path.join(configDir, 'assetql.config.yaml');
const checkRun = (args: string[]) => ['check', 'run', '--config', config(), '--now', NOW, ...args];
const resultsOf = (json: string) => JSON.parse(json).results as { connector: string; check: string; status: string; errorCode?: string; error?: string }[];
/** The single process's results for some accounts, as a run over only those accounts has them. */
const singleResultsFor = (connectors: readonly string[]) => resultsOf(single.reports['assetql-report.json']).filter((r) => connectors.includes(r.connector));
const someAccounts = (count: number) => Array.from({ length: count }, (_, index) => accountId(index * 5 + 1));

beforeAll(async () => {
  endpoint = await startAwsEndpoint({ accounts: organization(ACCOUNTS), managementAccountId: accountId(0), pageSize: 20 });
  // An AWS failure is that account's ERROR, on both paths alike, not a retried job.
  endpoint.addFault({ actions: ['GetAccountPasswordPolicy'], account: DENIED, error: 'AccessDenied' });
  restoreEnv = useSdkEnvironment({ endpointUrl: endpoint.url, accessKeyId: BASE_KEY });
  redis = await startRedis();
  configDir = organizationConfig(WAIVED);
  out = mkdtempSync(path.join(tmpdir(), 'assetql-queue-out-'));
  const dir = path.join(out, 'single');
  const { code, stderr } = await assetql(checkRun([...EVERY_FORMAT, '--output-dir', dir]));
  expect(stderr).not.toMatch(/internal error/);
  single = { code, reports: readReports(dir) };
}, 180_000);

afterAll(async () => {
  restoreEnv?.();
  await endpoint?.close();
  await redis?.stop();
  if (out) rmSync(out, { recursive: true, force: true });
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

describe('check run --queue', () => {
  test('with three workers: the report a single process writes, in every format, with its exit code; each account read once', async () => {
    expect(single.code).toBe(2);
    const summary = JSON.parse(single.reports['assetql-report.json']).summary;
    expect(summary).toMatchObject({ connectors: ACCOUNTS, waived: 1 });
    expect(summary.fail).toBeGreaterThan(0);
    expect(resultsOf(single.reports['assetql-report.json']).find((r) => r.connector === DENIED && r.status === 'ERROR')?.errorCode).toBe('AccessDenied');

    const workers = await Promise.all([1, 2, 3].map(() => startWorker(redis.url)));
    try {
      endpoint.resetCalls();
      const dir = path.join(out, 'three-workers');
      const { code, stderr } = await assetql(checkRun([...EVERY_FORMAT, '--queue', redis.url, '--output-dir', dir]));
      expect(stderr).not.toMatch(/internal error/);
      expect(code).toBe(single.code);
      expect(readReports(dir)).toEqual(single.reports);
      // One job per account: its data fetched once, fleet-wide, and no retry storm for the denied one.
      for (let index = 0; index < ACCOUNTS; index++) expect(endpoint.count('GetAccountSummary', { account: accountId(index) })).toBe(1);
      expect(endpoint.count('GetAccountPasswordPolicy', { account: DENIED })).toBe(1);
    } finally {
      await Promise.all(workers.map(stopWorker));
    }
  }, 180_000);

  test('a worker SIGKILLed mid-run: its accounts go to the others, and the report is still the same', async () => {
    // Short locks, so the survivors take the dead worker's jobs within seconds.
    const workers = await Promise.all([1, 2, 3].map(() => startWorker(redis.url, ['--lock-duration', '2s', '--log-level', 'info'])));
    try {
      const dir = path.join(out, 'killed-worker');
      const coordinator = startAssetql(checkRun([...EVERY_FORMAT, '--queue', redis.url, '--output-dir', dir]));
      const victim = workers[0];
      await victim.waitFor(/(account \d+: start[\s\S]*){5}/);
      victim.child.kill('SIGKILL');
      const started = (victim.stderr().match(/: start\n/g) ?? []).length;
      const answered = (victim.stderr().match(/: done\n/g) ?? []).length;
      expect(started).toBeGreaterThan(answered); // killed with accounts in flight
      const { code } = await coordinator.exited;
      expect(code).toBe(single.code);
      expect(readReports(dir)).toEqual(single.reports);
    } finally {
      await Promise.all(workers.map(stopWorker));
    }
  }, 180_000);

  test('every worker gone: after --worker-timeout, the unfinished accounts are ERROR, none PASS, and their jobs leave the queue', async () => {
    const accounts = someAccounts(30);
    const worker = await startWorker(redis.url, ['--concurrency', '2', '--log-level', 'info']);
    const coordinator = startAssetql(checkRun(['--format', 'json', '--queue', redis.url, '--worker-timeout', '2s', '--max-in-flight', '4', ...accounts.flatMap((a) => ['--connector', a])]));
    // One account answered is enough: on a loaded machine the coordinator may give up (2 s without an answer) before a third.
    await worker.waitFor(/: done\n/);
    worker.child.kill('SIGKILL');
    const { code } = await coordinator.exited;
    expect(code).toBe(2);
    const results = resultsOf(coordinator.stdout());
    const expected = singleResultsFor(accounts);
    expect(results.map((r) => [r.check, r.connector])).toEqual(expected.map((r) => [r.check, r.connector]));
    const timedOut = results.filter((r) => r.errorCode === 'WorkerTimeout');
    expect(timedOut.length).toBeGreaterThan(0);
    expect(timedOut[0].error).toMatch(/^WorkerTimeout: no account finished for 2 s \(\d+ workers connected\); not scanned$/);
    // Whatever was answered is exactly what one process found; the rest is ERROR, never a verdict.
    results.forEach((result, index) => {
      if (result.errorCode !== 'WorkerTimeout') expect(result).toEqual(expected[index]);
    });
    const queue = new Queue(QUEUE_NAME, { connection: { url: redis.url }, prefix: QUEUE_PREFIX });
    try {
      expect(await queue.getJobCounts('waiting', 'completed', 'failed')).toEqual({ waiting: 0, completed: 0, failed: 0 });
    } finally {
      await queue.close();
    }
  }, 180_000);

  test('SIGTERM: a worker finishes the accounts it holds, exits 0, and another worker completes the same report', async () => {
    const accounts = someAccounts(30);
    const first = await startWorker(redis.url, ['--concurrency', '4', '--log-level', 'info']);
    const coordinator = startAssetql(checkRun(['--format', 'json', '--queue', redis.url, ...accounts.flatMap((a) => ['--connector', a])]));
    await first.waitFor(/: start\n/);
    first.child.kill('SIGTERM');
    const { code: firstCode } = await first.exited;
    expect(firstCode).toBe(0);
    expect(first.stderr()).toMatch(/SIGTERM: finishing [1-4] accounts? in flight, taking no more\n/);
    // Every account it took, it answered.
    expect((first.stderr().match(/: done\n/g) ?? []).length).toBe((first.stderr().match(/: start\n/g) ?? []).length);
    const second = await startWorker(redis.url);
    try {
      const { code } = await coordinator.exited;
      expect(code).toBe(1); // some FAIL, no ERROR among these accounts
      expect(resultsOf(coordinator.stdout())).toEqual(singleResultsFor(accounts));
    } finally {
      await stopWorker(second);
    }
  }, 180_000);

  test('an answer of the wrong shape (a shared Redis) is that account’s ERROR, naming the field', async () => {
    const accounts = someAccounts(2);
    // Someone else's process on the queue, answering what it likes.
    const impostor = new Worker(QUEUE_NAME, async () => ({ kind: 'check-run', results: [{ check: ROOT_KEY_CHECK, status: 'PASS' }] }), { connection: { url: redis.url, maxRetriesPerRequest: null }, prefix: QUEUE_PREFIX });
    try {
      const { code, stdout } = await assetql(checkRun(['--format', 'json', '--check', ROOT_KEY_CHECK, '--queue', redis.url, ...accounts.flatMap((a) => ['--connector', a])]));
      expect(code).toBe(2);
      expect(resultsOf(stdout).map((r) => [r.connector, r.status, r.errorCode])).toEqual(accounts.map((a) => [a, 'ERROR', 'InvalidWorkerAnswer']));
      expect(resultsOf(stdout)[0].error).toMatch(/^InvalidWorkerAnswer: the worker's answer is not usable: results\.0\.\w+: /);
    } finally {
      await impostor.close();
    }
  }, 90_000);

  test('snapshot --queue: the folders, config and summary a single process writes', async () => {
    // Five accounts named in a config of their own, through their roles: snapshot has no --connector.
    const accounts = someAccounts(5);
    const dir = mkdtempSync(path.join(out, 'snapshot-'));
    const file = path.join(dir, 'assetql.config.yaml');
    writeFileSync(file, `connectors:\n${accounts.map((id) => `  - id: acct-${id}\n    provider: aws\n    roleArn: arn:aws:iam::${id}:role/OrganizationAccountAccessRole\n    regions: [us-east-1]\n`).join('')}`);
    const alone = await assetql(['snapshot', '--config', file, '--out', path.join(dir, 'single')]);
    const worker = await startWorker(redis.url);
    try {
      const queued = await assetql(['snapshot', '--config', file, '--out', path.join(dir, 'queued'), '--queue', redis.url]);
      expect(queued.code).toBe(alone.code);
      expect(queued.stdout.replaceAll('/queued/', '/single/')).toBe(alone.stdout);
      expect(queued.stderr).toContain('5 accounts written');
      expect(snapshotFiles(path.join(dir, 'queued'))).toEqual(snapshotFiles(path.join(dir, 'single')));
      expect(Object.keys(snapshotFiles(path.join(dir, 'single')))).toContain(`acct-${accounts[0]}/snapshot.json`);
    } finally {
      await stopWorker(worker);
    }
  }, 180_000);

  test('Redis gone mid-run: the coordinator and the worker each say so and exit 2', async () => {
    const doomed = await startRedis();
    const worker = await startWorker(doomed.url, ['--log-level', 'info']);
    // Four accounts at a time: the run is surely still going when Redis stops.
    const coordinator = startAssetql(checkRun(['--format', 'json', '--queue', doomed.url, '--max-in-flight', '4']));
    await worker.waitFor(/: start\n/);
    await doomed.stop();
    const [coordinatorExit, workerExit] = await Promise.all([coordinator.exited, worker.exited]);
    expect([coordinatorExit.code, workerExit.code]).toEqual([2, 2]);
    expect(coordinator.stdout()).toBe('');
    expect(coordinator.stderr()).toMatch(new RegExp(`assetql: lost Redis at redis://127\\.0\\.0\\.1:${doomed.port}: .+\\n$`));
    expect(worker.stderr()).toMatch(new RegExp(`assetql worker: lost Redis at redis://127\\.0\\.0\\.1:${doomed.port}: .+\\n$`));
  }, 180_000);
});

/** Every file under a snapshot output, by path; the time each account was read is the one thing masked. */
function snapshotFiles(root: string): Record<string, string> {
  const files = readdirSync(root, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  return Object.fromEntries(
    files
      .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
      .sort()
      .map((file) => [file, readFileSync(path.join(root, file), 'utf8').replace(/"takenAt": "[^"]+"/, '"takenAt": "<masked>"').replace(/request id [0-9a-f-]{36}/g, 'request id <masked>')]),
  );
}

async function stopWorker(worker: RunningProcess): Promise<void> {
  if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGTERM');
  await worker.exited;
}
