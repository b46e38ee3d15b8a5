/**
 * Synthetic accounts for the benchmarks: credential reports shaped like
 * IAM's (quoted user names, paths in ARNs, AWS's N/A / no_information /
 * not_supported placeholders, a few root users with active keys), account
 * summaries, password policies, and every other family an ordinary account
 * has (`familyFiles`: the IAM graph of the report's users, the network, the
 * logging and monitoring). A fixed seed gives the same bytes on every run,
 * so figures from different runs compare.
 */
import { csvFormatRows, csvParseRows } from 'd3-dsv';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CREDENTIAL_REPORT_COLUMNS } from '../src/model/iam-credential-report/report.js';
import { iamGraphFiles } from './iam-graph-data.js';
import { networkFiles } from './network-data.js';
import { loggingFiles } from './logging-data.js';
import { storageFiles } from './storage-data.js';
import { SNAPSHOT_FILES } from './snapshot-files.js';
import type { AwsPasswordPolicy } from '../src/model/iam-password-policy/sources.js';
type AccountSummaryMap = Record<string, number>;
import { seededRandom, type Random } from '../test/support/seeded-random.js';

export const DEFAULT_SEED = 20240615;
/** The clock every benchmark query runs with, so date math gives the same answer every run. */
export const BENCH_NOW = '2024-06-15T00:00:00Z';
/** Share of accounts whose root user has an active access key (what the documented check finds). */
const ROOT_KEY_RATE = 0.02;

export interface SyntheticAccount {
  /** Connector id. */
  id: string;
  accountId: string;
  alias: string | null;
  credentialReport: string;
  reportGeneratedAt: string;
  summary: AccountSummaryMap;
  /** null: no custom policy (IAM's default applies). */
  passwordPolicy: AwsPasswordPolicy | null;
}

type Column = (typeof CREDENTIAL_REPORT_COLUMNS)[number];
/** A row as the cells IAM writes, in column order; written through `set` by column name. */
type Row = string[];
const COLUMN_INDEX = new Map<Column, number>(CREDENTIAL_REPORT_COLUMNS.map((column, i) => [column, i]));
const set = (row: Row, column: Column, value: string) => {
  row[COLUMN_INDEX.get(column)!] = value;
};
/** Every key and certificate column inactive (N/A); the first eight columns are filled per row. */
const NO_CREDENTIALS: Row = CREDENTIAL_REPORT_COLUMNS.map((column) => (column.endsWith('_active') ? 'false' : 'N/A'));

const NOW_MS = Date.parse(BENCH_NOW);
const DAY_MS = 24 * 60 * 60 * 1000;
const FIRST_NAMES = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'oscar', 'peggy', 'trent', 'victor', 'walter'];
const SERVICE_USERS = ['ci-deploy', 'terraform', 'backup', 'reports-bot', 'etl', 'monitoring', 'github-actions', 'datadog'];
const PATHS = ['', '', '', 'engineering/', 'ops/', 'service/'];
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];
const SERVICES = ['s3', 'sts', 'ec2', 'iam', 'lambda', 'dynamodb', 'athena', 'cloudwatch'];

/** One account's data; `index` makes the account id and connector id. */
export function syntheticAccount(random: Random, index: number, users: number): SyntheticAccount {
  const accountId = String(100_000_000_000 + index * 7919).padStart(12, '0');
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const chance = (p: number) => random() < p;
  const ago = (minDays: number, maxDays: number) => timestamp(NOW_MS - (minDays + random() * (maxDays - minDays)) * DAY_MS);

  const rootHasKey = chance(ROOT_KEY_RATE);
  const rootMfa = chance(0.9);
  const root = NO_CREDENTIALS.slice();
  set(root, 'user', '<root_account>');
  set(root, 'arn', `arn:aws:iam::${accountId}:root`);
  set(root, 'user_creation_time', ago(1500, 3000));
  set(root, 'password_enabled', 'not_supported');
  set(root, 'password_last_used', chance(0.7) ? ago(1, 700) : 'no_information');
  set(root, 'password_last_changed', 'not_supported');
  set(root, 'password_next_rotation', 'not_supported');
  set(root, 'mfa_active', String(rootMfa));
  if (rootHasKey) activeKey(root, 1, ago, pick);

  const rows: Row[] = [root];
  for (let u = 0; u < users; u++) {
    const human = chance(0.6);
    // IAM allows `+=,.@_-` in names; a comma forces the CSV writer to quote.
    const base = human ? pick(FIRST_NAMES) : pick(SERVICE_USERS);
    const name = chance(0.02) ? `${base},svc-${u}` : chance(0.05) ? `${base}+${u}@example.com` : `${base}-${u}`;
    const created = ago(30, 2500);
    const hasConsole = human && chance(0.85);
    const row = NO_CREDENTIALS.slice();
    set(row, 'user', name);
    set(row, 'arn', `arn:aws:iam::${accountId}:user/${pick(PATHS)}${name}`);
    set(row, 'user_creation_time', created);
    set(row, 'password_enabled', String(hasConsole));
    set(row, 'password_last_used', hasConsole ? (chance(0.85) ? ago(0, 200) : 'no_information') : 'N/A');
    set(row, 'password_last_changed', hasConsole ? ago(0, 400) : 'N/A');
    set(row, 'password_next_rotation', hasConsole && chance(0.3) ? timestamp(NOW_MS + random() * 90 * DAY_MS) : 'N/A');
    set(row, 'mfa_active', String(hasConsole && chance(0.75)));
    if (!human || chance(0.3)) activeKey(row, 1, ago, pick);
    if (chance(0.1)) activeKey(row, 2, ago, pick);
    else if (chance(0.1)) set(row, 'access_key_2_last_rotated', ago(200, 900)); // a deactivated second key
    rows.push(row);
  }

  const credentialReport = `${csvFormatRows([[...CREDENTIAL_REPORT_COLUMNS], ...rows])}\n`;

  const passwordPolicy: AwsPasswordPolicy | null = chance(0.3)
    ? null
    : {
        MinimumPasswordLength: pick([8, 12, 14, 16]),
        RequireSymbols: chance(0.7),
        RequireNumbers: chance(0.8),
        RequireUppercaseCharacters: chance(0.8),
        RequireLowercaseCharacters: chance(0.8),
        AllowUsersToChangePassword: true,
        ExpirePasswords: chance(0.4),
        ...(chance(0.4) ? { MaxPasswordAge: pick([60, 90, 180]) } : {}),
        ...(chance(0.6) ? { PasswordReusePrevention: pick([5, 12, 24]) } : {}),
      };
  const summary: AccountSummaryMap = {
    AccountAccessKeysPresent: rootHasKey ? 1 : 0,
    AccountMFAEnabled: rootMfa ? 1 : 0,
    AccountSigningCertificatesPresent: 0,
    Users: users,
    UsersQuota: 5000,
    Groups: 1 + Math.floor(random() * 20),
    Roles: 5 + Math.floor(random() * 200),
    Policies: Math.floor(random() * 100),
    MFADevices: Math.floor(users * 0.5),
    AccessKeysPerUserQuota: 2,
    ServerCertificates: 0,
  };

  return {
    id: `acct-${String(index).padStart(5, '0')}`,
    accountId,
    alias: chance(0.5) ? `acme-${index}` : null,
    credentialReport,
    reportGeneratedAt: new Date(NOW_MS - random() * 3 * 60 * 60 * 1000).toISOString(),
    summary,
    passwordPolicy,
  };
}

/** `count` accounts of `users` users each, indexes `first`, `first + 1`, ... */
export function syntheticAccounts(options: { count: number; users: number; seed?: number; first?: number }): SyntheticAccount[] {
  const random = seededRandom(options.seed ?? DEFAULT_SEED);
  const first = options.first ?? 1;
  return Array.from({ length: options.count }, (_, i) => syntheticAccount(random, first + i, options.users));
}

/** Writes one snapshot folder per account under `root` (the files SnapshotConnector reads); returns the folders. */
export function writeSnapshotFolders(root: string, accounts: readonly SyntheticAccount[]): string[] {
  return accounts.map((account) => {
    const dir = path.join(root, account.id);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, SNAPSHOT_FILES.credentialReport), account.credentialReport);
    writeFileSync(path.join(dir, SNAPSHOT_FILES.accountSummary), cliJson({ SummaryMap: account.summary }));
    // As `assetql snapshot` writes them: "no policy" recorded, the account id in snapshot.json.
    writeFileSync(path.join(dir, SNAPSHOT_FILES.passwordPolicy), cliJson(account.passwordPolicy ? { PasswordPolicy: account.passwordPolicy } : { Error: { Code: 'NoSuchEntity', Message: 'The Password Policy cannot be found.' } }));
    const metadata = { accountId: account.accountId, reportGeneratedAt: account.reportGeneratedAt, ...(account.alias ? { accountAliases: [account.alias] } : {}) };
    writeFileSync(path.join(dir, SNAPSHOT_FILES.metadata), cliJson(metadata));
    for (const [file, value] of Object.entries(familyFiles(account))) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), cliJson(value));
    }
    return dir;
  });
}

/**
 * What an ordinary account holds beyond its credential report, summary and
 * password policy: one generator per group of families, each giving files by
 * their snapshot path. A new family is one more generator in this list.
 */
const FAMILY_GENERATORS: readonly ((account: SyntheticAccount) => Record<string, unknown>)[] = [ordinaryIamGraph, ordinaryNetwork, ordinaryLogging, ordinaryStorage];

/** Every family's snapshot files of an account (the IAM reports aside), as JSON values by path. */
export function familyFiles(account: SyntheticAccount): Record<string, unknown> {
  return Object.assign({}, ...FAMILY_GENERATORS.map((generate) => generate(account))) as Record<string, unknown>;
}

/**
 * An ordinary account's IAM graph, for its report's users: a few groups,
 * 30 roles, 20 customer policies, two regions. Seeded by the account id, so
 * the credential reports stay the bytes they were before the graph existed.
 */
export function ordinaryIamGraph(account: SyntheticAccount): Record<string, unknown> {
  const users = csvParseRows(account.credentialReport).slice(2).filter((cells) => cells.length > 1).map(([name, arn]) => ({ name, arn }));
  return iamGraphFiles(seededRandom(Number(account.accountId) % 2 ** 31), account.accountId, { users, groups: 5, roles: 30, policies: 20, regions: ['us-east-1', 'eu-west-1'] });
}

/** An ordinary account's network, in the same two regions: a handful of groups and instances. */
export function ordinaryNetwork(account: SyntheticAccount): Record<string, unknown> {
  return networkFiles(seededRandom((Number(account.accountId) % 2 ** 31) + 1), account.accountId, { regions: ['us-east-1', 'eu-west-1'], instances: 4, securityGroups: 6 });
}

/** An ordinary account's logging and monitoring in the same two regions: a trail, CIS alarms, Config, KMS, Security Hub. */
export function ordinaryLogging(account: SyntheticAccount): Record<string, unknown> {
  return loggingFiles(account.accountId, ['us-east-1', 'eu-west-1']);
}

/** An ordinary account's storage, in the same two regions: a few buckets, databases and file systems. */
export function ordinaryStorage(account: SyntheticAccount): Record<string, unknown> {
  return storageFiles(seededRandom((Number(account.accountId) % 2 ** 31) + 2), account.accountId, { regions: ['us-east-1', 'eu-west-1'], buckets: 4, dbInstances: 1, fileSystems: 1 });
}

/** The snapshot connectors of a config, one per folder (connector id = folder name). */
export function snapshotConfig(dirs: readonly string[]): { connectors: { id: string; provider: 'aws'; snapshot: string }[] } {
  return { connectors: dirs.map((dir) => ({ id: path.basename(dir), provider: 'aws' as const, snapshot: dir })) };
}

/** An active key in `slot`: rotated some time ago, used since (or never: N/A). */
function activeKey(row: Row, slot: 1 | 2, ago: (min: number, max: number) => string, pick: <T>(items: readonly T[]) => T): void {
  const used = pick([true, true, true, false]);
  const key = `access_key_${slot}` as const;
  set(row, `${key}_active`, 'true');
  set(row, `${key}_last_rotated`, ago(10, 900));
  set(row, `${key}_last_used_date`, used ? ago(0, 120) : 'N/A');
  set(row, `${key}_last_used_region`, used ? pick(REGIONS) : 'N/A');
  set(row, `${key}_last_used_service`, used ? pick(SERVICES) : 'N/A');
}

/** IAM's timestamp form: seconds, `+00:00`. */
function timestamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
}

/** Indented like the AWS CLI's JSON output. */
function cliJson(value: unknown): string {
  return `${JSON.stringify(value, null, 4)}\n`;
}
