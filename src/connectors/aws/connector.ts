import { GetAccountPasswordPolicyCommand, GetAccountSummaryCommand, ListAccountAliasesCommand, type PasswordPolicy } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ConnectorError, type AccountIdentity, type AccountSummaryMap, type AwsPasswordPolicy, type Connector, type CredentialReportSource } from '../types.js';
import { LocalAwsError, toConnectorError } from './aws-error.js';
import { fetchCredentialReport } from './credential-report.js';
import { ShapeError, checkPasswordPolicy, checkSummaryMap } from '../shapes.js';
import { withRetry } from './retry.js';
import type { AccountClients, BaseSession, RoleTarget } from './session.js';
import type { AwsTiming } from './timing.js';
import type { AccountSlots } from '../account-slots.js';
import type { Gate } from './retry.js';

export interface AwsConnectorOptions {
  id: string;
  /** Configured name, or the account name of a discovered account. */
  name?: string;
  /** Known for discovered accounts; otherwise from the role ARN, else GetCallerIdentity. */
  accountId?: string;
  /** Shared by every account of one config entry (base credentials, region). */
  session: BaseSession;
  /** Absent: the base credentials' own account. */
  role?: RoleTarget;
  /** Reject a report older than this, ms. */
  maxReportAgeMs?: number;
  timing: AwsTiming;
  /** Shared by the accounts of one engine: bounds accounts with a request in flight. */
  slots?: AccountSlots;
}

const ROLE_ARN_ACCOUNT = /^arn:aws[a-z-]*:iam::(\d{12}):role\//;

/**
 * One live AWS account through the SDK. Holds its clients (and so its
 * assumed-role session) for reuse, but no account data: the engine decides
 * how long data lives. Every failure rejects with a ConnectorError carrying
 * the AWS error code.
 */
export class AwsConnector implements Connector {
  readonly id: string;
  readonly provider = 'aws' as const;
  /** Configured or discovered name; absent means "first alias, else the id". */
  readonly name?: string;
  private readonly options: AwsConnectorOptions;
  private clientsPromise?: Promise<AccountClients>;
  private accountIdPromise?: Promise<string>;

  constructor(options: AwsConnectorOptions) {
    this.options = options;
    this.id = options.id;
    this.name = options.name;
  }

  async identify(): Promise<AccountIdentity> {
    const accountId = await this.accountId();
    if (this.name !== undefined) return { accountId, name: this.name };
    // An alias is only a friendlier name: failing to list aliases must not fail the account.
    const aliases = await this.accountAliases().catch(() => []);
    return { accountId, name: aliases[0] ?? this.id };
  }

  async credentialReport(): Promise<CredentialReportSource> {
    const { iam } = await this.clients();
    try {
      const report = await fetchCredentialReport(iam, this.options.timing, this.options.maxReportAgeMs, this.gate);
      return { csv: report.csv, generatedAt: report.generatedAt, origin: 'GetCredentialReport' };
    } catch (error) {
      throw toConnectorError(this.id, 'credential report', error);
    }
  }

  async accountSummary(): Promise<AccountSummaryMap> {
    const out = await this.call('GetAccountSummary', async (iam, abortSignal) => iam.send(new GetAccountSummaryCommand({}), { abortSignal }));
    return this.shaped('GetAccountSummary', 'AccountSummaryMalformed', () => checkSummaryMap(out.SummaryMap));
  }

  /** null when the account has no custom policy (NoSuchEntity): that is data, not an error. */
  async passwordPolicy(): Promise<AwsPasswordPolicy | null> {
    let out: { PasswordPolicy?: PasswordPolicy };
    try {
      out = await this.call('GetAccountPasswordPolicy', (iam, abortSignal) => iam.send(new GetAccountPasswordPolicyCommand({}), { abortSignal }));
    } catch (error) {
      if (error instanceof ConnectorError && error.code === 'NoSuchEntity') return null;
      throw error;
    }
    // An answer without a policy is not "no policy" (that is NoSuchEntity): it is an answer we cannot read.
    return this.shaped('GetAccountPasswordPolicy', 'PasswordPolicyMalformed', () => checkPasswordPolicy(out.PasswordPolicy && toPasswordPolicy(out.PasswordPolicy)));
  }

  /** An answer through its shape check: the same check a snapshot file of it gets. */
  private shaped<T>(operation: string, code: string, check: () => T): T {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof ShapeError)) throw error;
      throw toConnectorError(this.id, operation, new LocalAwsError(code, `unreadable answer: ${error.message}`));
    }
  }

  /** ListAccountAliases (an account has at most one alias today). */
  async accountAliases(): Promise<string[]> {
    const out = await this.call('ListAccountAliases', (iam, abortSignal) => iam.send(new ListAccountAliasesCommand({}), { abortSignal }));
    return out.AccountAliases ?? [];
  }

  private accountId(): Promise<string> {
    const known = this.options.accountId ?? ROLE_ARN_ACCOUNT.exec(this.options.role?.roleArn ?? '')?.[1];
    if (known) return Promise.resolve(known);
    // The account behind a set of credentials never changes: ask STS once per connector (a failure is asked again).
    if (!this.accountIdPromise) {
      const asked = this.callSts('GetCallerIdentity', (sts, abortSignal) => sts.send(new GetCallerIdentityCommand({}), { abortSignal })).then((out) => {
        if (!out.Account) throw toConnectorError(this.id, 'GetCallerIdentity', new LocalAwsError('CallerIdentityMalformed', 'no Account in the answer'));
        return out.Account;
      });
      asked.catch(() => {
        if (this.accountIdPromise === asked) this.accountIdPromise = undefined;
      });
      this.accountIdPromise = asked;
    }
    return this.accountIdPromise;
  }

  /** Each request of this account runs in one of the engine's account slots, when it has them. */
  private readonly gate: Gate = (attempt) => (this.options.slots ? this.options.slots.run(this.id, attempt) : attempt());

  private clients(): Promise<AccountClients> {
    this.clientsPromise ??= this.options.session.accountClients(this.options.role);
    return this.clientsPromise;
  }

  /** One IAM call with back-off on throttling and 5xx until the call deadline; failures become ConnectorErrors. */
  private async call<T>(operation: string, send: (iam: AccountClients['iam'], signal: AbortSignal) => Promise<T>): Promise<T> {
    const { iam } = await this.clients();
    return this.retrying(operation, (signal) => send(iam, signal));
  }

  private async callSts<T>(operation: string, send: (sts: AccountClients['sts'], signal: AbortSignal) => Promise<T>): Promise<T> {
    const { sts } = await this.clients();
    return this.retrying(operation, (signal) => send(sts, signal));
  }

  private async retrying<T>(operation: string, attempt: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const { timing } = this.options;
    try {
      return await withRetry(attempt, { deadline: Date.now() + timing.callDeadlineMs, initialMs: timing.retryInitialMs, maxMs: timing.retryMaxMs, operation, gate: this.gate });
    } catch (error) {
      throw toConnectorError(this.id, operation, error);
    }
  }
}

/** Only the documented fields, without undefined ones, so snapshots hold what AWS said. */
function toPasswordPolicy(policy: PasswordPolicy): AwsPasswordPolicy {
  const fields = [
    'MinimumPasswordLength', 'RequireSymbols', 'RequireNumbers', 'RequireUppercaseCharacters', 'RequireLowercaseCharacters',
    'AllowUsersToChangePassword', 'ExpirePasswords', 'MaxPasswordAge', 'PasswordReusePrevention', 'HardExpiry',
  ] as const;
  const result: Record<string, unknown> = {};
  for (const field of fields) if (policy[field] !== undefined) result[field] = policy[field];
  return result as AwsPasswordPolicy;
}
