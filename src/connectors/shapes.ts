import { z } from 'zod';
import type { AccountSummaryMap, AwsPasswordPolicy } from './types.js';

/**
 * Shape checks for what AWS answers, applied on both paths (SDK answers and
 * snapshot files) before anything is built from it: a value of the wrong
 * type is unreadable data, named, never a null that a filter skips past.
 * Fields AWS may add later are let through untouched.
 */

const integer = (min: number, max: number) =>
  z.number({ message: `expected an integer from ${min} to ${max}` }).int(`expected an integer from ${min} to ${max}`).min(min, `expected an integer from ${min} to ${max}`).max(max, `expected an integer from ${min} to ${max}`);
const boolean = z.boolean({ message: 'expected true or false' });

/** IAM's PasswordPolicy type: the ranges are the API's own constraints. */
const passwordPolicy = z.looseObject({
  MinimumPasswordLength: integer(6, 128).optional(),
  RequireSymbols: boolean.optional(),
  RequireNumbers: boolean.optional(),
  RequireUppercaseCharacters: boolean.optional(),
  RequireLowercaseCharacters: boolean.optional(),
  AllowUsersToChangePassword: boolean.optional(),
  ExpirePasswords: boolean.optional(),
  MaxPasswordAge: integer(1, 1095).optional(),
  PasswordReusePrevention: integer(1, 24).optional(),
  HardExpiry: boolean.optional(),
});

/** SummaryMap: counts and quotas, every one a non-negative integer. */
const summaryMap = z.record(z.string(), integer(0, Number.MAX_SAFE_INTEGER));

/** A value that is not of its AWS type: `where` is the field path (`PasswordPolicy.MinimumPasswordLength`). */
export class ShapeError extends Error {
  override readonly name = 'ShapeError';
  constructor(readonly where: string, readonly problem: string) {
    super(`${where}: ${problem}`);
  }
}

/** The PasswordPolicy of GetAccountPasswordPolicy, checked; throws `ShapeError`. */
export function checkPasswordPolicy(value: unknown): AwsPasswordPolicy {
  return check(passwordPolicy, value, 'PasswordPolicy') as AwsPasswordPolicy;
}

/** The SummaryMap of GetAccountSummary, checked; throws `ShapeError`. */
export function checkSummaryMap(value: unknown): AccountSummaryMap {
  return check(summaryMap, value, 'SummaryMap');
}

function check<T>(schema: z.ZodType<T>, value: unknown, root: string): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ShapeError(root, `expected an object, found ${describe(value)}`);
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const found = issue.path.reduce<unknown>((at, key) => (at as Record<PropertyKey, unknown> | undefined)?.[key as PropertyKey], value);
  throw new ShapeError([root, ...issue.path.map(String)].join('.'), `${issue.message}, found ${describe(found)}`);
}

/** A value named for an error message without quoting much of it. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return value.length > 20 ? 'a string' : JSON.stringify(value);
  return String(value);
}
