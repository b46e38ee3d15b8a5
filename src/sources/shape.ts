import { z } from 'zod';
import { parseInstant } from '../time/instant.js';
import { isNotConfigured, storedError, type SourceSpec } from './source.js';

/**
 * Shape checks for what AWS answers, applied on both paths before anything
 * is built from it: a value of the wrong type is unreadable data, named by
 * its path, never a null that a filter skips past. Fields AWS may add later
 * pass through untouched.
 */

/** A value that is not of its AWS type: `where` is the field path (`PasswordPolicy.MinimumPasswordLength`). */
export class ShapeError extends Error {
  override readonly name = 'ShapeError';
  constructor(readonly where: string, readonly problem: string) {
    super(`${where}: ${problem}`);
  }
}

const range = (min: number, max: number) => `expected an integer from ${min} to ${max}`;

/** Zod building blocks in AWS's terms. */
export const aws = {
  integer: (min = 0, max = Number.MAX_SAFE_INTEGER) => z.number({ message: range(min, max) }).int(range(min, max)).min(min, range(min, max)).max(max, range(min, max)),
  boolean: () => z.boolean({ message: 'expected true or false' }),
  string: () => z.string({ message: 'expected a string' }),
  /** An ISO-8601 instant with a zone, as the AWS CLI prints times. */
  timestamp: () =>
    z.string({ message: 'expected an ISO-8601 timestamp' }).refine((text) => !Number.isNaN(parseInstant(text, { requireTime: true, requireZone: true })), 'expected an ISO-8601 timestamp with a zone'),
  oneOf: <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { message: `expected one of ${values.join(', ')}` }),
  list: <T extends z.ZodType>(item: T) => z.array(item, { message: 'expected a list' }),
  object: <T extends z.ZodRawShape>(shape: T) => z.looseObject(shape, { error: 'expected an object' }),
};

/**
 * Checks a source's value: a "not configured" answer of one of its codes is
 * data as it stands; anything else must have the source's shape. Per-resource
 * values are checked key by key (a stored error for one key is left for the
 * reader of that key to judge). Throws `ShapeError`.
 */
export function checkShape(source: SourceSpec, value: unknown): unknown {
  if (isNotConfigured(source, value)) return value;
  if (source.perResource) {
    if (!isPlainObject(value)) throw new ShapeError('(top level)', `expected an object keyed by ${source.perResource.param}, found ${describe(value)}`);
    for (const [key, item] of Object.entries(value)) {
      if (storedError(item)) continue;
      check(source.shape, item, key);
    }
    return value;
  }
  return check(source.shape, value, '');
}

function check(schema: z.ZodType, value: unknown, root: string): unknown {
  if (!isPlainObject(value)) throw new ShapeError(root || '(top level)', `expected an object, found ${describe(value)}`);
  const result = schema.safeParse(value);
  if (result.success) return value;
  const issue = result.error.issues[0];
  const found = issue.path.reduce<unknown>((at, key) => (at as Record<PropertyKey, unknown> | undefined)?.[key as PropertyKey], value);
  const where = [root, ...issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : String(part)))].filter(Boolean).join('.').replace(/\.\[/g, '[');
  throw new ShapeError(where || '(top level)', `${issue.message}, found ${describe(found)}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value named for an error message without quoting much of it (it may be anything a file held). */
export function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return value.length > 20 ? 'a string' : JSON.stringify(value);
  return String(value);
}
