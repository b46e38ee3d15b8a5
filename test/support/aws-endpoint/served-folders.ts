import path from 'node:path';
import { loadConfig } from '../../../src/config/config.js';
import { SnapshotConnector } from '../../../src/sources/snapshot/snapshot-connector.js';
import type { SnapshotAccountInput } from './world.js';

/** A snapshot folder to serve, with the connector id and name a config gives it. */
export interface ServedFolder {
  id: string;
  name?: string;
  dir: string;
}

export type ServedAccount = SnapshotAccountInput & { accessKeyId: string };

/** Each account's access key: made from its id, so that it is the same every time the folder is served. */
export function accessKeyFor(accountId: string): string {
  return `AKIA${accountId}LOOP`;
}

/** Folders named on the command line: the connector id is the folder's name. */
export function foldersOf(dirs: readonly string[]): ServedFolder[] {
  return dirs.map((dir) => ({ id: path.basename(path.resolve(dir)), dir }));
}

/** The snapshot connectors of an assetql config; live ones have nothing to serve. */
export async function foldersOfConfig(file: string): Promise<ServedFolder[]> {
  const config = await loadConfig(file);
  const live = config.connectors.filter((entry) => entry.kind !== 'snapshot');
  if (live.length > 0) throw new Error(`${file}: only snapshot connectors can be served; ${live.length} ${live.length === 1 ? 'entry is' : 'entries are'} live`);
  return config.connectors.flatMap((entry) => (entry.kind === 'snapshot' ? [{ id: entry.id, name: entry.name, dir: entry.snapshot }] : []));
}

/**
 * The accounts of snapshot folders, as the endpoint serves them: the
 * account id the snapshot connector finds in the folder (snapshot.json,
 * sts/get-caller-identity.json, or the credential report's root row), the
 * name it would show, and an access key of its own.
 */
export async function servedAccounts(folders: readonly ServedFolder[]): Promise<ServedAccount[]> {
  const accounts: ServedAccount[] = [];
  for (const folder of folders) {
    const { accountId, name } = await new SnapshotConnector({ id: folder.id, name: folder.name, dir: folder.dir }).identify();
    if (accounts.some((account) => account.id === accountId)) throw new Error(`${folder.dir}: account ${accountId} is served already`);
    accounts.push({ id: accountId, name, accessKeyId: accessKeyFor(accountId), snapshot: folder.dir });
  }
  return accounts;
}
