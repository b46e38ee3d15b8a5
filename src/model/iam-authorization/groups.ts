import { many, type AssetType, type Relation } from '../module.js';
import { authorizationIn, authorizationOf } from './authorization.js';
import { oncePerRow } from './graph-rows.js';
import { policiesOf } from './policies.js';
import { getAccountAuthorizationDetails } from './sources.js';
import { reportUsers } from './users.js';

export const groupType: AssetType = {
  root: 'iamGroups',
  description: 'IAM groups.',
  needs: [getAccountAuthorizationDetails],
  fields: ['id', 'name', 'arn', 'groupId', 'path', 'createDate'],
  rows: (view) => authorizationOf(view).groups.map((group) => ({ id: group.Arn, name: group.GroupName, arn: group.Arn, groupId: group.GroupId, path: group.Path, createDate: group.CreateDate })),
};

export const groupRelations: Record<string, Relation> = {
  members: many('IAMUser', oncePerRow((group, graph) => reportUsers(graph, authorizationIn(graph).membersOf.get(group.arn as string) ?? []))),
  iamPolicies: many('IAMPolicy', oncePerRow((group, graph) => policiesOf(graph, group.arn as string))),
};
