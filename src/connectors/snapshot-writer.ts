import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SNAPSHOT_FILES } from './snapshot-files.js';
import type { AccountSummaryMap, AwsPasswordPolicy, CredentialReportSource } from './types.js';

/** One account's data, as a connector returns it. */
export interface SnapshotData {
  credentialReport: Pick<CredentialReportSource, 'csv' | 'generatedAt'>;
  accountSummary: AccountSummaryMap;
  /** null: no custom policy, so no password-policy.json (which is how the folder format says it). */
  passwordPolicy: AwsPasswordPolicy | null;
  /** Unknown when listing aliases failed; then left out. */
  accountAliases?: string[];
}

const KNOWN_FILES = new Set<string>(Object.values(SNAPSHOT_FILES));

/**
 * Writes a snapshot folder in exactly the format SnapshotConnector reads.
 * The folder is built beside the target and swapped in whole, so a
 * password-policy.json of an older snapshot cannot survive into a newer one
 * and a failed write leaves the previous snapshot as it was. A target that
 * holds anything but snapshot files is not replaced.
 */
export async function writeSnapshot(dir: string, data: SnapshotData): Promise<void> {
  const target = path.resolve(dir);
  await assertReplaceable(target);
  const staging = `${target}.partial-${randomBytes(4).toString('hex')}`;
  try {
    await mkdir(staging, { recursive: true });
    await writeFile(path.join(staging, SNAPSHOT_FILES.credentialReport), data.credentialReport.csv, 'utf8');
    await writeFile(path.join(staging, SNAPSHOT_FILES.accountSummary), cliJson({ SummaryMap: data.accountSummary }), 'utf8');
    if (data.passwordPolicy) {
      await writeFile(path.join(staging, SNAPSHOT_FILES.passwordPolicy), cliJson({ PasswordPolicy: data.passwordPolicy }), 'utf8');
    }
    const metadata = {
      reportGeneratedAt: data.credentialReport.generatedAt?.toISOString(),
      accountAliases: data.accountAliases,
    };
    await writeFile(path.join(staging, SNAPSHOT_FILES.metadata), cliJson(metadata), 'utf8');
    await rm(target, { recursive: true, force: true });
    await rename(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

async function assertReplaceable(target: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const foreign = entries.filter((entry) => !KNOWN_FILES.has(entry));
  if (foreign.length > 0) {
    throw new Error(`${target} holds files that are not part of a snapshot (${foreign.slice(0, 3).join(', ')}); not replacing it`);
  }
}

/** Indented like the AWS CLI's JSON output, with a final newline. */
function cliJson(value: unknown): string {
  return `${JSON.stringify(value, null, 4)}\n`;
}
