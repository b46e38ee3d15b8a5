import { describe } from '../../sources/shape.js';
import { PolicyDocumentError, isPlainObject, keyOf } from './document-error.js';
import { stringList } from './string-list.js';

/** One entry of a statement's `Principal` (or `NotPrincipal`). */
export interface IAMPolicyPrincipal {
  /** `AWS`, `Service`, `Federated`, `CanonicalUser`. */
  type: string;
  /** `*`, an account id, an ARN, a service or provider name. */
  value: string;
  /** The 12-digit account the principal belongs to (a bare account id, or the account field of an ARN); null when it names none. */
  accountId: string | null;
  /** Anyone (`*`), or an AWS principal of an account other than the policy's own. */
  otherAccount: boolean;
}

const ACCOUNT_ID = /^\d{12}$/;
/** `arn:<partition>:<service>:<region>:<account>:<resource>`: the account is the fifth field. */
const ARN_ACCOUNT = /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/;

/**
 * `Principal` as IAM takes it: `"*"` (anyone, which IAM reads as
 * `{"AWS": "*"}`), or an object of principal types, each a string or a list.
 */
export function readPrincipals(value: unknown, where: string, ownAccountId: string): IAMPolicyPrincipal[] {
  if (value === undefined) return [];
  if (value === '*') return [principal('AWS', '*', ownAccountId)];
  if (!isPlainObject(value)) throw new PolicyDocumentError(where, `expected "*" or an object of principal types, found ${describe(value)}`);
  return Object.entries(value).flatMap(([type, values]) => stringList(values, `${where}.${keyOf(type)}`).map((item) => principal(type, item, ownAccountId)));
}

function principal(type: string, value: string, ownAccountId: string): IAMPolicyPrincipal {
  const accountId = ACCOUNT_ID.test(value) ? value : (ARN_ACCOUNT.exec(value)?.[1] ?? null);
  // A unique id (AROA..., AIDA...) stands for a principal deleted since: it names no account, and nobody can use it.
  const otherAccount = type === 'AWS' && (value === '*' || (accountId !== null && accountId !== ownAccountId));
  return { type, value, accountId, otherAccount };
}

/** `TYPE|value`, the form the public catalogues filter on (`AWS|*`, `Service|ec2.amazonaws.com`). */
export const principalText = (principal: IAMPolicyPrincipal): string => `${principal.type}|${principal.value}`;
