import { describe } from '../../sources/shape.js';
import { readConditions, type IAMPolicyCondition } from './conditions.js';
import { PolicyDocumentError, isPlainObject } from './document-error.js';
import { principalText, readPrincipals, type IAMPolicyPrincipal } from './principals.js';
import { stringList } from './string-list.js';

/** One statement of a policy document, normalised: single values as lists, principals as `TYPE|value` and as objects. */
export interface IAMPolicyStatement {
  sid: string | null;
  effect: 'Allow' | 'Deny';
  actions: string[];
  notActions: string[];
  resources: string[];
  notResources: string[];
  principals: string[];
  notPrincipals: string[];
  conditions: IAMPolicyCondition[];
  /** An `Action` entry matches every action (`*`, `*:*`). */
  grantsAllActions: boolean;
  /** A `Resource` entry matches every resource (`*`). */
  onAllResources: boolean;
  /** `Principal` entries as objects, with the account each belongs to. */
  principalList: IAMPolicyPrincipal[];
}

/** What a document is read against: the account that owns the policy, to tell its principals from other accounts'. */
export interface PolicyContext {
  readonly accountId: string;
}

/** Only wildcards, with or without the `service:` colon: every action there is. */
const EVERY_ACTION = /^\*+(:\*+)?$/;
const EVERY_RESOURCE = /^\*+$/;

/**
 * The statements of a policy document, as IAM reads it: `Statement` is one
 * statement or a list, `Action` / `Resource` (and their `Not` forms) a
 * string or a list, `"Principal": "*"` is `AWS|*`. One reader for every
 * policy the project reads: identity and trust policies, and resource
 * policies (buckets, keys, queues). A document that is not a policy (not an
 * object, no `Statement`, a statement without a valid `Effect`, an element of
 * the wrong type) throws `PolicyDocumentError` naming where: never an empty
 * list, which a check would read as "grants nothing".
 */
export function readPolicyStatements(document: unknown, context: PolicyContext): IAMPolicyStatement[] {
  if (!isPlainObject(document)) throw new PolicyDocumentError('(document)', `expected a JSON object, found ${describe(document)}`);
  const statement = document.Statement;
  if (statement === undefined) throw new PolicyDocumentError('Statement', 'missing: a policy has a Statement');
  if (isPlainObject(statement)) return [readStatement(statement, 'Statement', context)];
  if (!Array.isArray(statement)) throw new PolicyDocumentError('Statement', `expected a statement or a list of statements, found ${describe(statement)}`);
  return statement.map((item, i) => {
    if (!isPlainObject(item)) throw new PolicyDocumentError(`Statement[${i}]`, `expected a statement object, found ${describe(item)}`);
    return readStatement(item, `Statement[${i}]`, context);
  });
}

function readStatement(statement: Record<string, unknown>, where: string, context: PolicyContext): IAMPolicyStatement {
  const { Sid, Effect } = statement;
  if (Effect !== 'Allow' && Effect !== 'Deny') {
    throw new PolicyDocumentError(`${where}.Effect`, Effect === undefined ? 'missing: a statement is Allow or Deny' : `expected "Allow" or "Deny", found ${describe(Effect)}`);
  }
  if (Sid !== undefined && typeof Sid !== 'string') throw new PolicyDocumentError(`${where}.Sid`, `expected a string, found ${describe(Sid)}`);
  const actions = stringList(statement.Action, `${where}.Action`);
  const notActions = stringList(statement.NotAction, `${where}.NotAction`);
  if (statement.Action !== undefined && statement.NotAction !== undefined) throw new PolicyDocumentError(where, 'has both Action and NotAction');
  if (statement.Action === undefined && statement.NotAction === undefined) throw new PolicyDocumentError(where, 'has neither Action nor NotAction');
  const resources = stringList(statement.Resource, `${where}.Resource`);
  const notResources = stringList(statement.NotResource, `${where}.NotResource`);
  if (statement.Resource !== undefined && statement.NotResource !== undefined) throw new PolicyDocumentError(where, 'has both Resource and NotResource');
  const principalList = readPrincipals(statement.Principal, `${where}.Principal`, context.accountId);
  const notPrincipalList = readPrincipals(statement.NotPrincipal, `${where}.NotPrincipal`, context.accountId);
  return {
    sid: Sid ?? null,
    effect: Effect,
    actions,
    notActions,
    resources,
    notResources,
    principals: principalList.map(principalText),
    notPrincipals: notPrincipalList.map(principalText),
    conditions: readConditions(statement.Condition, `${where}.Condition`),
    grantsAllActions: actions.some((action) => EVERY_ACTION.test(action)),
    onAllResources: resources.some((resource) => EVERY_RESOURCE.test(resource)),
    principalList,
  };
}
