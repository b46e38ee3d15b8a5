/**
 * The floor for the documented query: what a hand-written TypeScript
 * program does to give the same answer, with nothing general about it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { csvParseRows } from 'd3-dsv';
import { SNAPSHOT_FILES } from './snapshot-files.js';

/** The documented query, verbatim: root users with an active access key. */
export const DOCUMENTED_QUERY =
  '{ rootUsers(where: { hasIAMUserCredentials: { OR: [{ accessKey1Active: true }, { accessKey2Active: true }] } }) { connector { ...AssetFragment } } }';

/** One account's data already in memory: every report row split into cells, and its display name. */
export interface ParsedAccount {
  id: string;
  name: string;
  rows: string[][];
}

export interface ConnectorOutput {
  connector: { __typename: 'Connector'; id: string; name: string; accountId: string; provider: 'aws' };
}

// Column positions in IAM's order (CREDENTIAL_REPORT_COLUMNS).
const USER = 0;
const ARN = 1;
const KEY_1_ACTIVE = 8;
const KEY_2_ACTIVE = 13;
const ROOT_USER = '<root_account>';

/**
 * The answer from rows already parsed. IAM writes the root row first, so
 * that is where the loop looks; a report that breaks the rule is scanned.
 */
export function floorQuery(accounts: readonly ParsedAccount[]): { rootUsers: ConnectorOutput[] } {
  const rootUsers: ConnectorOutput[] = [];
  for (const account of accounts) {
    const rows = account.rows;
    const root = rows[0]?.[USER] === ROOT_USER ? rows[0] : rows.find((row) => row[USER] === ROOT_USER);
    if (root && (root[KEY_1_ACTIVE] === 'true' || root[KEY_2_ACTIVE] === 'true')) {
      const accountId = root[ARN].split(':')[4];
      rootUsers.push({ connector: { __typename: 'Connector', id: account.id, name: account.name, accountId, provider: 'aws' } });
    }
  }
  return { rootUsers };
}

/**
 * The same answer from the snapshot folders: read the report and the
 * metadata file, parse only the header and root line (the root row is the
 * first data row), then run `floorQuery`. The fastest honest cold answer:
 * synchronous reads, which on this machine read 20,000 small cached files
 * several times faster than `fs/promises` (see BENCHMARKS.md).
 */
export function floorFromFolders(dirs: readonly string[]): { rootUsers: ConnectorOutput[] } {
  return floorQuery(dirs.map((dir) => readAccount(dir, (csv) => csv.slice(0, csv.indexOf('\n', csv.indexOf('\n') + 1)))));
}

/** Every account fully parsed into memory, for the warm floor (file reads and parsing not timed). */
export function parseFolders(dirs: readonly string[]): ParsedAccount[] {
  return dirs.map((dir) => readAccount(dir, (csv) => csv));
}

/** One folder's rows (of the part of the report `portion` keeps) and display name: the alias, else the connector id. */
function readAccount(dir: string, portion: (csv: string) => string): ParsedAccount {
  const csv = readFileSync(path.join(dir, SNAPSHOT_FILES.credentialReport), 'utf8');
  const metadata = readFileSync(path.join(dir, SNAPSHOT_FILES.metadata), 'utf8');
  const id = path.basename(dir);
  const aliases = (JSON.parse(metadata) as { accountAliases?: string[] }).accountAliases;
  return { id, name: aliases?.[0] ?? id, rows: csvParseRows(portion(csv)).slice(1) };
}
