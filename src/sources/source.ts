import type { z } from 'zod';
import type { Pagination } from './canonical.js';

/**
 * A source is one AWS operation as assetql reads it, declared once. Its value
 * is exactly what the AWS CLI prints for the command as JSON (pages merged,
 * timestamps as ISO-8601 text, policy documents decoded), whether it came
 * live through the SDK or from a snapshot file: one value, two ways in.
 */
export interface SourceSpec {
  /** `<service>/<command>` in the AWS CLI's own words, e.g. `ec2/describe-regions`: also where a snapshot keeps it. */
  readonly id: string;
  /** The AWS CLI's service name (`iam`, `ec2`, `s3api`, `configservice`). */
  readonly service: string;
  /** The AWS CLI's command (`describe-regions`). */
  readonly command: string;
  /** Extra AWS CLI arguments that give the same answer (`--all-regions`). */
  readonly cliArgs?: readonly string[];
  /** The API operation (`DescribeRegions`). */
  readonly operation: string;
  /** The IAM permissions the call needs (`ec2:DescribeRegions`). */
  readonly permissions: readonly string[];
  /** `account`: one call per account (global services, or the account's home region); `region`: one per region in scope. */
  readonly scope: 'account' | 'region';
  /** One call per resource (key, trail, bucket): the value is an object keyed by the resource identifier the call took. */
  readonly perResource?: PerResource;
  /** What the answer gives, for the permissions table. */
  readonly gives: string;
  /**
   * Error codes that mean "not configured" (a password policy that was never
   * set): data, recorded as `{"Error": {"Code": ..., "Message": ...}}` in place
   * of the output. Any other error is "could not be read".
   */
  readonly notConfigured?: readonly string[];
  /** Checks the configured answer; extra fields AWS may add later pass through. */
  readonly shape: z.ZodType;
  /** The SDK operation behind it: how the live path calls it, and how the loopback endpoint answers it. */
  readonly sdk: SdkBinding;
  /** A call that is more than one request (the credential report's generate-poll-get); default: `sdk`'s operation. */
  readonly live?: LiveCall;
  /** Snapshot file name when it predates the layout rule (`credential-report.csv`); account scope only. */
  readonly legacyFile?: string;
  /** The file is text, not JSON (the credential report CSV): its value is `{ "Content": <text> }`. */
  readonly text?: boolean;
  /** A snapshot without the file holds "not configured" with this code (legacy `password-policy.json`). */
  readonly absentMeans?: string;
  /** The error code of an answer that fails the shape check. @default `SourceMalformed` */
  readonly malformedCode?: string;
}

export interface PerResource {
  /** The source whose value lists the resources (list-keys for get-key-rotation-status). */
  readonly parent: SourceSpec;
  /** The identifiers to call for, from the parent's value in the same place (only customer-managed keys; only trails whose home region this is). */
  readonly keys: (parent: unknown, at: SourceAt) => string[];
  /** The request parameter the identifier goes in (`KeyId`), and how the AWS CLI takes it (`--key-id`). */
  readonly param: string;
  readonly cliParam: string;
  /** The region the call for one identifier goes to (a bucket's own region); default: the source's. */
  readonly region?: (parent: unknown, key: string) => string | undefined;
}

/** Where one load of a source applies: the region, for regional sources. */
export interface SourceAt {
  readonly region?: string;
}

/**
 * What a live call gets: SDK clients with the account's credentials, and
 * `send` with retries, back-off, a deadline and the account's slot.
 */
export interface LiveContext {
  /** The region the call goes to: `at.region`, else the account's home region (IAM's is us-east-1 in `aws`). */
  readonly region: string;
  /** The account's 12-digit id (S3 Control takes it as a request parameter): asked of STS only when not known already. */
  accountId(): Promise<string>;
  /** An SDK client of this account for the region, made once and reused. */
  client<C extends SdkClient>(make: new (config: object) => C, region?: string): Promise<C>;
  /** One call, retried on throttling and 5xx until its deadline; rejects with the AWS error otherwise. */
  send<T>(operation: string, attempt: (signal: AbortSignal) => Promise<T>): Promise<T>;
  /** The resource identifier of a per-resource call. */
  readonly key?: string;
}

export interface SdkClient {
  send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
}

export type LiveCall = (context: LiveContext) => Promise<unknown>;

/** A pinned `@aws-sdk/client-*` package, loaded only when a live account needs it (the SDK costs start-up time). */
export interface SdkBinding {
  /** `() => import('@aws-sdk/client-ec2')`. */
  readonly load: () => Promise<object>;
  /** The client class's export name (`EC2Client`). */
  readonly client: string;
  /** The request, from the context (`{ AllRegions: true }`, the resource key, the account id). @default {} */
  readonly input?: (context: LiveContext) => Record<string, unknown> | Promise<Record<string, unknown>>;
  /** How pages are merged, when the operation pages. */
  readonly paginate?: Pagination;
  /** What the AWS CLI does beyond `toCliJson` (IAM's URL-encoded policy documents decoded). */
  readonly toCli?: (value: Record<string, unknown>) => Record<string, unknown>;
}

/** A "not configured" answer as a snapshot stores it, and as both paths hand it on. */
export interface NotConfigured {
  Error: { Code: string; Message: string };
}

export function notConfigured(code: string, message: string): NotConfigured {
  return { Error: { Code: code, Message: message } };
}

/** A stored `{"Error": {...}}` answer (configured or not: the source decides what its code means). */
export function storedError(value: unknown): { Code: string; Message: string } | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const error = (value as { Error?: unknown }).Error;
  if (typeof error !== 'object' || error === null || Object.keys(value).length !== 1) return undefined;
  const { Code, Message } = error as { Code?: unknown; Message?: unknown };
  return typeof Code === 'string' ? { Code, Message: typeof Message === 'string' ? Message : '' } : undefined;
}

export function isNotConfigured(source: SourceSpec, value: unknown): value is NotConfigured {
  const error = storedError(value);
  return error !== undefined && (source.notConfigured ?? []).includes(error.Code);
}

/** The AWS CLI command that writes a source's snapshot file, for messages ("run ..."). */
export function cliCommand(source: SourceSpec, at: SourceAt = {}, key?: string): string {
  const parts = ['aws', source.service, source.command, ...(source.cliArgs ?? [])];
  if (source.perResource && key !== undefined) parts.push(source.perResource.cliParam, key);
  if (at.region) parts.push('--region', at.region);
  return parts.join(' ');
}

export function defineSource(spec: SourceSpec): SourceSpec {
  if (!/^[a-z0-9-]+\/[a-z0-9-]+$/.test(spec.id) || spec.id !== `${spec.service}/${spec.command}`) {
    throw new Error(`source ${spec.id}: the id is <service>/<command> in the AWS CLI's words`);
  }
  if (spec.legacyFile && spec.scope !== 'account') throw new Error(`source ${spec.id}: only account-wide sources keep legacy file names`);
  return spec;
}
