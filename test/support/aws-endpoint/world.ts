import { randomBytes } from 'node:crypto';
import { getAccountSummary } from '../../../src/model/iam-account-summary/sources.js';
import { getCredentialReport } from '../../../src/model/iam-credential-report/sources.js';
import type { AwsPasswordPolicy } from '../../../src/model/iam-password-policy/sources.js';
import { getAccountPasswordPolicy } from '../../../src/model/iam-password-policy/sources.js';
import { describeRegions, type DescribeRegionsValue } from '../../../src/model/regions/sources.js';
import { snapshotPath } from '../../../src/sources/layout.js';
import { SNAPSHOT_METADATA_FILE } from '../../../src/sources/snapshot/snapshot-files.js';
import { cliJson } from '../../../src/sources/snapshot/snapshot-writer.js';
import { notConfigured } from '../../../src/sources/source.js';
import { csvParse } from 'd3-dsv';
import { iamFiles } from '../iam-snapshot.js';
import { networkFiles } from '../network-snapshot.js';
import { loggingFiles } from '../logging-snapshot.js';
import { storageFiles } from '../storage-snapshot.js';
import { FolderStore, MemoryStore, type AccountStore } from './account-store.js';

/** IAM reuses a report younger than this instead of generating a new one. */
export const REPORT_REUSE_MS = 4 * 60 * 60 * 1000;

/** What every account has, however its data is given. */
export interface AccountBasics {
  id: string;
  /** Organizations account name. */
  name: string;
  /** Organizations state. @default 'ACTIVE' */
  state?: 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE';
  /** The access key of this account's own IAM user; a base key for tests that start here. */
  accessKeyId?: string;
  /** Generate calls after STARTED until COMPLETE (1: STARTED, COMPLETE). @default 1 */
  reportPolls?: number;
  /** A report already exists, generated this long ago. */
  existingReportAgeMs?: number;
  /** The latest report has expired (Get answers ReportExpired until a new one is generated). */
  reportExpired?: boolean;
  /** The role AssumeRole may reach in this account. @default 'OrganizationAccountAccessRole' */
  roleName?: string;
  /** AssumeRole into this account must carry this ExternalId. */
  externalId?: string;
}

/** An account made up by a test: the IAM data the first tests needed, as values. */
export interface FakeAccountInput extends AccountBasics {
  aliases?: string[];
  /** The CSV a finished report holds. */
  credentialReport: string;
  summary?: Record<string, number>;
  /** null or absent: no custom policy (NoSuchEntity). */
  passwordPolicy?: AwsPasswordPolicy | null;
  /** `ec2 describe-regions --all-regions`. @default DEFAULT_REGIONS */
  regions?: DescribeRegionsValue['Regions'];
}

/** An account served from a snapshot folder: every source from the file the layout rule names. */
export interface SnapshotAccountInput extends AccountBasics {
  snapshot: string;
}

export type AccountInput = FakeAccountInput | SnapshotAccountInput;

export type ReportState =
  | { status: 'none' }
  | { status: 'expired' }
  | { status: 'generating'; pollsLeft: number }
  | { status: 'complete'; generatedAt: Date };

export interface FakeAccount extends Required<Pick<AccountBasics, 'id' | 'name' | 'state' | 'reportPolls' | 'roleName'>> {
  externalId?: string;
  report: ReportState;
  /** Where its sources are read. */
  store: AccountStore;
}

/** Who signed a request: the account the key is bound to, and the principal it acts as. */
export interface KeyHolder {
  accountId: string;
  arn: string;
  userId: string;
  secretAccessKey: string;
  /** Session credentials must come back with this token. */
  sessionToken?: string;
}

export const DEFAULT_SUMMARY: Record<string, number> = {
  AccountAccessKeysPresent: 0, AccountMFAEnabled: 1, AccountSigningCertificatesPresent: 0, Users: 2, Groups: 1, Roles: 5, Policies: 3,
};

/** A fake account's regions: two enabled, one not opted in. */
export const DEFAULT_REGIONS: DescribeRegionsValue['Regions'] = [
  { Endpoint: 'ec2.eu-west-1.amazonaws.com', RegionName: 'eu-west-1', OptInStatus: 'opt-in-not-required' },
  { Endpoint: 'ec2.us-east-1.amazonaws.com', RegionName: 'us-east-1', OptInStatus: 'opt-in-not-required' },
  { Endpoint: 'ec2.af-south-1.amazonaws.com', RegionName: 'af-south-1', OptInStatus: 'not-opted-in' },
];

/** The fake AWS: accounts, their keys and report states. */
export class World {
  readonly accounts = new Map<string, FakeAccount>();
  readonly keys = new Map<string, KeyHolder>();

  constructor(inputs: AccountInput[], private readonly now: () => Date) {
    for (const input of inputs) {
      if (this.accounts.has(input.id)) throw new Error(`loopback endpoint: account ${input.id} is given twice`);
      const account: FakeAccount = {
        id: input.id, name: input.name, state: input.state ?? 'ACTIVE', reportPolls: input.reportPolls ?? 1,
        roleName: input.roleName ?? 'OrganizationAccountAccessRole', externalId: input.externalId,
        store: 'snapshot' in input ? new FolderStore(input.snapshot) : fakeStore(input),
        report: input.reportExpired ? { status: 'expired' }
          : input.existingReportAgeMs !== undefined ? { status: 'complete', generatedAt: new Date(now().getTime() - input.existingReportAgeMs) }
          : { status: 'none' },
      };
      this.accounts.set(account.id, account);
      if (input.accessKeyId) {
        if (this.keys.has(input.accessKeyId)) throw new Error(`loopback endpoint: access key ${input.accessKeyId} is given twice`);
        this.keys.set(input.accessKeyId, {
          accountId: account.id, arn: `arn:aws:iam::${account.id}:user/assetql-tester`, userId: 'AIDA' + randomId(17),
          secretAccessKey: 'fake-secret-' + input.accessKeyId,
        });
      }
    }
  }

  /** Credentials bound to `accountId`, as AssumeRole hands out. */
  issueSession(accountId: string, roleName: string, sessionName: string): { accessKeyId: string; holder: KeyHolder } {
    const accessKeyId = 'ASIA' + randomId(16);
    const roleId = 'AROA' + randomId(17);
    const holder: KeyHolder = {
      accountId, arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`, userId: `${roleId}:${sessionName}`,
      secretAccessKey: randomBytes(30).toString('base64'), sessionToken: randomBytes(60).toString('base64'),
    };
    this.keys.set(accessKeyId, holder);
    return { accessKeyId, holder };
  }

  /** GenerateCredentialReport: reuse a report under 4 hours old, else start one that finishes after `reportPolls` more calls. */
  generateReport(account: FakeAccount): 'STARTED' | 'INPROGRESS' | 'COMPLETE' {
    const report = account.report;
    if (report.status === 'complete' && this.now().getTime() - report.generatedAt.getTime() < REPORT_REUSE_MS) return 'COMPLETE';
    if (report.status === 'generating') {
      if (report.pollsLeft <= 1) {
        // IAM's report times are whole seconds.
        account.report = { status: 'complete', generatedAt: new Date(Math.floor(this.now().getTime() / 1000) * 1000) };
        return 'COMPLETE';
      }
      report.pollsLeft -= 1;
      return 'INPROGRESS';
    }
    account.report = { status: 'generating', pollsLeft: account.reportPolls };
    return 'STARTED';
  }

  /** Marks the latest report expired (a ReportExpired fault does this, so the next Generate starts over). */
  expireReport(account: FakeAccount): void {
    account.report = { status: 'expired' };
  }
}

/**
 * A made-up account's values as the files a snapshot of it would hold; the
 * IAM graph holds the report's users and nothing else (no groups, roles,
 * policies, devices, certificates, providers or analyzers).
 */
function fakeStore(input: FakeAccountInput): MemoryStore {
  const regions = input.regions ?? DEFAULT_REGIONS;
  const users = csvParse(input.credentialReport).map((row) => row.user ?? '').filter((user) => user !== '<root_account>');
  const enabled = regions.filter((region) => region.OptInStatus !== 'not-opted-in').map((region) => region.RegionName);
  const graph = { ...iamFiles(users, { accountId: input.id, regions: enabled }), ...networkFiles(enabled), ...storageFiles(enabled) };
  const files = new Map<string, string>([
    ...Object.entries(graph).map(([file, value]): [string, string] => [file, cliJson(value)]),
    ...Object.entries(loggingFiles(input.id, enabled)).map(([file, value]): [string, string] => [file, cliJson(value)]),
    [snapshotPath(getCredentialReport), input.credentialReport],
    [snapshotPath(getAccountSummary), cliJson({ SummaryMap: input.summary ?? DEFAULT_SUMMARY })],
    [snapshotPath(getAccountPasswordPolicy), cliJson(input.passwordPolicy ? { PasswordPolicy: input.passwordPolicy } : notConfigured('NoSuchEntity', `The Password Policy with domain name ${input.id} cannot be found.`))],
    [snapshotPath(describeRegions), cliJson({ Regions: regions })],
    [SNAPSHOT_METADATA_FILE, cliJson({ accountAliases: input.aliases ?? [] })],
  ]);
  return new MemoryStore(`account ${input.id}`, files);
}

function randomId(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join('');
}
