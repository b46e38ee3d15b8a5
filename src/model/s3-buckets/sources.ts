import { REGION_NAME } from '../../sources/layout.js';
import { aws } from '../../sources/shape.js';
import { defineSource, type SdkBinding, type SourceSpec } from '../../sources/source.js';

const s3Sdk = (paginate?: SdkBinding['paginate']): SdkBinding => ({ load: () => import('@aws-sdk/client-s3'), client: 'S3Client', ...(paginate ? { paginate } : {}) });

/** Every bucket of the account, whatever its region (S3 lists them globally), with the region its own calls go to. */
export const listBuckets = defineSource({
  id: 's3api/list-buckets',
  service: 's3api',
  command: 'list-buckets',
  operation: 'ListBuckets',
  permissions: ['s3:ListAllMyBuckets'],
  scope: 'account',
  gives: 'the buckets of the account and the region of each (CIS 2.1.1 to 2.1.4)',
  sdk: s3Sdk({ inputToken: 'ContinuationToken', outputToken: 'ContinuationToken', resultKeys: ['Buckets'] }),
  shape: aws.object({
    Buckets: aws.list(aws.object({ Name: aws.string(), CreationDate: aws.timestamp().optional(), BucketRegion: aws.string().regex(REGION_NAME, 'expected a region name') })).optional(),
  }),
});

export interface ListBucketsValue {
  Buckets?: { Name: string; CreationDate?: string; BucketRegion: string }[];
}

const bucketsOf = (parent: unknown) => (parent as ListBucketsValue).Buckets ?? [];

/** One call per bucket the listing names, sent to the bucket's own region (S3 answers a request to another region with a redirect). */
const perBucket = {
  parent: listBuckets,
  keys: (parent: unknown) => bucketsOf(parent).map((bucket) => bucket.Name),
  param: 'Bucket',
  cliParam: '--bucket',
  region: (parent: unknown, key: string) => bucketsOf(parent).find((bucket) => bucket.Name === key)?.BucketRegion,
};

const bucketSource = (spec: Omit<SourceSpec, 'scope' | 'perResource' | 'sdk' | 'id' | 'service'>) =>
  defineSource({ ...spec, id: `s3api/${spec.command}`, service: 's3api', scope: 'account', perResource: perBucket, sdk: { ...s3Sdk(), input: (context) => ({ Bucket: context.key }) } });

export const getBucketPolicy = bucketSource({
  command: 'get-bucket-policy',
  operation: 'GetBucketPolicy',
  permissions: ['s3:GetBucketPolicy'],
  gives: "each bucket's policy (CIS 2.1.1)",
  notConfigured: ['NoSuchBucketPolicy'],
  shape: aws.object({ Policy: aws.string() }),
});

const grantee = aws.object({ Type: aws.string(), URI: aws.string().optional(), ID: aws.string().optional(), DisplayName: aws.string().optional(), EmailAddress: aws.string().optional() });

export const getBucketAcl = bucketSource({
  command: 'get-bucket-acl',
  operation: 'GetBucketAcl',
  permissions: ['s3:GetBucketAcl'],
  gives: "each bucket's access control list (public grants)",
  shape: aws.object({ Grants: aws.list(aws.object({ Grantee: grantee.optional(), Permission: aws.string().optional() })).optional() }),
});

const flag = aws.boolean().optional();

export const getPublicAccessBlock = bucketSource({
  command: 'get-public-access-block',
  operation: 'GetPublicAccessBlock',
  permissions: ['s3:GetBucketPublicAccessBlock'],
  gives: "each bucket's Block Public Access settings (CIS 2.1.4)",
  notConfigured: ['NoSuchPublicAccessBlockConfiguration'],
  shape: aws.object({ PublicAccessBlockConfiguration: aws.object({ BlockPublicAcls: flag, IgnorePublicAcls: flag, BlockPublicPolicy: flag, RestrictPublicBuckets: flag }) }),
});

export const getBucketEncryption = bucketSource({
  command: 'get-bucket-encryption',
  operation: 'GetBucketEncryption',
  permissions: ['s3:GetEncryptionConfiguration'],
  gives: "each bucket's default encryption",
  notConfigured: ['ServerSideEncryptionConfigurationNotFoundError'],
  shape: aws.object({
    ServerSideEncryptionConfiguration: aws.object({
      Rules: aws.list(aws.object({ ApplyServerSideEncryptionByDefault: aws.object({ SSEAlgorithm: aws.string(), KMSMasterKeyID: aws.string().optional() }).optional(), BucketKeyEnabled: aws.boolean().optional() })),
    }),
  }),
});

export const getBucketVersioning = bucketSource({
  command: 'get-bucket-versioning',
  operation: 'GetBucketVersioning',
  permissions: ['s3:GetBucketVersioning'],
  gives: "each bucket's versioning and MFA delete (CIS 2.1.2)",
  // A bucket never versioned answers nothing: `{}`.
  shape: aws.object({ Status: aws.string().optional(), MFADelete: aws.string().optional() }),
});

export const getBucketLogging = bucketSource({
  command: 'get-bucket-logging',
  operation: 'GetBucketLogging',
  permissions: ['s3:GetBucketLogging'],
  gives: "each bucket's server access logging (CIS 3.4)",
  shape: aws.object({ LoggingEnabled: aws.object({ TargetBucket: aws.string(), TargetPrefix: aws.string().optional() }).optional() }),
});

/** The account's Block Public Access settings, which apply to every bucket (S3 Control takes the account id). */
export const getAccountPublicAccessBlock = defineSource({
  id: 's3control/get-public-access-block',
  service: 's3control',
  command: 'get-public-access-block',
  operation: 'GetPublicAccessBlock',
  permissions: ['s3:GetAccountPublicAccessBlock'],
  scope: 'account',
  gives: "the account's S3 Block Public Access settings (CIS 2.1.4)",
  notConfigured: ['NoSuchPublicAccessBlockConfiguration'],
  sdk: { load: () => import('@aws-sdk/client-s3-control'), client: 'S3ControlClient', input: async (context) => ({ AccountId: await context.accountId() }) },
  shape: aws.object({ PublicAccessBlockConfiguration: aws.object({ BlockPublicAcls: flag, IgnorePublicAcls: flag, BlockPublicPolicy: flag, RestrictPublicBuckets: flag }) }),
});

export interface PublicAccessBlockValue {
  PublicAccessBlockConfiguration: { BlockPublicAcls?: boolean; IgnorePublicAcls?: boolean; BlockPublicPolicy?: boolean; RestrictPublicBuckets?: boolean };
}
export interface BucketPolicyValue {
  Policy: string;
}
export interface BucketAclValue {
  Grants?: { Grantee?: { Type: string; URI?: string; ID?: string; EmailAddress?: string }; Permission?: string }[];
}
export interface BucketEncryptionValue {
  ServerSideEncryptionConfiguration: { Rules: { ApplyServerSideEncryptionByDefault?: { SSEAlgorithm: string; KMSMasterKeyID?: string }; BucketKeyEnabled?: boolean }[] };
}
export interface BucketVersioningValue {
  Status?: string;
  MFADelete?: string;
}
export interface BucketLoggingValue {
  LoggingEnabled?: { TargetBucket: string; TargetPrefix?: string };
}
