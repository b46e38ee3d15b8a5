import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { dump } from 'js-yaml';
import pLimit from 'p-limit';
import { printable } from '../../checks/report/printable.js';
import { loadConfig } from '../../config/config.js';
import { AwsConnector, type AwsTiming } from '../../connectors/aws/index.js';
import { createConnectors } from '../../connectors/index.js';
import { writeSnapshot } from '../../connectors/snapshot-writer.js';
import { ConnectorError } from '../../connectors/types.js';
import type { LoadEvent } from '../../engine/types.js';
import { configPath } from '../config-file.js';
import { UsageError, type CliIO } from '../io.js';
import { createProgress, type Progress } from '../progress.js';

export interface SnapshotArgs {
  /** The config file. @default assetql.config.yaml */
  config?: string;
  /** The folder that receives one snapshot folder per live account. */
  out: string;
}

export type CommandIo = Pick<CliIO, 'stdout' | 'stderr' | 'isTTY'>;

/** Written next to the account folders: the same accounts, read back offline. */
export const SNAPSHOT_CONFIG_FILE = 'assetql.snapshot.config.yaml';

/**
 * `assetql snapshot --out DIR`: one snapshot folder per live account
 * (`DIR/<connector id>/`), in exactly the format snapshot connectors read,
 * plus a config listing them. Prints each written folder on stdout and a
 * summary on stderr. Exit code 0 when every account was written, 2 when any
 * failed (failed accounts keep whatever folder an earlier run left).
 * Config and usage errors are thrown for main to report (exit 2).
 */
export async function snapshotCommand(args: SnapshotArgs, io: CommandIo, options: { awsTiming?: Partial<AwsTiming> } = {}): Promise<number> {
  const config = await loadConfig(configPath(args.config));
  const out = path.resolve(args.out);

  let connectors;
  try {
    connectors = await createConnectors(config, { awsTiming: options.awsTiming });
  } catch (error) {
    if (!(error instanceof ConnectorError)) throw error;
    io.stderr.write(`${printable(error.message)}\n0 accounts written, 1 failed\n  ${printable(`${error.connectorId}: ${error.code}`)}\n`);
    return 2;
  }
  const live = connectors.filter((connector): connector is AwsConnector => connector instanceof AwsConnector);
  if (live.length === 0) {
    throw new UsageError(`${config.file ?? 'config'}: no live AWS accounts to snapshot (provider: aws without snapshot:, or discover: organization)`);
  }

  const progress = createProgress(io.stderr, { enabled: io.isTTY, total: live.length });
  const limit = pLimit(config.concurrency);
  const results = await Promise.all(live.map((connector) => limit(() => snapshotAccount(connector, out, progress))));
  progress.stop();

  const written = results.filter((result) => result.ok);
  const failed = results.filter((result) => !result.ok);
  for (const result of written) io.stdout.write(`${printable(path.join(out, result.id))}\n`);
  if (written.length > 0) await writeSnapshotConfig(out, written.map((result) => result.connector));

  io.stderr.write(`${written.length} ${written.length === 1 ? 'account' : 'accounts'} written, ${failed.length} failed\n`);
  for (const result of failed) io.stderr.write(`  ${printable(`${result.id}: ${result.code}: ${result.message}`)}\n`);
  if (written.length > 0) io.stderr.write(`read back with: assetql query --config ${printable(path.join(out, SNAPSHOT_CONFIG_FILE))}\n`);
  return failed.length === 0 ? 0 : 2;
}

type AccountResult = { ok: true; id: string; connector: AwsConnector } | { ok: false; id: string; code: string; message: string };

async function snapshotAccount(connector: AwsConnector, out: string, progress: Progress): Promise<AccountResult> {
  const load = async <T>(data: LoadEvent['data'], fetch: () => Promise<T>): Promise<T> => {
    progress.onLoad({ connector: connector.id, data, state: 'start' });
    try {
      const value = await fetch();
      progress.onLoad({ connector: connector.id, data, state: 'done' });
      return value;
    } catch (error) {
      progress.onLoad({ connector: connector.id, data, state: 'failed', error: error as Error });
      throw error;
    }
  };
  try {
    const [credentialReport, accountSummary, passwordPolicy, accountAliases] = await Promise.all([
      load('credentialReport', () => connector.credentialReport()),
      load('accountSummary', () => connector.accountSummary()),
      load('passwordPolicy', () => connector.passwordPolicy()),
      // Aliases only name the account: without them the snapshot is still whole.
      connector.accountAliases().catch(() => undefined),
    ]);
    await writeSnapshot(path.join(out, connector.id), { credentialReport, accountSummary, passwordPolicy, accountAliases });
    return { ok: true, id: connector.id, connector };
  } catch (error) {
    if (error instanceof ConnectorError) {
      return { ok: false, id: connector.id, code: error.code, message: error.message.replace(`connector ${connector.id}: `, '') };
    }
    return { ok: false, id: connector.id, code: 'WriteFailed', message: (error as Error).message };
  }
}

/** Names go into the config (configured or Organization names), so read-back names match live ones. */
async function writeSnapshotConfig(out: string, connectors: AwsConnector[]): Promise<void> {
  const entries = connectors.map((connector) => ({
    id: connector.id,
    ...(connector.name === undefined ? {} : { name: connector.name }),
    provider: 'aws',
    snapshot: `./${connector.id}`,
  }));
  const header = '# Written by `assetql snapshot`: the accounts below, read from their snapshot folders.\n';
  await writeFile(path.join(out, SNAPSHOT_CONFIG_FILE), header + dump({ connectors: entries }), 'utf8');
}
