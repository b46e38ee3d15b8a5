import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { dump } from 'js-yaml';
import pLimit from 'p-limit';
import { printable } from '../../checks/report/printable.js';
import { createQueryEngine } from '../../engine/engine.js';
import { collectSnapshot, snapshotTopLevelNames, type AccountSnapshot } from '../../engine/snapshot.js';
import type { Engine, LoadEvent } from '../../engine/types.js';
import { ConnectorError } from '../../sources/connector.js';
import { AwsConnector } from '../../sources/live/aws-connector.js';
import type { AwsTiming } from '../../sources/live/timing.js';
import { writeSnapshotFolder } from '../../sources/snapshot/snapshot-writer.js';
import { configPath } from '../config-file.js';
import { logLevelOf, stderrLog } from '../log.js';
import { UsageError, type CliIO } from '../io.js';
import { createProgress, type Progress } from '../progress.js';
import { coordinatorQueue, type QueueArgs } from '../queue-options.js';

export interface SnapshotArgs extends QueueArgs {
  /** The config file. @default assetql.config.yaml */
  config?: string;
  /** The folder that receives one snapshot folder per live account. */
  out: string;
  /** `--log-level` and `-v`: what is told on stderr. */
  logLevel?: string;
  verbose?: boolean;
}

export type CommandIo = Pick<CliIO, 'stdout' | 'stderr' | 'isTTY'>;

/** Written next to the account folders: the same accounts, read back offline. */
export const SNAPSHOT_CONFIG_FILE = 'assetql.snapshot.config.yaml';

/**
 * `assetql snapshot --out DIR`: one snapshot folder per live account
 * (`DIR/<connector id>/`) with every source of every asset family, laid out
 * as snapshot connectors read it, plus a config listing the accounts
 * written. A source that could not be read is recorded in its file as the
 * error it was (reading it back is the same ERROR). An account whose
 * identity cannot be had is not written and not listed. Prints each written
 * folder on stdout and a summary on stderr. Exit code 0 when everything was
 * read, 2 otherwise. Config and usage errors are thrown for main (exit 2).
 */
export async function snapshotCommand(args: SnapshotArgs, io: CommandIo, options: { awsTiming?: Partial<AwsTiming> } = {}): Promise<number> {
  const file = configPath(args.config);
  const out = path.resolve(args.out);
  const progressFor = { onLoad: (event: LoadEvent) => progress?.onLoad(event) };
  let progress: Progress | undefined;
  const level = logLevelOf(args);
  // With --queue, Redis is reached first: an unreachable one fails before discovery is paid for.
  const queue = await coordinatorQueue(args, io, level);

  let engine: Engine;
  try {
    engine = await createQueryEngine({ config: file, awsTiming: options.awsTiming, log: stderrLog(io, level), onLoad: progressFor.onLoad });
  } catch (error) {
    queue?.done();
    if (!(error instanceof ConnectorError)) throw error;
    io.stderr.write(`${printable(error.message)}\n0 accounts written, 1 failed\n  ${printable(`${error.connectorId}: ${error.code}`)}\n`);
    return 2;
  }
  try {
    const live = engine.connectors.filter((connector): connector is AwsConnector => connector instanceof AwsConnector);
    if (live.length === 0) {
      throw new UsageError(`${engine.config.file ?? 'config'}: no live AWS accounts to snapshot (provider: aws without snapshot:, or discover: organization)`);
    }
    const known = snapshotTopLevelNames(engine.registry);
    let results: AccountResult[];
    if (queue) {
      const { snapshotOnWorkers } = await import('../../queue/snapshot.js');
      results = await snapshotOnWorkers(engine.config, live, out, known, { queue: queue.settings, concurrency: engine.config.concurrency });
      queue.stop();
    } else {
      progress = createProgress(io.stderr, { enabled: io.isTTY, total: live.length });
      const limit = pLimit(engine.config.concurrency);
      results = await Promise.all(live.map((connector) => limit(() => snapshotAccount(connector, engine, out, known, progressFor.onLoad))));
      progress.stop();
    }

    const written = results.filter((result): result is Extract<AccountResult, { ok: true }> => result.ok);
    const failed = results.filter((result): result is Extract<AccountResult, { ok: false }> => !result.ok);
    for (const result of written) io.stdout.write(`${printable(path.join(out, result.id))}\n`);
    // Always rewritten: an old config must not keep pointing at folders this run could not refresh.
    const configFile = path.join(out, SNAPSHOT_CONFIG_FILE);
    if (written.length > 0) await writeSnapshotConfig(configFile, written.map((result) => result.connector));
    else await rm(configFile, { force: true });

    const partial = written.filter((result) => result.failures.length > 0);
    io.stderr.write(`${written.length} ${written.length === 1 ? 'account' : 'accounts'} written (${partial.length} with sources that could not be read), ${failed.length} failed\n`);
    for (const result of partial) {
      for (const failure of result.failures) io.stderr.write(`  ${printable(`${result.id}: ${failure.source}${failure.region ? ` (${failure.region})` : ''}: ${failure.code}: ${failure.message}`)}\n`);
    }
    for (const result of failed) io.stderr.write(`  ${printable(`${result.id}: ${result.code}: ${result.message}`)}\n`);
    if (written.length > 0) io.stderr.write(`read back with: assetql query --config ${printable(configFile)}\n`);
    return failed.length === 0 && partial.length === 0 ? 0 : 2;
  } finally {
    progress?.stop();
    queue?.done();
    await engine.close();
  }
}

type AccountResult = { ok: true; id: string; connector: AwsConnector; failures: AccountSnapshot['failures'] } | { ok: false; id: string; code: string; message: string };

async function snapshotAccount(connector: AwsConnector, engine: Engine, out: string, known: ReadonlySet<string>, onLoad: (event: LoadEvent) => void): Promise<AccountResult> {
  try {
    const snapshot = await collectSnapshot(connector, engine.registry, { onLoad });
    await writeSnapshotFolder(path.join(out, connector.id), snapshot.files, known);
    return { ok: true, id: connector.id, connector, failures: snapshot.failures };
  } catch (error) {
    if (error instanceof ConnectorError) {
      return { ok: false, id: connector.id, code: error.code, message: error.message.replace(`connector ${connector.id}: `, '') };
    }
    if (error instanceof Error && 'code' in error && typeof (error as NodeJS.ErrnoException).code === 'string') {
      return { ok: false, id: connector.id, code: 'WriteFailed', message: error.message };
    }
    throw error;
  }
}

/** Names go into the config (configured or Organization names), so read-back names match live ones; so do configured regions. */
async function writeSnapshotConfig(file: string, connectors: AwsConnector[]): Promise<void> {
  const entries = connectors.map((connector) => ({
    id: connector.id,
    ...(connector.name === undefined ? {} : { name: connector.name }),
    provider: 'aws',
    snapshot: `./${connector.id}`,
    ...(connector.regions ? { regions: [...connector.regions] } : {}),
  }));
  const header = '# Written by `assetql snapshot`: the accounts below, read from their snapshot folders.\n';
  await writeFile(file, header + dump({ connectors: entries }), 'utf8');
}
