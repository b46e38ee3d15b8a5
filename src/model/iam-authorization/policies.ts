import { many, type AssetType, type GraphView, type Relation } from '../module.js';
import { authorizationIn, authorizationOf, type PolicyEntry } from './authorization.js';
import { oncePerRow, rowsWithIds } from './graph-rows.js';
import { getAccountAuthorizationDetails } from './sources.js';
import { reportUsers } from './users.js';

/** Where a row keeps its entry (who it is attached to), for the relations below: a symbol, never a field. */
const ENTRY = Symbol('policy entry');

function policyRow(policy: PolicyEntry): Record<string, unknown> {
  const managed = policy.managed;
  const attachmentCount = managed ? managed.AttachmentCount : 1;
  return {
    id: policy.id,
    name: policy.name,
    policyName: policy.name,
    arn: managed?.Arn ?? null,
    policyId: managed?.PolicyId ?? null,
    path: managed?.Path ?? null,
    policyType: policy.policyType,
    attachmentCount,
    permissionsBoundaryUsageCount: managed ? (managed.PermissionsBoundaryUsageCount ?? null) : null,
    attached: attachmentCount > 0,
    isAttachable: managed?.IsAttachable ?? false,
    defaultVersionId: managed?.DefaultVersionId ?? null,
    description: managed?.Description ?? null,
    createDate: managed?.CreateDate ?? null,
    updateDate: managed?.UpdateDate ?? null,
    policyDocument: policy.documentText,
    internalName: policy.id,
    iamPolicyStatements: policy.statements,
    hasIAMPolicyStatement: policy.statements,
    [ENTRY]: policy,
  };
}

export const policyType: AssetType = {
  root: 'iamPolicies',
  description: 'IAM policies: managed ones the account uses or owns, and every inline policy of its users, groups and roles.',
  needs: [getAccountAuthorizationDetails],
  fields: [
    'id', 'name', 'policyName', 'arn', 'policyId', 'path', 'policyType', 'attachmentCount', 'permissionsBoundaryUsageCount', 'attached', 'isAttachable',
    'defaultVersionId', 'description', 'createDate', 'updateDate', 'policyDocument', 'internalName', 'iamPolicyStatements', 'hasIAMPolicyStatement',
  ],
  rows: (view) => authorizationOf(view).policies.map(policyRow),
};

const entry = (row: Record<string | symbol, unknown>) => row[ENTRY] as PolicyEntry;

export const policyRelations: Record<string, Relation> = {
  iamUsers: many('IAMUser', oncePerRow((policy, graph) => reportUsers(graph, entry(policy).users))),
  iamGroups: many('IAMGroup', oncePerRow((policy, graph) => rowsWithIds(graph, 'IAMGroup', entry(policy).groups))),
  iamRoles: many('IAMRole', oncePerRow((policy, graph) => rowsWithIds(graph, 'IAMRole', entry(policy).roles))),
};

/** The IAMPolicy rows attached to (or inline in) a user, group or role. */
export function policiesOf(graph: GraphView, ownerArn: string): Record<string, unknown>[] {
  const policies = authorizationIn(graph).policiesOf.get(ownerArn) ?? [];
  return rowsWithIds(graph, 'IAMPolicy', policies.map((policy) => policy.id));
}
