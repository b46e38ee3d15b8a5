import { ListAccountAliasesCommand } from '@aws-sdk/client-iam';
import { IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AccountSlots } from '../account-slots.js';
import { callSdk } from '../call-sdk.js';
import { ConnectorError, type AccountIdentity, type Connector, type SourceRead } from '../connector.js';
import { notConfigured, type LiveContext, type SdkClient, type SourceAt, type SourceSpec } from '../source.js';
import { LocalAwsError, awsErrorCode, awsErrorMessage, isAwsFailure, toConnectorError } from './aws-error.js';
import { withRetry, type Gate } from './retry.js';
import type { BaseSession, CredentialProvider, RoleTarget } from './session.js';
import type { AwsTiming } from './timing.js';
import type { Log } from '../log.js';

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
  /** The regions the config names; absent: every region the account has enabled. */
  regions?: readonly string[];
  /** Reject a credential report older than this, ms. */
  maxReportAgeMs?: number;
  timing: AwsTiming;
  /** Shared by the accounts of one engine: bounds accounts with a request in flight. */
  slots?: AccountSlots;
  /** Told of every request (its AWS request id, status, time) and every retry decision. */
  log?: Log;
}

/** What a source's live call may know of its connector beyond the generic context (the credential report flow's settings). */
export interface AwsLiveSettings {
  readonly timing: AwsTiming;
  readonly maxReportAgeMs?: number;
  /** Each request in the account's slot, outside the waits between polls. */
  readonly gate: Gate;
  /** The connector's log, with the account filled in. */
  readonly log: Log;
}

const ROLE_ARN_ACCOUNT = /^arn:aws[a-z-]*:iam::(\d{12}):role\//;

/**
 * One live AWS account through the SDK. Holds its clients (and so its
 * assumed-role session) for reuse, but no account data: the engine decides
 * how long data lives. A source is read by its SDK operation (every page
 * merged, turned into what the AWS CLI prints); an error code the source
 * lists as "not configured" is that answer, any other failure a
 * ConnectorError carrying the AWS error code.
 */
export class AwsConnector implements Connector {
  readonly id: string;
  readonly provider = 'aws' as const;
  /** Configured or discovered name; absent means "first alias, else the id". */
  readonly name?: string;
  readonly regions?: readonly string[];
  /** The role it reads through (absent: the base credentials' own account): what a queue job names, so a worker can rebuild it. */
  readonly role?: RoleTarget;
  private readonly options: AwsConnectorOptions;
  private credentialsPromise?: Promise<CredentialProvider>;
  private accountIdPromise?: Promise<string>;
  private aliasesPromise?: Promise<string[]>;
  private readonly clients = new Map<string, Promise<SdkClient>>();

  constructor(options: AwsConnectorOptions) {
    this.options = options;
    this.id = options.id;
    this.name = options.name;
    this.regions = options.regions;
    this.role = options.role;
  }

  async identify(): Promise<AccountIdentity> {
    const accountId = await this.accountId();
    if (this.name !== undefined) return { accountId, name: this.name };
    // An alias is only a friendlier name: failing to list aliases must not fail the account.
    const aliases = await this.accountAliases().catch(() => []);
    return { accountId, name: aliases[0] ?? this.id };
  }

  async read(source: SourceSpec, at: SourceAt, parent?: unknown): Promise<SourceRead> {
    const origin = at.region ? `${source.operation} in ${at.region}` : source.operation;
    const region = at.region ?? (await this.options.session.region());
    if (!source.perResource) return { value: await this.call(source, this.context(region)), origin };
    // One call per resource the parent lists, in the resource's own region when it has one (a bucket's); each answer
    // (or recorded error) under its key, as a snapshot file keeps them.
    const { keys, region: regionOf } = source.perResource;
    const answers = await Promise.all(keys(parent, at).map(async (key) => [key, await this.call(source, this.context(regionOf?.(parent, key) ?? region, key), true)] as const));
    return { value: Object.fromEntries(answers), origin };
  }

  /** ListAccountAliases (an account has at most one alias today): asked once per connector, a failure asked again. */
  accountAliases(): Promise<string[]> {
    if (!this.aliasesPromise) {
      const asked = (async () => {
        const iam = (await this.client(IAMClient, await this.options.session.region())) as IAMClient;
        const out = await this.retrying('ListAccountAliases', (abortSignal) => iam.send(new ListAccountAliasesCommand({}), { abortSignal }));
        return out.AccountAliases ?? [];
      })();
      asked.catch(() => {
        if (this.aliasesPromise === asked) this.aliasesPromise = undefined;
      });
      this.aliasesPromise = asked;
    }
    return this.aliasesPromise;
  }

  /** What the source's live call sees of this account. */
  private context(region: string, key?: string): LiveContext & { settings: AwsLiveSettings } {
    return {
      region,
      accountId: () => this.accountId(),
      key,
      client: (make, inRegion) => this.client(make, inRegion ?? region) as Promise<never>,
      send: (operation, attempt) => this.retryingRaw(operation, attempt, region),
      settings: { timing: this.options.timing, maxReportAgeMs: this.options.maxReportAgeMs, gate: this.gate, log: (event) => this.options.log?.({ ...event, detail: { account: this.id, ...event.detail } }) },
    };
  }

  /**
   * The source's value, or its "not configured" answer. With `recordErrors`
   * (one of many per-resource calls) any other AWS error is recorded in place
   * of the answer, as a snapshot records it: the reader of that key decides.
   */
  private async call(source: SourceSpec, context: LiveContext, recordErrors = false): Promise<unknown> {
    try {
      return await callSdk(source, context);
    } catch (error) {
      // Only what AWS (or the wait for it) answered is about the account; anything else is a fault of the code.
      if (!isAwsFailure(error)) throw error;
      const code = awsErrorCode(error);
      if ((source.notConfigured ?? []).includes(code) || recordErrors) return notConfigured(code, awsErrorMessage(error));
      throw toConnectorError(this.id, context.key === undefined && !this.regional(source) ? source.operation : `${source.operation} (${[context.region, context.key].filter(Boolean).join(', ')})`, error);
    }
  }

  private regional(source: SourceSpec): boolean {
    return source.scope === 'region';
  }

  private client(make: new (config: object) => SdkClient, region: string): Promise<SdkClient> {
    const key = `${make.name}@${region}`;
    let client = this.clients.get(key);
    if (!client) {
      client = this.credentials().then((credentials) => new make(this.options.session.clientConfig(region, credentials)));
      this.clients.set(key, client);
    }
    return client;
  }

  private credentials(): Promise<CredentialProvider> {
    this.credentialsPromise ??= this.options.session.accountCredentials(this.options.role);
    return this.credentialsPromise;
  }

  private accountId(): Promise<string> {
    const known = this.options.accountId ?? ROLE_ARN_ACCOUNT.exec(this.options.role?.roleArn ?? '')?.[1];
    if (known) return Promise.resolve(known);
    // The account behind a set of credentials never changes: ask STS once per connector (a failure is asked again).
    if (!this.accountIdPromise) {
      const asked = this.options.session.region().then(async (region) => {
        const sts = (await this.client(STSClient, region)) as STSClient;
        const out = await this.retrying('GetCallerIdentity', (abortSignal) => sts.send(new GetCallerIdentityCommand({}), { abortSignal }));
        if (!out.Account || !/^\d{12}$/.test(out.Account)) throw toConnectorError(this.id, 'GetCallerIdentity', new LocalAwsError('CallerIdentityMalformed', 'no 12-digit Account in the answer'));
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

  /** One call with back-off on throttling and 5xx until the call deadline; rejects with what AWS answered. */
  private retryingRaw<T>(operation: string, attempt: (signal: AbortSignal) => Promise<T>, region?: string): Promise<T> {
    const { timing } = this.options;
    const log = this.options.log;
    const logged = log ? (signal: AbortSignal) => this.loggedAttempt(log, operation, region, () => attempt(signal)) : attempt;
    return withRetry(logged, {
      deadline: Date.now() + timing.callDeadlineMs,
      initialMs: timing.retryInitialMs,
      maxMs: timing.retryMaxMs,
      operation,
      gate: this.gate,
      onFailedAttempt: log && ((error, attemptNumber, retrying) => log({ level: retrying ? 'info' : 'warn', message: `${operation} failed: ${awsErrorCode(error)}${retrying ? `; retrying (attempt ${attemptNumber + 1})` : '; not retried'}`, detail: { account: this.id, operation, region, attempt: attemptNumber, code: awsErrorCode(error), requestId: requestIdOf(error) } })),
    });
  }

  /** A request as the operator sees it with `--log-level debug`: account, operation, region, status, AWS request id, time. */
  private async loggedAttempt<T>(log: Log, operation: string, region: string | undefined, run: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      const out = await run();
      const metadata = (out as { $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number } } | null)?.$metadata;
      log({ level: 'debug', message: `${operation} ${metadata?.httpStatusCode ?? 'ok'}`, detail: { account: this.id, operation, region, status: metadata?.httpStatusCode, requestId: metadata?.requestId, sdkAttempts: metadata?.attempts, ms: Math.round(performance.now() - started) } });
      return out;
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
      log({ level: 'debug', message: `${operation} ${status ?? awsErrorCode(error)}`, detail: { account: this.id, operation, region, status, code: awsErrorCode(error), requestId: requestIdOf(error), ms: Math.round(performance.now() - started) } });
      throw error;
    }
  }

  private async retrying<T>(operation: string, attempt: (signal: AbortSignal) => Promise<T>): Promise<T> {
    try {
      return await this.retryingRaw(operation, attempt);
    } catch (error) {
      throw toConnectorError(this.id, operation, error);
    }
  }
}

function requestIdOf(error: unknown): string | undefined {
  return (error as { $metadata?: { requestId?: string } } | null)?.$metadata?.requestId;
}
