import { z } from 'zod';
import { decodePolicyDocument } from '../../sources/canonical.js';
import { aws } from '../../sources/shape.js';
import { defineSource } from '../../sources/source.js';

/** The members IAM answers URL-encoded and the AWS CLI prints decoded, wherever they sit (a role inside an instance profile too). */
const DOCUMENT_MEMBERS = new Set(['PolicyDocument', 'AssumeRolePolicyDocument', 'Document']);

/** What the AWS CLI does to the answer beyond the generic conversion: every policy document decoded to JSON. */
function decodeDocuments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeDocuments);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, DOCUMENT_MEMBERS.has(key) ? decodePolicyDocument(item) : decodeDocuments(item)]));
}

const inlinePolicy = aws.object({ PolicyName: aws.string(), PolicyDocument: z.unknown() });
const attachedPolicy = aws.object({ PolicyName: aws.string(), PolicyArn: aws.string() });
const tag = aws.object({ Key: aws.string(), Value: aws.string() });
const boundary = aws.object({ PermissionsBoundaryType: aws.string(), PermissionsBoundaryArn: aws.string() });
const entity = { Path: aws.string(), Arn: aws.string(), CreateDate: aws.timestamp() };

/**
 * Every user, group, role and managed policy of the account with their
 * documents and attachments, in one paginated call (not one per user and
 * role). Lists IAM leaves out of an answer read as empty.
 */
export const getAccountAuthorizationDetails = defineSource({
  id: 'iam/get-account-authorization-details',
  service: 'iam',
  command: 'get-account-authorization-details',
  operation: 'GetAccountAuthorizationDetails',
  permissions: ['iam:GetAccountAuthorizationDetails'],
  scope: 'account',
  gives: 'users, groups, roles and managed policies with their documents, attachments, memberships and trust policies (CIS 1.15-1.17, 1.22)',
  sdk: {
    load: () => import('@aws-sdk/client-iam'),
    client: 'IAMClient',
    paginate: { inputToken: 'Marker', outputToken: 'Marker', moreResults: 'IsTruncated', resultKeys: ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'] },
    toCli: (value) => decodeDocuments(value) as Record<string, unknown>,
  },
  shape: aws.object({
    UserDetailList: aws.list(
      aws.object({
        ...entity,
        UserName: aws.string(),
        UserId: aws.string(),
        UserPolicyList: aws.list(inlinePolicy).optional(),
        GroupList: aws.list(aws.string()).optional(),
        AttachedManagedPolicies: aws.list(attachedPolicy).optional(),
        PermissionsBoundary: boundary.optional(),
        Tags: aws.list(tag).optional(),
      }),
    ),
    GroupDetailList: aws.list(
      aws.object({
        ...entity,
        GroupName: aws.string(),
        GroupId: aws.string(),
        GroupPolicyList: aws.list(inlinePolicy).optional(),
        AttachedManagedPolicies: aws.list(attachedPolicy).optional(),
      }),
    ),
    RoleDetailList: aws.list(
      aws.object({
        ...entity,
        RoleName: aws.string(),
        RoleId: aws.string(),
        AssumeRolePolicyDocument: z.unknown(),
        InstanceProfileList: aws.list(aws.object({ ...entity, InstanceProfileName: aws.string(), InstanceProfileId: aws.string() })).optional(),
        RolePolicyList: aws.list(inlinePolicy).optional(),
        AttachedManagedPolicies: aws.list(attachedPolicy).optional(),
        PermissionsBoundary: boundary.optional(),
        Tags: aws.list(tag).optional(),
        RoleLastUsed: aws.object({ LastUsedDate: aws.timestamp().optional(), Region: aws.string().optional() }).optional(),
      }),
    ),
    Policies: aws.list(
      aws.object({
        ...entity,
        PolicyName: aws.string(),
        PolicyId: aws.string(),
        DefaultVersionId: aws.string(),
        AttachmentCount: aws.integer(),
        PermissionsBoundaryUsageCount: aws.integer().optional(),
        IsAttachable: aws.boolean(),
        Description: aws.string().optional(),
        UpdateDate: aws.timestamp().optional(),
        PolicyVersionList: aws.list(aws.object({ Document: z.unknown(), VersionId: aws.string(), IsDefaultVersion: aws.boolean(), CreateDate: aws.timestamp().optional() })),
      }),
    ),
  }),
});

export interface InlinePolicyValue {
  PolicyName: string;
  PolicyDocument: unknown;
}
export interface AttachedPolicyValue {
  PolicyName: string;
  PolicyArn: string;
}
export interface TagValue {
  Key: string;
  Value: string;
}
export interface BoundaryValue {
  PermissionsBoundaryType: string;
  PermissionsBoundaryArn: string;
}
interface EntityValue {
  Path: string;
  Arn: string;
  CreateDate: string;
}
export interface UserDetailValue extends EntityValue {
  UserName: string;
  UserId: string;
  UserPolicyList?: InlinePolicyValue[];
  GroupList?: string[];
  AttachedManagedPolicies?: AttachedPolicyValue[];
  PermissionsBoundary?: BoundaryValue;
  Tags?: TagValue[];
}
export interface GroupDetailValue extends EntityValue {
  GroupName: string;
  GroupId: string;
  GroupPolicyList?: InlinePolicyValue[];
  AttachedManagedPolicies?: AttachedPolicyValue[];
}
export interface InstanceProfileValue extends EntityValue {
  InstanceProfileName: string;
  InstanceProfileId: string;
}
export interface RoleDetailValue extends EntityValue {
  RoleName: string;
  RoleId: string;
  AssumeRolePolicyDocument: unknown;
  InstanceProfileList?: InstanceProfileValue[];
  RolePolicyList?: InlinePolicyValue[];
  AttachedManagedPolicies?: AttachedPolicyValue[];
  PermissionsBoundary?: BoundaryValue;
  Tags?: TagValue[];
  RoleLastUsed?: { LastUsedDate?: string; Region?: string };
}
export interface ManagedPolicyValue extends EntityValue {
  PolicyName: string;
  PolicyId: string;
  DefaultVersionId: string;
  AttachmentCount: number;
  PermissionsBoundaryUsageCount?: number;
  IsAttachable: boolean;
  Description?: string;
  UpdateDate?: string;
  PolicyVersionList: { Document: unknown; VersionId: string; IsDefaultVersion: boolean; CreateDate?: string }[];
}
export interface AuthorizationDetailsValue {
  UserDetailList: UserDetailValue[];
  GroupDetailList: GroupDetailValue[];
  RoleDetailList: RoleDetailValue[];
  Policies: ManagedPolicyValue[];
}
