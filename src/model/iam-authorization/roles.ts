import { many, type AssetType, type Relation } from '../module.js';
import { authorizationOf } from './authorization.js';
import { oncePerRow } from './graph-rows.js';
import { policiesOf } from './policies.js';
import { getAccountAuthorizationDetails } from './sources.js';
import { boundaryOf, tagsOf } from './values.js';

export const roleType: AssetType = {
  root: 'iamRoles',
  description: 'IAM roles, with their trust policies.',
  needs: [getAccountAuthorizationDetails],
  fields: [
    'id', 'name', 'arn', 'roleId', 'path', 'createDate', 'lastUsedDate', 'lastUsedRegion', 'tags', 'instanceProfiles', 'permissionsBoundary',
    'assumeRolePolicyDocument', 'hasIAMAssumeRolePolicyStatement',
  ],
  rows: (view) =>
    authorizationOf(view).roles.map(({ detail: role, trust, trustText }) => ({
      id: role.Arn,
      name: role.RoleName,
      arn: role.Arn,
      roleId: role.RoleId,
      path: role.Path,
      createDate: role.CreateDate,
      lastUsedDate: role.RoleLastUsed?.LastUsedDate ?? null,
      lastUsedRegion: role.RoleLastUsed?.Region ?? null,
      tags: tagsOf(role.Tags),
      instanceProfiles: (role.InstanceProfileList ?? []).map((profile) => ({ name: profile.InstanceProfileName, arn: profile.Arn, instanceProfileId: profile.InstanceProfileId, path: profile.Path })),
      permissionsBoundary: boundaryOf(role.PermissionsBoundary),
      assumeRolePolicyDocument: trustText,
      hasIAMAssumeRolePolicyStatement: trust,
    })),
};

export const roleRelations: Record<string, Relation> = {
  iamPolicies: many('IAMPolicy', oncePerRow((role, graph) => policiesOf(graph, role.arn as string))),
};
