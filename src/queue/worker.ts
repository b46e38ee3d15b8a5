import { Worker, type Job } from 'bullmq';
import { describeIssue } from './answers.js';
import { evaluateCheckRun, evaluateSnapshot, type EvaluateOptions, type WorkerCatalog } from './evaluate-account.js';
import type { QueueError } from './errors.js';
import { QUEUE_NAME, QUEUE_PREFIX, accountJobSchema } from './job.js';
import { connectionOptions, watchRedis, type QueueAddress } from './redis.js';

export interface AccountWorkerOptions extends EvaluateOptions {
  address: QueueAddress;
  /** Accounts this worker scans at once. */
  concurrency: number;
  /**
   * How long a job's lock lasts without renewal: a worker killed mid-job
   * loses its jobs to the others after about this long (their stalled check
   * runs as often).
   */
  lockDurationMs: number;
  catalog: WorkerCatalog;
  /** Told when an account starts and ends (for the command's log lines). */
  onJob?: (event: { state: 'start' | 'done' | 'failed'; account: string; error?: string }) => void;
  /** Redis stayed away through every retry: the worker stops taking jobs. */
  onRedisLost: (error: QueueError) => void;
}

export interface AccountWorker {
  /** Stop taking jobs, let those in flight finish and answer, then disconnect. `force`: hand them back unfinished at once. */
  close(force?: boolean): Promise<void>;
  /** Accounts answered so far. */
  readonly answered: number;
  readonly inFlight: number;
}

/** A BullMQ worker on the shared queue: one job per account, each answered with that account's results. */
export async function startAccountWorker(options: AccountWorkerOptions): Promise<AccountWorker> {
  let answered = 0;
  let inFlight = 0;
  const process = async (job: Job) => {
    // A shared Redis may hold anything under our keys: a job is used only in the shape a coordinator writes.
    const parsed = accountJobSchema.safeParse(job.data);
    if (!parsed.success) throw new Error(`invalid job ${job.id}: ${describeIssue(parsed.error)}`);
    const data = parsed.data;
    inFlight += 1;
    options.onJob?.({ state: 'start', account: data.account.id });
    try {
      const answer = data.kind === 'check-run' ? await evaluateCheckRun(data, options.catalog, options) : await evaluateSnapshot(data, options.catalog, options);
      answered += 1;
      options.onJob?.({ state: 'done', account: data.account.id });
      return answer;
    } catch (error) {
      options.onJob?.({ state: 'failed', account: data.account.id, error: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      inFlight -= 1;
    }
  };
  const worker = new Worker(QUEUE_NAME, process, {
    connection: connectionOptions(options.address),
    prefix: QUEUE_PREFIX,
    concurrency: options.concurrency,
    lockDuration: options.lockDurationMs,
    stalledInterval: options.lockDurationMs,
    // Picked up again after one lost worker, and a second; a third loss is the account's ERROR, not a loop.
    maxStalledCount: 2,
    autorun: false,
  });
  // BullMQ reports connection trouble here; the watch below decides when it is fatal.
  worker.on('error', () => {});
  const stopWatch = watchRedis(options.address, options.onRedisLost);
  await worker.waitUntilReady();
  void worker.run().catch(() => {});
  return {
    async close(force = false) {
      stopWatch();
      await worker.close(force);
    },
    get answered() {
      return answered;
    },
    get inFlight() {
      return inFlight;
    },
  };
}
