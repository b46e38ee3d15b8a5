import { defineModule, many } from '../module.js';
import { POLICY_STATEMENT_VALUES, STATEMENT_FIELDS } from '../policy-statements/index.js';
import { groupRelations, groupType } from './groups.js';
import { policyRelations, policyType } from './policies.js';
import { roleRelations, roleType } from './roles.js';
import { AUTHORIZATION_SDL } from './sdl.js';
import { getAccountAuthorizationDetails } from './sources.js';
import { userRelations } from './users.js';
import { VALUE_FIELDS } from './values.js';

/**
 * IAM as a graph, from one paginated call per account
 * (GetAccountAuthorizationDetails): groups, roles and policies with their
 * statements, and the groups, policies, boundary and tags of the credential
 * report's users. References inside the details must resolve (an attachment
 * to a policy the details do not list is the account's ERROR); references
 * that may leave the account (a trusted principal of another account) are
 * values.
 */
export default defineModule({
  name: 'iam-authorization',
  sdl: AUTHORIZATION_SDL,
  sources: [getAccountAuthorizationDetails],
  types: { IAMGroup: groupType, IAMRole: roleType, IAMPolicy: policyType },
  values: {
    ...POLICY_STATEMENT_VALUES,
    IAMAssumeRolePolicyStatement: [...STATEMENT_FIELDS, 'hasIAMAssumeRolePolicyPrincipal'],
    ...VALUE_FIELDS,
  },
  relations: {
    IAMGroup: groupRelations,
    IAMRole: roleRelations,
    IAMPolicy: policyRelations,
    IAMUser: userRelations,
    Connector: {
      iamUsers: many('IAMUser', (_connector, graph) => graph.rows('IAMUser')),
      iamGroups: many('IAMGroup', (_connector, graph) => graph.rows('IAMGroup')),
      iamRoles: many('IAMRole', (_connector, graph) => graph.rows('IAMRole')),
      iamPolicies: many('IAMPolicy', (_connector, graph) => graph.rows('IAMPolicy')),
    },
  },
});
