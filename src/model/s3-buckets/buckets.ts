import type { SourceView } from '../module.js';
import { PolicyDocumentError, readPolicyStatements } from '../policy-statements/index.js';
import { bucketAnswer } from './answers.js';
import {
  getAccountPublicAccessBlock, getBucketAcl, getBucketEncryption, getBucketLogging, getBucketPolicy, getBucketVersioning, getPublicAccessBlock, listBuckets,
  type BucketAclValue, type BucketEncryptionValue, type BucketLoggingValue, type BucketPolicyValue, type BucketVersioningValue, type ListBucketsValue, type PublicAccessBlockValue,
} from './sources.js';
import { isNotConfigured } from '../../sources/source.js';

const cut = (text: string) => JSON.stringify(text.slice(0, 100));

export const BUCKET_FIELDS = [
  'id', 'name', 'arn', 'region', 'creationDate', 'publicAccessBlock', 'publicAccessBlocked', 'encrypted', 'encryptionRules', 'bucketPolicy', 'policyDocument',
  'hasBucketACLGrant', 'versioningEnabled', 'bucketVersioningMFADelete', 'loggingEnabled', 'loggingTargetBucket', 'loggingTargetPrefix',
] as const;

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

/** The buckets of the account, each from its six per-bucket answers. */
export function bucketRows(view: SourceView): Record<string, unknown>[] {
  const account = accountFlags(view);
  return ((view.value(listBuckets) as ListBucketsValue).Buckets ?? []).map((bucket) => {
    const name = bucket.Name;
    const own = flagsOf(bucketAnswer<PublicAccessBlockValue>(view, getPublicAccessBlock, name));
    // S3 applies each setting when the bucket or the account has it on.
    const blocked = PUBLIC_ACCESS_BLOCK_FIELDS.every((flag) => own?.[flag] === true || account?.[flag] === true);
    const rules = bucketAnswer<BucketEncryptionValue>(view, getBucketEncryption, name)?.ServerSideEncryptionConfiguration.Rules ?? [];
    const policyText = bucketAnswer<BucketPolicyValue>(view, getBucketPolicy, name)?.Policy;
    const versioning = bucketAnswer<BucketVersioningValue>(view, getBucketVersioning, name) ?? {};
    const logging = bucketAnswer<BucketLoggingValue>(view, getBucketLogging, name)?.LoggingEnabled;
    const grants = bucketAnswer<BucketAclValue>(view, getBucketAcl, name)?.Grants ?? [];
    const arn = `arn:aws:s3:::${name}`;
    return {
      id: arn,
      name,
      arn,
      region: bucket.BucketRegion,
      creationDate: bucket.CreationDate ?? null,
      publicAccessBlock: own,
      publicAccessBlocked: blocked,
      encrypted: rules.some((rule) => rule.ApplyServerSideEncryptionByDefault !== undefined),
      encryptionRules: rules.map((rule) => ({
        sseAlgorithm: rule.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ?? null,
        kmsMasterKeyID: rule.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID ?? null,
        bucketKeyEnabled: rule.BucketKeyEnabled ?? null,
      })),
      bucketPolicy: policyText === undefined ? null : { statements: statementsOf(view, name, policyText) },
      policyDocument: policyText ?? null,
      hasBucketACLGrant: grants.map((grant) => ({ granteeType: grant.Grantee?.Type ?? null, granteeURI: grant.Grantee?.URI ?? null, granteeID: grant.Grantee?.ID ?? null, permission: grant.Permission ?? null })),
      versioningEnabled: versioning.Status === 'Enabled',
      bucketVersioningMFADelete: versioning.MFADelete === 'Enabled',
      loggingEnabled: logging !== undefined,
      loggingTargetBucket: logging?.TargetBucket ?? null,
      loggingTargetPrefix: logging?.TargetPrefix ?? null,
    };
  });
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
