/** Snapshot folders of synthetic accounts, as the network and storage parts write them. */
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** What every account folder needs besides its families' files: the regions (all enabled) and the identity. */
export function identityFiles(accountId: string, regions: readonly string[]): Record<string, unknown> {
  return {
    'ec2/describe-regions.json': { Regions: regions.map((region) => ({ Endpoint: `ec2.${region}.amazonaws.com`, RegionName: region, OptInStatus: 'opt-in-not-required' })) },
    'sts/get-caller-identity.json': { UserId: 'AIDABENCH', Account: accountId, Arn: `arn:aws:iam::${accountId}:user/bench` },
  };
}

/** Writes `files` (snapshot-relative path -> value, written compact) under `root/name`; returns the folder. */
export function writeFolder(root: string, name: string, files: Record<string, unknown>): string {
  const dir = path.join(root, name);
  for (const [file, value] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), JSON.stringify(value));
  }
  return dir;
}

/** Bytes of every file in the folders. */
export function sizeOf(dirs: readonly string[]): number {
  let bytes = 0;
  for (const dir of dirs) for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) if (entry.isFile()) bytes += statSync(path.join(entry.parentPath, entry.name)).size;
  return bytes;
}
