import path from 'node:path';
import type { SourceAt, SourceSpec } from './source.js';

/**
 * The snapshot layout rule (aws-sources.md): a file's path says which
 * command wrote it. Account-wide: `<service>/<command>.json`; per region:
 * `regions/<region>/<service>/<command>.json`; per resource: the same file,
 * an object keyed by the resource identifier. Files that predate the rule
 * keep their names (`credential-report.csv`).
 */
export function snapshotPath(source: SourceSpec, at: SourceAt = {}): string {
  if (source.legacyFile) return source.legacyFile;
  const file = path.posix.join(source.service, `${source.command}.json`);
  if (source.scope === 'account') return file;
  if (!at.region) throw new Error(`source ${source.id} is regional: a region is needed`);
  return path.posix.join('regions', at.region, file);
}

/** The folder of a region's files, which `assetql snapshot` writes for every region it read. */
export function regionFolder(region: string): string {
  return path.posix.join('regions', region);
}

/** AWS region names: letters, dashes and a number (`eu-west-1`, `us-gov-west-1`); nothing that could leave a folder. */
export const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
