import { randomUUID } from 'node:crypto';
import path from 'node:path';
import pLimit from 'p-limit';
import type { AccountSnapshot } from '../engine/snapshot.js';
import type { AwsConnector } from '../sources/live/aws-connector.js';
import { writeSnapshotFolder } from '../sources/snapshot/snapshot-writer.js';
import type { AssetqlConfig } from '../config/config.js';
import { accountTargets } from './account-target.js';
import { describeIssue, snapshotAnswerSchema } from './answers.js';
import { dispatchAccounts, type AccountOutcome } from './dispatch.js';
import type { QueueSettings } from './check-run.js';

export type SnapshotOutcome = { ok: true; id: string; connector: AwsConnector; failures: AccountSnapshot['failures'] } | { ok: false; id: string; code: string; message: string };

/**
 * `assetql snapshot` with the accounts read by workers: each worker answers
 * an account's files, and they are written here with the same writer as in
 * one process (whole folders, replaced atomically), so the output is the
 * same. Outcomes come in the connectors' order.
 */
export async function snapshotOnWorkers(config: Pick<AssetqlConfig, 'connectors'>, connectors: readonly AwsConnector[], out: string, known: ReadonlySet<string>, options: { queue: QueueSettings; concurrency: number }): Promise<SnapshotOutcome[]> {
  const runId = randomUUID();
  const jobs = accountTargets(config, connectors).map((account) => ({ kind: 'snapshot' as const, runId, account }));
  const outcomes = await dispatchAccounts({ ...options.queue, jobs });
  const limit = pLimit(options.concurrency);
  return Promise.all(connectors.map((connector, index) => limit(() => writeAccount(connector, outcomes[index], out, known))));
}

async function writeAccount(connector: AwsConnector, outcome: AccountOutcome, out: string, known: ReadonlySet<string>): Promise<SnapshotOutcome> {
  const id = connector.id;
  if (!outcome.ok) return { ok: false, id, code: outcome.code, message: outcome.message };
  const parsed = snapshotAnswerSchema.safeParse(outcome.value);
  if (!parsed.success) return { ok: false, id, code: 'InvalidWorkerAnswer', message: `the worker's answer is not usable: ${describeIssue(parsed.error)}` };
  const answer = parsed.data;
  if (!answer.ok) return { ok: false, id, code: answer.code, message: answer.message };
  try {
    await writeSnapshotFolder(path.join(out, id), new Map(answer.files), known);
    return { ok: true, id, connector, failures: answer.failures };
  } catch (error) {
    if (error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string') return { ok: false, id, code: 'WriteFailed', message: error.message };
    throw error;
  }
}
