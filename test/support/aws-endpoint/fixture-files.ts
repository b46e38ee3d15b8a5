import { SNAPSHOT_METADATA_FILE, type SnapshotMetadata } from '../../../src/sources/snapshot/snapshot-files.js';
import type { AccountStore } from './account-store.js';
import { AwsFault } from './aws-fault.js';

/**
 * Faults of the endpoint's own data, not answers AWS would give: a test
 * that did not write a file it needs, or wrote one that is not JSON, sees
 * at once which file (a 4xx, so no client retries it).
 */
export function fixtureMissing(store: AccountStore, file: string, command: string): AwsFault {
  return new AwsFault('LoopbackFixtureMissing', 400, `loopback endpoint: ${store.label} has no ${file} (write what \`${command}\` prints there)`);
}

export async function readFixtureJson(store: AccountStore, file: string): Promise<unknown> {
  const text = await store.read(file);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new AwsFault('LoopbackFixtureMalformed', 400, `loopback endpoint: ${store.label}: ${file} is not valid JSON`);
  }
}

/** snapshot.json, which `assetql snapshot` writes: aliases and the credential report's time. */
export async function readMetadata(store: AccountStore): Promise<SnapshotMetadata> {
  const value = await readFixtureJson(store, SNAPSHOT_METADATA_FILE);
  return typeof value === 'object' && value !== null ? (value as SnapshotMetadata) : {};
}
