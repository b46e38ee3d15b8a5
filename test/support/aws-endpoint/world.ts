import { randomBytes } from 'node:crypto';
import type { AwsPasswordPolicy } from '../../../src/model/iam-password-policy/sources.js';

/** IAM reuses a report younger than this instead of generating a new one. */
export const REPORT_REUSE_MS = 4 * 60 * 60 * 1000;

export interface FakeAccountInput {
  id: string;
  /** Organizations account name. */
  name: string;
  /** Organizations state. @default 'ACTIVE' */
  state?: 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE';
  /** The access key of this account's own IAM user; a base key for tests that start here. */
  accessKeyId?: string;
  aliases?: string[];
  /** The CSV a finished report holds. */
  credentialReport: string;
  summary?: Record<string, number>;
  /** null or absent: no custom policy (NoSuchEntity). */
  passwordPolicy?: AwsPasswordPolicy | null;
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

export type ReportState =
  | { status: 'none' }
  | { status: 'expired' }
  | { status: 'generating'; pollsLeft: number }
  | { status: 'complete'; generatedAt: Date };

export interface FakeAccount extends Required<Pick<FakeAccountInput, 'id' | 'name' | 'state' | 'aliases' | 'credentialReport' | 'summary' | 'reportPolls' | 'roleName'>> {
  passwordPolicy: AwsPasswordPolicy | null;
  externalId?: string;
  report: ReportState;
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

/** The fake AWS: accounts, their keys and report states. */
export class World {
  readonly accounts = new Map<string, FakeAccount>();
  readonly keys = new Map<string, KeyHolder>();

  constructor(inputs: FakeAccountInput[], private readonly now: () => Date) {
    for (const input of inputs) {
      const account: FakeAccount = {
        id: input.id, name: input.name, state: input.state ?? 'ACTIVE', aliases: input.aliases ?? [],
        credentialReport: input.credentialReport, summary: input.summary ?? DEFAULT_SUMMARY,
        passwordPolicy: input.passwordPolicy ?? null, reportPolls: input.reportPolls ?? 1,
        roleName: input.roleName ?? 'OrganizationAccountAccessRole', externalId: input.externalId,
        report: input.reportExpired ? { status: 'expired' }
          : input.existingReportAgeMs !== undefined ? { status: 'complete', generatedAt: new Date(now().getTime() - input.existingReportAgeMs) }
          : { status: 'none' },
      };
      this.accounts.set(account.id, account);
      if (input.accessKeyId) {
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
        account.report = { status: 'complete', generatedAt: this.now() };
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

function randomId(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join('');
}
