import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { QueueError } from './errors.js';
import { QUEUE_NAME, QUEUE_PREFIX, jobIdOf, type AccountJob } from './job.js';
import { connectionOptions, watchRedis, type QueueAddress } from './redis.js';

/** One account's answer as it came back (still to be checked), or why there is none. */
export type AccountOutcome = { ok: true; value: unknown } | { ok: false; code: string; message: string };

export interface QueueProgress {
  total: number;
  done: number;
  /** Accounts without an answer: their job failed, or the run gave up on them. */
  failed: number;
  /** Jobs a worker holds now. */
  active: number;
  /** Jobs queued and not yet taken. */
  waiting: number;
  /** Workers connected to the queue at the last look (null: Redis would not list clients). */
  workers: number | null;
}

export interface DispatchOptions {
  address: QueueAddress;
  /** One job per account, in the order they are enqueued. */
  jobs: readonly AccountJob[];
  /** Accounts queued or being scanned at once, across every worker: the global bound. */
  maxInFlight: number;
  /** The run gives up when no account has finished for this long (every worker gone, or stuck). */
  idleTimeoutMs: number;
  /** Stops the run: every unfinished account is ERROR. */
  signal?: AbortSignal;
  onProgress?: (progress: QueueProgress) => void;
  /** How often jobs are looked at, ms. @default 100 */
  pollMs?: number;
}

/**
 * The coordinator's side of a run: enqueues the jobs (never more than
 * `maxInFlight` unfinished at once), collects each account's answer,
 * removes it from Redis once read, and ends when every account has an
 * outcome. A run whose workers vanish ends after `idleTimeoutMs` with every
 * unfinished account failed (WorkerTimeout); a Redis that stays away ends it
 * with a QueueError. Outcomes come in the order of `jobs`.
 */
export async function dispatchAccounts(options: DispatchOptions): Promise<AccountOutcome[]> {
  const { jobs } = options;
  const outcomes = new Map<number, AccountOutcome>();
  const queue = new Queue(QUEUE_NAME, { connection: connectionOptions(options.address), prefix: QUEUE_PREFIX });
  queue.on('error', () => {});
  let lost: QueueError | undefined;
  const stopWatch = watchRedis(options.address, (error) => (lost = error));
  const outstanding = new Map<string, number>();
  let next = 0;
  let lastFinished = Date.now();
  let workers: number | null = null;
  let lastWorkerLook = 0;
  let active = 0;

  const progress = () => {
    let failed = 0;
    for (const outcome of outcomes.values()) if (!outcome.ok) failed += 1;
    options.onProgress?.({ total: jobs.length, done: outcomes.size - failed, failed, active, waiting: outstanding.size - active, workers });
  };
  const settle = (index: number, outcome: AccountOutcome) => {
    if (outcomes.has(index)) return;
    outcomes.set(index, outcome);
    lastFinished = Date.now();
  };

  try {
    await queue.waitUntilReady();
    while (outcomes.size < jobs.length) {
      if (lost) throw lost;
      while (next < jobs.length && outstanding.size < options.maxInFlight) {
        const job = jobs[next];
        const id = jobIdOf(job.runId, job.account.id);
        // One attempt: an AWS failure is already the account's ERROR in its answer, and a lost worker is BullMQ's stalled-job recovery, not a retry.
        await queue.add(job.kind, job, { jobId: id, attempts: 1, removeOnComplete: { age: 3600 }, removeOnFail: { age: 3600 } });
        outstanding.set(id, next);
        next += 1;
      }
      await sleep(options.pollMs ?? 100);
      active = 0;
      await Promise.all(
        [...outstanding].map(async ([id, index]) => {
          const state = await queue.getJobState(id);
          if (state === 'active') active += 1;
          if (state === 'completed' || state === 'failed') {
            const job = await queue.getJob(id);
            if (state === 'completed') settle(index, { ok: true, value: job?.returnvalue });
            else settle(index, { ok: false, code: 'WorkerFailed', message: `the worker failed: ${job?.failedReason ?? 'no reason given'}` });
            outstanding.delete(id);
            // Results hold findings: they stay in Redis no longer than needed.
            await job?.remove().catch(() => {});
          } else if (state === 'unknown') {
            settle(index, { ok: false, code: 'JobLost', message: 'the job left the queue without an answer (removed by someone else?)' });
            outstanding.delete(id);
          }
        }),
      );
      if (Date.now() - lastWorkerLook > 1_000) {
        lastWorkerLook = Date.now();
        workers = await queue.getWorkersCount().catch(() => null);
      }
      progress();
      const idle = Date.now() - lastFinished > options.idleTimeoutMs;
      if (idle || options.signal?.aborted) {
        const [code, message] = idle
          ? ['WorkerTimeout', `no account finished for ${Math.round(options.idleTimeoutMs / 1000)} s (${workers ?? 'unknown'} workers connected); not scanned`]
          : ['Interrupted', 'the coordinator was stopped before this account was scanned'];
        for (let index = 0; index < jobs.length; index++) settle(index, { ok: false, code, message });
        // Jobs nobody took are withdrawn; one a worker holds is left to finish, its answer unread.
        await Promise.all([...outstanding.keys()].map((id) => queue.remove(id).catch(() => 0)));
        outstanding.clear();
        progress();
      }
    }
    return jobs.map((_, index) => outcomes.get(index)!);
  } catch (error) {
    // A command that failed because Redis went away is the queue's error, said as such; the watch names it best.
    if (lost) throw lost;
    if (error instanceof QueueError) throw error;
    throw new QueueError(`lost Redis at ${options.address.shown}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    stopWatch();
    await queue.close().catch(() => {});
  }
}
