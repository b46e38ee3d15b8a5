import path from 'node:path';
import type { Registry } from '../model/registry.js';
import { describeRegions, type DescribeRegionsValue } from '../model/regions/sources.js';
import { ConnectorError, type Connector, type SourceRead } from '../sources/connector.js';
import { regionFolder, snapshotPath } from '../sources/layout.js';
import { SNAPSHOT_METADATA_FILE, STS_IDENTITY_FILE, type SnapshotMetadata } from '../sources/snapshot/snapshot-files.js';
import { cliJson } from '../sources/snapshot/snapshot-writer.js';
import { notConfigured, storedError, type SourceSpec } from '../sources/source.js';
import { AccountDataSource } from './account-data.js';
import type { LoadEvent } from './types.js';

/** One account's snapshot: its files by path (the layout rule), and the sources that could not be read. */
export interface AccountSnapshot {
  accountId: string;
  files: Map<string, string>;
  /** Recorded in their files as `{"Error": ...}`, so reading them back is the same ERROR. */
  failures: { source: string; region?: string; code: string; message: string }[];
  regions: string[];
}

/**
 * Reads every source of every module for one account (every region in
 * scope for regional ones), through the same shape checks as queries, and
 * lays the values out as snapshot files. A source that cannot be read is
 * recorded as the error it was, never left out and never written empty;
 * only an account whose identity cannot be had fails as a whole (rejects).
 */
export async function collectSnapshot(connector: Connector, registry: Registry, options: { onLoad?: (event: LoadEvent) => void; now?: Date } = {}): Promise<AccountSnapshot> {
  const identity = await connector.identify();
  const source = new AccountDataSource([connector], { cacheTtlMs: 0, onLoad: options.onLoad });
  const files = new Map<string, string>();
  const failures: AccountSnapshot['failures'] = [];
  const metadata: SnapshotMetadata = { takenAt: (options.now ?? new Date()).toISOString(), accountId: identity.accountId };
  // Each source read once, parents of per-resource sources included (they are also sources of their own).
  const reads = new Map<string, Promise<SourceRead>>();
  const readOnce = (spec: SourceSpec, region: string | undefined): Promise<SourceRead> => {
    const key = `${spec.id}@${region ?? ''}`;
    let read = reads.get(key);
    if (!read) reads.set(key, (read = source.load(connector.id, spec, region, readOnce)));
    return read;
  };
  // Per resource: one file of answers keyed by resource; per-key errors stay in it as the live path recorded them.
  const record = async (spec: SourceSpec, region?: string) => {
    const file = snapshotPath(spec, region ? { region } : {});
    try {
      const { value } = await readOnce(spec, region);
      if (spec.text) {
        const { Content, GeneratedTime } = value as { Content: string; GeneratedTime?: string };
        files.set(file, Content);
        if (GeneratedTime) metadata.reportGeneratedAt = GeneratedTime;
      } else {
        files.set(file, cliJson(value));
      }
      return value;
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      failures.push({ source: spec.id, ...(region ? { region } : {}), code: error.code, message: error.message.replace(`connector ${connector.id}: `, '') });
      // The CLI's own words would be an empty file; a recorded error reads back as this same ERROR.
      if (!spec.text) files.set(file, cliJson(notConfigured(error.code, error.message.replace(`connector ${connector.id}: `, ''))));
      return undefined;
    }
  };
  const accountWide = registry.sources.filter((spec) => spec.scope === 'account');
  const answers = await Promise.all(accountWide.map((spec) => record(spec).then((value) => [spec, value] as const)));
  const regionsValue = answers.find(([spec]) => spec === describeRegions)?.[1] as DescribeRegionsValue | undefined;
  const regions = regionsValue && !storedError(regionsValue) ? regionsInScope(regionsValue, connector.regions) : [];
  const regional = registry.sources.filter((spec) => spec.scope === 'region');
  await Promise.all(regions.flatMap((region) => regional.map((spec) => record(spec, region))));
  metadata.regions = regions;
  const aliases = (connector as { accountAliases?: () => Promise<string[]> }).accountAliases;
  if (aliases) metadata.accountAliases = await aliases.call(connector).catch(() => undefined);
  files.set(STS_IDENTITY_FILE, cliJson({ Account: identity.accountId }));
  files.set(SNAPSHOT_METADATA_FILE, cliJson(metadata));
  // A region read with nothing regional to read still shows as read.
  for (const region of regions) if (![...files.keys()].some((file) => file.startsWith(`${regionFolder(region)}/`))) files.set(path.posix.join(regionFolder(region), '.read'), '');
  return { accountId: identity.accountId, files, failures, regions };
}

/** Top-level names a snapshot folder may hold: what `assetql snapshot` writes, so anything else is someone's file. */
export function snapshotTopLevelNames(registry: Registry): Set<string> {
  const names = new Set<string>([SNAPSHOT_METADATA_FILE, STS_IDENTITY_FILE.split('/')[0], 'regions']);
  for (const spec of registry.sources) names.add(spec.scope === 'region' ? 'regions' : snapshotPath(spec).split('/')[0]);
  return names;
}

function regionsInScope(value: DescribeRegionsValue, configured: readonly string[] | undefined): string[] {
  const enabled = value.Regions.filter((region) => region.OptInStatus !== 'not-opted-in').map((region) => region.RegionName);
  return configured ? enabled.filter((region) => configured.includes(region)) : enabled;
}
