import { printable } from '../../checks/report/printable.js';
import type { QueueError } from '../../queue/errors.js';
import { loadWorkerCatalog } from '../../queue/evaluate-account.js';
import { parseQueueUrl, pingRedis } from '../../queue/redis.js';
import { startAccountWorker } from '../../queue/worker.js';
import { configPath } from '../config-file.js';
import type { CliIO } from '../io.js';
import { logLevelOf, stderrLog } from '../log.js';
import { durationOf, positive } from '../queue-options.js';
import { reportProblems } from './check-io.js';

export interface WorkerArgs {
  queue: string;
  concurrency?: string;
  config?: string;
  lockDuration?: string;
  logLevel?: string;
  verbose?: boolean;
}

/**
 * `assetql worker --queue URL`: scans the accounts coordinators enqueue,
 * `--concurrency` at once, each with this machine's AWS configuration,
 * until SIGTERM or SIGINT (the jobs in flight are finished and answered,
 * then exit 0). Redis unreachable at the start, or lost for good later:
 * exit 2.
 */
export async function workerCommand(args: WorkerArgs, io: Pick<CliIO, 'stderr'>): Promise<number> {
  const address = parseQueueUrl(args.queue);
  const concurrency = args.concurrency === undefined ? 8 : positive(args.concurrency, '--concurrency');
  const lockDurationMs = durationOf(args.lockDuration ?? '30s', '--lock-duration');
  const level = logLevelOf(args);
  // Once Redis is lost for good, jobs still running cannot be answered: what they print would follow the last word.
  let silenced = false;
  const gated: Pick<CliIO, 'stderr'> = { stderr: { write: (text: string) => silenced || io.stderr.write(text) } as CliIO['stderr'] };
  const log = stderrLog(gated, level);
  const say = (text: string) => gated.stderr.write(`assetql worker: ${printable(text)}\n`);
  // The config is optional: it gives check folders (and nothing else here); accounts come with the jobs.
  const configFile = args.config === undefined ? undefined : configPath(args.config);
  let catalog;
  try {
    catalog = await loadWorkerCatalog(configFile);
  } catch (error) {
    return reportProblems(error, io);
  }
  await pingRedis(address);

  let stopped: (outcome: { signal: NodeJS.Signals } | { lost: QueueError }) => void = () => {};
  const ended = new Promise<{ signal: NodeJS.Signals } | { lost: QueueError }>((resolve) => (stopped = resolve));
  const onSignal = (signal: NodeJS.Signals) => stopped({ signal });
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  try {
    const worker = await startAccountWorker({
      address,
      concurrency,
      lockDurationMs,
      catalog,
      baseDir: process.cwd(),
      log,
      onRedisLost: (lost) => stopped({ lost }),
      onJob: level === 'error' ? undefined : (event) => say(`account ${event.account}: ${event.state}${event.error ? `: ${event.error}` : ''}`),
    });
    say(`scanning accounts from ${address.shown}, ${concurrency} at once, ${catalog.checks.size} checks known (pid ${process.pid})`);
    const outcome = await ended;
    if ('lost' in outcome) {
      // Jobs in flight cannot be answered without Redis; once it is back, the stalled check gives them to another worker.
      silenced = true;
      await worker.close(true).catch(() => {});
      io.stderr.write(`assetql worker: ${printable(outcome.lost.message)}\n`);
      return 2;
    }
    say(`${outcome.signal}: finishing ${worker.inFlight} ${worker.inFlight === 1 ? 'account' : 'accounts'} in flight, taking no more`);
    await worker.close();
    say(`stopped after ${worker.answered} ${worker.answered === 1 ? 'account' : 'accounts'}`);
    return 0;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}
