import { printable } from '../checks/report/printable.js';
import { parseDuration } from '../config/duration.js';
import type { QueueSettings } from '../queue/check-run.js';
import type { QueueProgress } from '../queue/dispatch.js';
import { parseQueueUrl, pingRedis } from '../queue/redis.js';
import type { LogLevel } from '../sources/log.js';
import { UsageError, type CliIO } from './io.js';

/** `--queue` and its companions on the coordinating commands (`check run`, `snapshot`). */
export interface QueueArgs {
  /** `--queue redis://host:6379`: workers scan the accounts. */
  queue?: string;
  /** `--max-in-flight N`: accounts queued or scanned at once across every worker. */
  maxInFlight?: string;
  /** `--worker-timeout 10m`: give up when no account has finished for this long. */
  workerTimeout?: string;
}

export const DEFAULT_MAX_IN_FLIGHT = 64;
export const DEFAULT_WORKER_TIMEOUT = '10m';

/** A coordinator's queue settings; the Redis is reached once before anything else, so an unreachable one fails before discovery. */
export async function coordinatorQueue(args: QueueArgs, io: Pick<CliIO, 'stderr' | 'isTTY'>, level: LogLevel): Promise<{ settings: QueueSettings; stop: () => void; done: () => void } | undefined> {
  if (args.queue === undefined) {
    if (args.maxInFlight !== undefined || args.workerTimeout !== undefined) throw new UsageError(`${args.maxInFlight !== undefined ? '--max-in-flight' : '--worker-timeout'} goes with --queue`);
    return undefined;
  }
  const address = parseQueueUrl(args.queue);
  const maxInFlight = args.maxInFlight === undefined ? DEFAULT_MAX_IN_FLIGHT : positive(args.maxInFlight, '--max-in-flight');
  const idleTimeoutMs = durationOf(args.workerTimeout ?? DEFAULT_WORKER_TIMEOUT, '--worker-timeout');
  await pingRedis(address);

  // SIGTERM or Ctrl-C: the run stops taking answers, every unfinished account is ERROR, and the report is still written.
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  const progress = queueProgress(io, level !== 'error');
  io.stderr.write(`assetql: accounts go to workers on ${printable(address.shown)}, at most ${maxInFlight} at once\n`);
  return {
    settings: { address, maxInFlight, idleTimeoutMs, signal: controller.signal, onProgress: progress.update },
    stop: progress.stop,
    done: () => {
      progress.stop();
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
    },
  };
}

/**
 * Progress on stderr: redrawn in place on a terminal
 * (`accounts: 120/200 done, 1 failed, 24 in flight, 3 workers`), and as a
 * line every few seconds at `--log-level info`, for logs.
 */
function queueProgress(io: Pick<CliIO, 'stderr' | 'isTTY'>, lines: boolean): { update: (progress: QueueProgress) => void; stop: () => void } {
  let drawn = false;
  let lastLine = 0;
  let last: QueueProgress | undefined;
  const text = (p: QueueProgress) => `accounts: ${p.done}/${p.total} done, ${p.failed} failed, ${p.active} in flight, ${p.waiting} queued, ${p.workers ?? '?'} ${p.workers === 1 ? 'worker' : 'workers'}`;
  return {
    update(progress) {
      last = progress;
      if (io.isTTY) {
        io.stderr.write(`\r\x1b[2K${text(progress)}`);
        drawn = true;
      } else if (lines && Date.now() - lastLine > 2_000) {
        lastLine = Date.now();
        io.stderr.write(`assetql info: ${text(progress)}\n`);
      }
    },
    stop() {
      if (drawn) io.stderr.write('\r\x1b[2K');
      drawn = false;
      if (last && lines && !io.isTTY) io.stderr.write(`assetql info: ${text(last)}\n`);
      last = undefined;
    },
  };
}

export function positive(value: string, flag: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`${flag} ${value}: expected a positive whole number`);
  return Number(value);
}

export function durationOf(value: string, flag: string): number {
  const ms = parseDuration(value);
  if (ms === null || ms === 0) throw new UsageError(`${flag} ${value}: expected a duration like 30s, 10m or 1h`);
  return ms;
}
