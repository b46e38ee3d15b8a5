import type { SourceView } from '../module.js';
import { PolicyDocumentError, readPolicyStatements } from '../policy-statements/index.js';
import { bucketAnswer } from './answers.js';
import {
  getAccountPublicAccessBlock, getBucketAcl, getBucketEncryption, getBucketLogging, getBucketPolicy, getBucketVersioning, getPublicAccessBlock, listBuckets,
  type BucketAclValue, type BucketEncryptionValue, type BucketLoggingValue, type BucketPolicyValue, type BucketVersioningValue, type ListBucketsValue, type PublicAccessBlockValue,
} from './sources.js';
import { ConnectorError } from '../../sources/connector.js';
import { isNotConfigured } from '../../sources/source.js';

const cut = (text: string) => JSON.stringify(text.slice(0, 100));

/** The fields every bucket row carries, from the listing alone. */
export const BUCKET_FIELDS = ['id', 'name', 'arn', 'region', 'creationDate'] as const;

export const PUBLIC_ACCESS_BLOCK_FIELDS = ['blockPublicAcls', 'ignorePublicAcls', 'blockPublicPolicy', 'restrictPublicBuckets'] as const;
type Flags = Record<(typeof PUBLIC_ACCESS_BLOCK_FIELDS)[number], boolean>;

/** The four settings as GraphQL shows them (an absent one is off), or null when none is configured. */
export function flagsOf(value: PublicAccessBlockValue | undefined): Flags | null {
  if (!value) return null;
  const c = value.PublicAccessBlockConfiguration;
  return { blockPublicAcls: c.BlockPublicAcls === true, ignorePublicAcls: c.IgnorePublicAcls === true, blockPublicPolicy: c.BlockPublicPolicy === true, restrictPublicBuckets: c.RestrictPublicBuckets === true };
}

export const allOn = (flags: Flags | null) => flags !== null && PUBLIC_ACCESS_BLOCK_FIELDS.every((name) => flags[name]);

/** The account's settings (s3control), or null when the account has none. */
export function accountFlags(view: SourceView): Flags | null {
  const value = view.value(getAccountPublicAccessBlock);
  return isNotConfigured(getAccountPublicAccessBlock, value) ? null : flagsOf(value as PublicAccessBlockValue);
}

/**
 * Bucket fields fed by the same answers, with their GraphQL types (`[T]`: a
 * list), and how they are read for one bucket. They are relations, not row
 * fields, so that an answer that could not be read (a denied
 * GetBucketPolicy) fails the queries that read its fields only: the
 * bucket's MFA delete is still decided when its policy is not.
 */
interface BucketPart {
  readonly types: Readonly<Record<string, string>>;
  readonly read: (view: SourceView, bucket: string) => Record<string, unknown>;
}

export const BUCKET_PARTS: readonly BucketPart[] = [
  {
    types: { publicAccessBlock: 'S3PublicAccessBlock' },
    read: (view, bucket) => ({ publicAccessBlock: flagsOf(bucketAnswer(view, getPublicAccessBlock, bucket)) }),
  },
  {
    types: { publicAccessBlocked: 'Boolean' },
    read: (view, bucket) => {
      const own = flagsOf(bucketAnswer(view, getPublicAccessBlock, bucket));
      const account = accountFlags(view);
      // S3 applies each setting when the bucket or the account has it on.
      return { publicAccessBlocked: PUBLIC_ACCESS_BLOCK_FIELDS.every((flag) => own?.[flag] === true || account?.[flag] === true) };
    },
  },
  {
    types: { encrypted: 'Boolean', encryptionRules: '[BucketEncryptionRule]' },
    read: (view, bucket) => {
      const rules = bucketAnswer<BucketEncryptionValue>(view, getBucketEncryption, bucket)?.ServerSideEncryptionConfiguration.Rules ?? [];
      return {
        encrypted: rules.some((rule) => rule.ApplyServerSideEncryptionByDefault !== undefined),
        encryptionRules: rules.map((rule) => ({
          sseAlgorithm: rule.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ?? null,
          kmsMasterKeyID: rule.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID ?? null,
          bucketKeyEnabled: rule.BucketKeyEnabled ?? null,
        })),
      };
    },
  },
  {
    types: { bucketPolicy: 'BucketPolicy', policyDocument: 'String' },
    read: (view, bucket) => {
      const text = bucketAnswer<BucketPolicyValue>(view, getBucketPolicy, bucket)?.Policy;
      return { bucketPolicy: text === undefined ? null : { statements: statementsOf(view, bucket, text) }, policyDocument: text ?? null };
    },
  },
  {
    types: { hasBucketACLGrant: '[BucketACLGrant]' },
    read: (view, bucket) => ({
      hasBucketACLGrant: (bucketAnswer<BucketAclValue>(view, getBucketAcl, bucket)?.Grants ?? []).map((grant) => ({
        granteeType: grant.Grantee?.Type ?? null, granteeURI: grant.Grantee?.URI ?? null, granteeID: grant.Grantee?.ID ?? null, permission: grant.Permission ?? null,
      })),
    }),
  },
  {
    types: { versioningEnabled: 'Boolean', bucketVersioningMFADelete: 'Boolean' },
    read: (view, bucket) => {
      const versioning = bucketAnswer<BucketVersioningValue>(view, getBucketVersioning, bucket) ?? {};
      return { versioningEnabled: versioning.Status === 'Enabled', bucketVersioningMFADelete: versioning.MFADelete === 'Enabled' };
    },
  },
  {
    types: { loggingEnabled: 'Boolean', loggingTargetBucket: 'String', loggingTargetPrefix: 'String' },
    read: (view, bucket) => {
      const logging = bucketAnswer<BucketLoggingValue>(view, getBucketLogging, bucket)?.LoggingEnabled;
      return { loggingEnabled: logging !== undefined, loggingTargetBucket: logging?.TargetBucket ?? null, loggingTargetPrefix: logging?.TargetPrefix ?? null };
    },
  },
];

/** Where a bucket row keeps its parts: each field's value, or the error that reading it must raise. */
const PARTS = Symbol('assetql.bucketParts');
type Parts = Map<string, { value: unknown } | { error: ConnectorError }>;

/** The buckets of the account: the listing, and each part read (or its error kept) per bucket. */
export function bucketRows(view: SourceView): Record<string, unknown>[] {
  return ((view.value(listBuckets) as ListBucketsValue).Buckets ?? []).map((bucket) => {
    const name = bucket.Name;
    const parts: Parts = new Map();
    for (const part of BUCKET_PARTS) {
      try {
        for (const [field, value] of Object.entries(part.read(view, name))) parts.set(field, { value });
      } catch (error) {
        if (!(error instanceof ConnectorError)) throw error;
        for (const field of Object.keys(part.types)) parts.set(field, { error });
      }
    }
    const arn = `arn:aws:s3:::${name}`;
    return { id: arn, name, arn, region: bucket.BucketRegion, creationDate: bucket.CreationDate ?? null, [PARTS]: parts };
  });
}

/** One part field of a bucket row: its value, or the reason it could not be read (the account's ERROR for that query). */
export function partField(row: Record<string | symbol, unknown>, field: string): unknown {
  const read = (row[PARTS] as Parts).get(field)!;
  if ('error' in read) throw read.error;
  return read.value;
}

/** A bucket policy is JSON text (in the SDK and the CLI alike): one that does not parse, or is no policy, is the account's ERROR. */
function statementsOf(view: SourceView, bucket: string, text: string) {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return view.fail('PolicyDocumentMalformed', `${view.origin(getBucketPolicy)}: bucket ${cut(bucket)}: the policy is not JSON`);
  }
  try {
    return readPolicyStatements(document, { accountId: view.accountId });
  } catch (error) {
    if (!(error instanceof PolicyDocumentError)) throw error;
    return view.fail('PolicyDocumentMalformed', `${view.origin(getBucketPolicy)}: bucket ${cut(bucket)}: ${error.message} (not a policy document)`);
  }
}
