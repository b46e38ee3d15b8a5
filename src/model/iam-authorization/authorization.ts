import { ConnectorError } from '../../sources/connector.js';
import type { GraphView, SourceView } from '../module.js';
import { PolicyDocumentError, readPolicyStatements, type IAMPolicyStatement } from '../policy-statements/index.js';
import {
  getAccountAuthorizationDetails,
  type AttachedPolicyValue,
  type AuthorizationDetailsValue,
  type GroupDetailValue,
  type InlinePolicyValue,
  type ManagedPolicyValue,
  type RoleDetailValue,
  type UserDetailValue,
} from './sources.js';

/** A policy as the graph shows it: managed (AWS or customer) or inline, with its default version's statements. */
export interface PolicyEntry {
  id: string;
  policyType: 'AWS' | 'Custom' | 'Inline';
  name: string;
  managed: ManagedPolicyValue | null;
  /** The default version's document (managed), or the inline document, as JSON text. */
  documentText: string;
  statements: IAMPolicyStatement[];
  /** The users, groups and roles it is attached to (inline: its one owner), by ARN. */
  users: string[];
  groups: string[];
  roles: string[];
}

/** A trust statement, with its principals as objects under the name the public catalogues filter on. */
export type TrustStatement = IAMPolicyStatement & { hasIAMAssumeRolePolicyPrincipal: IAMPolicyStatement['principalList'] };

export interface RoleEntry {
  detail: RoleDetailValue;
  trust: TrustStatement[];
  trustText: string;
}

/**
 * One account's authorization details, read once: every policy (managed and
 * inline) with its statements, and who is attached to what. References the
 * details keep inside themselves must resolve, or the whole family is the
 * account's ERROR: an attachment to a policy the details do not list (what
 * would it grant?), a group a user's GroupList names that is not there.
 */
export interface Authorization {
  users: readonly UserDetailValue[];
  groups: readonly GroupDetailValue[];
  roles: readonly RoleEntry[];
  policies: readonly PolicyEntry[];
  userByArn: ReadonlyMap<string, UserDetailValue>;
  /** Policies attached to (or inline in) a user, group or role, by its ARN. */
  policiesOf: ReadonlyMap<string, readonly PolicyEntry[]>;
  /** A user's groups, by user ARN; a group's members (user ARNs), by group ARN. */
  groupsOfUser: ReadonlyMap<string, readonly GroupDetailValue[]>;
  membersOf: ReadonlyMap<string, readonly string[]>;
}

interface Context {
  connectorId: string;
  accountId: string;
  origin: string;
}

/** Read once per loaded value: the rows of every type, and every relation, share it. */
const read = new WeakMap<object, { authorization: Authorization } | { error: unknown }>();

/** For row builders. */
export function authorizationOf(view: SourceView): Authorization {
  return memo(view.value(getAccountAuthorizationDetails), { connectorId: view.connectorId, accountId: view.accountId, origin: view.origin(getAccountAuthorizationDetails) });
}

/** For relations (their `via` names a type built from the details, so the source is loaded). */
export function authorizationIn(graph: GraphView): Authorization {
  const { value, origin } = graph.read(getAccountAuthorizationDetails);
  return memo(value, { connectorId: graph.connectorId, accountId: graph.connector().accountId as string, origin });
}

function memo(value: unknown, context: Context): Authorization {
  const key = value as object;
  let entry = read.get(key);
  if (!entry) {
    try {
      entry = { authorization: build(value as AuthorizationDetailsValue, context) };
    } catch (error) {
      entry = { error };
    }
    read.set(key, entry);
  }
  if ('error' in entry) throw entry.error;
  return entry.authorization;
}

/** The id of an inline policy, which has no ARN: its owner's ARN and its name (unique per owner). */
export const inlinePolicyId = (ownerArn: string, name: string) => `${ownerArn}/inline-policy/${name}`;

function build(details: AuthorizationDetailsValue, context: Context): Authorization {
  const fail = (code: string, message: string): never => {
    throw new ConnectorError(context.connectorId, code, `${context.origin}: ${message}`);
  };
  const statementsOf = (document: unknown, what: string): IAMPolicyStatement[] => {
    try {
      return readPolicyStatements(document, context);
    } catch (error) {
      if (!(error instanceof PolicyDocumentError)) throw error;
      return fail('PolicyDocumentMalformed', `${what}: ${error.message} (not a policy document)`);
    }
  };

  const policies: PolicyEntry[] = [];
  const managedByArn = new Map<string, PolicyEntry>();
  details.Policies.forEach((policy, i) => {
    const where = `Policies[${i}] (${cut(policy.Arn)})`;
    const version = policy.PolicyVersionList.find((v) => v.IsDefaultVersion) ?? fail('PolicyDocumentMalformed', `${where}: no PolicyVersionList entry is the default version (${cut(policy.DefaultVersionId)})`);
    const entry: PolicyEntry = {
      id: policy.Arn,
      policyType: isAwsManaged(policy.Arn) ? 'AWS' : 'Custom',
      name: policy.PolicyName,
      managed: policy,
      documentText: JSON.stringify(version.Document),
      statements: statementsOf(version.Document, `${where} version ${cut(version.VersionId)}`),
      users: [],
      groups: [],
      roles: [],
    };
    if (managedByArn.has(policy.Arn)) fail('AuthorizationDetailsMalformed', `${where}: listed twice`);
    managedByArn.set(policy.Arn, entry);
    policies.push(entry);
  });

  const policiesOf = new Map<string, PolicyEntry[]>();
  const attach = (kind: 'users' | 'groups' | 'roles', ownerArn: string, where: string, attached: readonly AttachedPolicyValue[] = [], inline: readonly InlinePolicyValue[] = []) => {
    const own: PolicyEntry[] = [];
    attached.forEach((attachment, i) => {
      const policy = managedByArn.get(attachment.PolicyArn);
      if (!policy) {
        throw new ConnectorError(context.connectorId, 'DanglingReference', `${context.origin}: ${where}.AttachedManagedPolicies[${i}]: ${cut(attachment.PolicyArn)} is attached to ${cut(ownerArn)} but is not among the account's Policies (what it grants cannot be read)`);
      }
      policy[kind].push(ownerArn);
      own.push(policy);
    });
    inline.forEach((policy, i) => {
      const entry: PolicyEntry = {
        id: inlinePolicyId(ownerArn, policy.PolicyName),
        policyType: 'Inline',
        name: policy.PolicyName,
        managed: null,
        documentText: JSON.stringify(policy.PolicyDocument),
        statements: statementsOf(policy.PolicyDocument, `${where} inline policy ${i} (${cut(policy.PolicyName)})`),
        users: [],
        groups: [],
        roles: [],
      };
      entry[kind].push(ownerArn);
      own.push(entry);
      policies.push(entry);
    });
    policiesOf.set(ownerArn, own);
  };

  const groupByName = new Map<string, GroupDetailValue>();
  details.GroupDetailList.forEach((group, i) => {
    groupByName.set(group.GroupName, group);
    attach('groups', group.Arn, `GroupDetailList[${i}]`, group.AttachedManagedPolicies, group.GroupPolicyList);
  });

  const userByArn = new Map<string, UserDetailValue>();
  const groupsOfUser = new Map<string, GroupDetailValue[]>();
  const membersOf = new Map<string, string[]>(details.GroupDetailList.map((group) => [group.Arn, []]));
  details.UserDetailList.forEach((user, i) => {
    userByArn.set(user.Arn, user);
    attach('users', user.Arn, `UserDetailList[${i}]`, user.AttachedManagedPolicies, user.UserPolicyList);
    const groups = (user.GroupList ?? []).map((name, g) => {
      const group = groupByName.get(name);
      if (!group) {
        throw new ConnectorError(context.connectorId, 'DanglingReference', `${context.origin}: UserDetailList[${i}].GroupList[${g}]: user ${cut(user.Arn)} is a member of group ${cut(name)}, which is not in GroupDetailList`);
      }
      membersOf.get(group.Arn)!.push(user.Arn);
      return group;
    });
    groupsOfUser.set(user.Arn, groups);
  });

  const roles = details.RoleDetailList.map((role, i): RoleEntry => {
    attach('roles', role.Arn, `RoleDetailList[${i}]`, role.AttachedManagedPolicies, role.RolePolicyList);
    const trust = statementsOf(role.AssumeRolePolicyDocument, `RoleDetailList[${i}] (${cut(role.Arn)}) AssumeRolePolicyDocument`);
    return { detail: role, trust: trust.map((statement) => ({ ...statement, hasIAMAssumeRolePolicyPrincipal: statement.principalList })), trustText: JSON.stringify(role.AssumeRolePolicyDocument) };
  });

  return { users: details.UserDetailList, groups: details.GroupDetailList, roles, policies, userByArn, policiesOf, groupsOfUser, membersOf };
}

/** AWS managed policies live in the `aws` account of their partition: `arn:aws:iam::aws:policy/...`. */
const isAwsManaged = (arn: string) => /^arn:[^:]+:iam::aws:policy\//.test(arn);

/** A name from the data, for a message: AWS bounds ARNs and names, a file need not. */
export const cut = (text: string) => (text.length > 200 ? `${text.slice(0, 200)}...` : text);
