import { logs, s3ObjectEventsOf, type TrailSelectors } from '../cloudtrail/s3-data-events.js';
import { defineModule, many, one, type GraphView } from '../module.js';
import { BUCKET_FIELDS, BUCKET_PARTS, PUBLIC_ACCESS_BLOCK_FIELDS, accountFlags, allOn, bucketRows, partField } from './buckets.js';
import { getAccountPublicAccessBlock, getBucketAcl, getBucketEncryption, getBucketLogging, getBucketPolicy, getBucketVersioning, getPublicAccessBlock, listBuckets } from './sources.js';

/** The fields fed by per-bucket answers, resolved through the row (see BUCKET_PARTS). */
const partRelations = Object.fromEntries(
  BUCKET_PARTS.flatMap((part) => Object.entries(part.types)).map(([field, type]) => {
    const resolve = (row: Record<string, unknown>) => partField(row, field);
    return [field, type.startsWith('[') ? many(type.slice(1, -1), resolve as (row: Record<string, unknown>) => unknown[]) : one(type, resolve)];
  }),
);

/**
 * Some trail logs the bucket's object-level events of that kind: one that
 * is logging (a stopped trail records nothing), and multi-region or of the
 * bucket's own region (S3 data events are recorded in the bucket's region).
 */
function objectEventsLogged(bucket: Record<string, unknown>, graph: GraphView, want: 'read' | 'write'): boolean {
  return graph.rows('Trail').some((trail) => {
    if ((trail.status as { isLogging: boolean }).isLogging !== true) return false;
    if (trail.isMultiRegionTrail !== true && trail.homeRegion !== bucket.region) return false;
    return logs(s3ObjectEventsOf(trail as unknown as TrailSelectors, bucket.name as string), want);
  });
}

const BUCKET_SOURCES = [listBuckets, getAccountPublicAccessBlock, getBucketPolicy, getBucketAcl, getPublicAccessBlock, getBucketEncryption, getBucketVersioning, getBucketLogging];

/**
 * S3 buckets (listed globally, each read in its own region) and the
 * account's Block Public Access settings (S3 Control).
 */
export default defineModule({
  name: 's3-buckets',
  sdl: /* GraphQL */ `
    "An S3 bucket. Buckets are listed for the whole account: a bucket in a region out of the connector's scope is shown too."
    type Bucket implements Asset {
      "The bucket's ARN."
      id: ID!
      name: String
      arn: String!
      "The region the bucket is in (\`BucketRegion\` of list-buckets)."
      region: String!
      creationDate: String
      "The bucket's own Block Public Access settings; null when it has none."
      publicAccessBlock: S3PublicAccessBlock
      "All four Block Public Access settings apply: each is on at the bucket or at the account (as S3 combines them)."
      publicAccessBlocked: Boolean!
      "A default encryption rule applies (SSE-S3, SSE-KMS or DSSE-KMS)."
      encrypted: Boolean!
      "The default encryption rules (empty when none is configured)."
      encryptionRules: [BucketEncryptionRule!]!
      "The bucket policy as statements; null when the bucket has no policy."
      bucketPolicy: BucketPolicy
      "The bucket policy as written (JSON text); null when none."
      policyDocument: String
      "The grants of the bucket's access control list."
      hasBucketACLGrant: [BucketACLGrant!]!
      "Versioning is \`Enabled\` (not \`Suspended\`, not never set)."
      versioningEnabled: Boolean!
      "MFA delete is \`Enabled\`."
      bucketVersioningMFADelete: Boolean!
      "Server access logging is on."
      loggingEnabled: Boolean!
      "Where access logs go, when on."
      loggingTargetBucket: String
      loggingTargetPrefix: String
      "The trails that deliver their log files to this bucket (\`S3BucketName\`)."
      trails: [Trail!]!
      "A trail that is logging, multi-region or of the bucket's region, logs the object-level write events (\`PutObject\`, \`DeleteObject\`, ...) of every object of the bucket (CIS 3.8)."
      objectLevelWriteEventsLogged: Boolean!
      "The same for object-level read events (\`GetObject\`, ...) (CIS 3.9)."
      objectLevelReadEventsLogged: Boolean!
      accountId: String!
      provider: String!
      cloudProvider: String!
      connector: Connector!
    }

    "The four S3 Block Public Access settings (an absent one is off)."
    type S3PublicAccessBlock {
      blockPublicAcls: Boolean!
      ignorePublicAcls: Boolean!
      blockPublicPolicy: Boolean!
      restrictPublicBuckets: Boolean!
    }

    "A bucket policy."
    type BucketPolicy {
      statements: [IAMPolicyStatement!]!
    }

    "A default encryption rule of a bucket."
    type BucketEncryptionRule {
      "\`AES256\` (SSE-S3), \`aws:kms\` or \`aws:kms:dsse\`."
      sseAlgorithm: String
      "The KMS key (ARN or id) for SSE-KMS, when one is named: a value, not a relation."
      kmsMasterKeyID: String
      bucketKeyEnabled: Boolean
    }

    "One grant of a bucket's access control list."
    type BucketACLGrant {
      "\`CanonicalUser\`, \`Group\` or \`AmazonCustomerByEmail\`."
      granteeType: String
      "For a group: \`http://acs.amazonaws.com/groups/global/AllUsers\` (anyone), \`.../AuthenticatedUsers\` (any AWS account), \`http://acs.amazonaws.com/groups/s3/LogDelivery\`."
      granteeURI: String
      "For a canonical user: its canonical id."
      granteeID: String
      "\`FULL_CONTROL\`, \`READ\`, \`WRITE\`, \`READ_ACP\` or \`WRITE_ACP\`."
      permission: String
    }

    "The account's S3 settings (S3 Control)."
    type S3AccountSettings implements Asset {
      "\`<account id>/s3-account-settings\`."
      id: ID!
      name: String
      "The account's Block Public Access settings; null when it has none."
      publicAccessBlock: S3PublicAccessBlock
      "All four settings are on at the account: every bucket's public access is blocked."
      publicAccessBlocked: Boolean!
      accountId: String!
      provider: String!
      cloudProvider: String!
      connector: Connector!
    }

    extend type Trail {
      "The bucket the trail delivers to, when it is one of this account's; null when it is another account's (an organization's log archive)."
      bucket: Bucket
    }

    extend type Connector {
      "The account's buckets (all regions)."
      buckets: [Bucket!]!
      "The account-level S3 Block Public Access settings (s3control); null when none are configured."
      s3PublicAccessBlock: S3PublicAccessBlock
      "All four account-level settings are on."
      s3PublicAccessBlocked: Boolean!
    }
  `,
  sources: BUCKET_SOURCES,
  types: {
    Bucket: {
      root: 'buckets',
      description: 'S3 buckets of every region (listed globally), with their policy, ACL, Block Public Access, encryption, versioning and logging.',
      needs: BUCKET_SOURCES,
      fields: BUCKET_FIELDS,
      rows: bucketRows,
    },
    S3AccountSettings: {
      root: 's3AccountSettings',
      description: "The account's S3 Block Public Access settings (S3 Control), one per account.",
      needs: [getAccountPublicAccessBlock],
      fields: ['id', 'name', 'publicAccessBlock', 'publicAccessBlocked'],
      rows: (view) => {
        const flags = accountFlags(view);
        return [{ id: `${view.accountId}/s3-account-settings`, name: view.accountName, publicAccessBlock: flags, publicAccessBlocked: allOn(flags) }];
      },
    },
  },
  values: {
    S3PublicAccessBlock: PUBLIC_ACCESS_BLOCK_FIELDS,
    BucketPolicy: ['statements'],
    BucketEncryptionRule: ['sseAlgorithm', 'kmsMasterKeyID', 'bucketKeyEnabled'],
    BucketACLGrant: ['granteeType', 'granteeURI', 'granteeID', 'permission'],
  },
  relations: {
    Bucket: {
      ...partRelations,
      trails: many('Trail', (bucket, graph) => graph.index('Trail', (trail) => trail.s3BucketName as string | undefined).get(bucket.name as string) ?? []),
      objectLevelWriteEventsLogged: one('Boolean', (bucket, graph) => objectEventsLogged(bucket, graph, 'write'), ['Trail']),
      objectLevelReadEventsLogged: one('Boolean', (bucket, graph) => objectEventsLogged(bucket, graph, 'read'), ['Trail']),
    },
    Trail: {
      bucket: one('Bucket', (trail, graph) => graph.index('Bucket', (bucket) => bucket.name as string).get(trail.s3BucketName as string)?.[0] ?? null),
    },
    Connector: {
      buckets: many('Bucket', (_connector, graph) => graph.rows('Bucket')),
      s3PublicAccessBlock: one('S3PublicAccessBlock', (_connector, graph) => graph.rows('S3AccountSettings')[0]?.publicAccessBlock ?? null, ['S3AccountSettings']),
      s3PublicAccessBlocked: one('Boolean', (_connector, graph) => graph.rows('S3AccountSettings')[0]?.publicAccessBlocked === true, ['S3AccountSettings']),
    },
  },
});
