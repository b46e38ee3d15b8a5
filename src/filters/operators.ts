import { resolveDateTime, timestampMs, type DateTimeInput } from './date-time.js';
import { compileRegex, equalityScalarName, type RegexInput } from './scalars.js';

/** A compiled `where`: synchronous, allocation-free per node. */
export type Predicate = (node: Record<string, unknown>) => boolean;

/** Reads a field of a node as a comparable value (DateTime text as milliseconds). */
export type Reader = (node: Record<string, unknown>) => unknown;

/**
 * One filter operator of the dialect (dialect.md): the key suffix users
 * write, which fields it applies to, the input type it takes, its
 * description, and its predicate. This table is the only place operators
 * are defined: the generator makes `where` inputs from it, the compiler
 * builds predicates with it, and the document limits ask it which keys
 * take lists. Every `_NOT...` form is the exact negation of its positive
 * form, so a null field matches `f_NOT: v`.
 */
export interface Operator {
  /** `''` (equality), `_NOT`, `_IN`, ... */
  readonly suffix: string;
  /** For scalar fields or for list fields. */
  readonly on: 'scalar' | 'list';
  /** Whether it applies to a field of this scalar type. */
  readonly applies: (scalar: string) => boolean;
  /** The GraphQL input type of the key, from the field's scalar. */
  readonly input: (scalar: string) => string;
  /** What it means, shown in GraphiQL and `assetql schema`. */
  readonly description: string;
  /** The value is a list of values (its length is bounded by `maxInListLength`). */
  readonly takesList?: boolean;
  /** The predicate for a field, given how to read it and the validated value. */
  readonly predicate: (read: ReadField, value: unknown) => Predicate;
}

/** How a predicate reads its field: the raw value, or as comparable (DateTime resolved to ms against the run's clock). */
export interface ReadField {
  readonly raw: Reader;
  /** A value of the field's scalar (stored or given) as something `===` and `<` work on. */
  readonly key: (value: unknown) => unknown;
}

const ORDERED = new Set(['Int', 'Float', 'DateTime', 'String', 'ID']);
const TEXT = new Set(['String', 'ID']);
const any = () => true;
const ordered = (scalar: string) => ORDERED.has(scalar);
const text = (scalar: string) => TEXT.has(scalar);
const same = (scalar: string) => scalar;
const listOf = (scalar: string) => `[${scalar}]`;


const not = (predicate: Predicate): Predicate => (node) => !predicate(node);

function equal(read: ReadField, value: unknown): Predicate {
  const expected = read.key(value);
  return (node) => read.key(read.raw(node)) === expected;
}

function member(read: ReadField, value: unknown): Predicate {
  const set = new Set(((value as unknown[] | null) ?? []).map(read.key));
  return (node) => set.has(read.key(read.raw(node)));
}

function order(test: (a: number | string, b: number | string) => boolean) {
  return (read: ReadField, value: unknown): Predicate => {
    const bound = read.key(value) as number | string | null;
    if (bound === null) return () => false;
    return (node) => {
      const actual = read.key(read.raw(node)) as number | string | null;
      return actual !== null && test(actual, bound);
    };
  };
}

function textTest(test: (actual: string, needle: string) => boolean) {
  return (read: ReadField, value: unknown): Predicate => {
    const needle = value as string | null;
    return (node) => {
      const actual = read.raw(node);
      return typeof actual === 'string' && needle !== null && test(actual, needle);
    };
  };
}

function listItems(read: ReadField, node: Record<string, unknown>): unknown[] | null {
  return (read.raw(node) as unknown[] | null | undefined) ?? null;
}

function listEqual(read: ReadField, value: unknown): Predicate {
  const expected = value === null ? null : (value as unknown[]).map(read.key);
  return (node) => {
    const actual = listItems(read, node);
    if (expected === null || actual === null) return expected === actual;
    return actual.length === expected.length && actual.every((item, i) => read.key(item) === expected[i]);
  };
}

function listIncludes(read: ReadField, value: unknown): Predicate {
  const wanted = read.key(value);
  return (node) => (listItems(read, node) ?? []).some((item) => read.key(item) === wanted);
}

/**
 * IAM's wildcard match: `*` any run of characters (none included, `:` and
 * `/` too), `?` any one, the rest literal; the whole value must match.
 * Greedy with one backtrack point, so time is at most pattern x value
 * length, whatever the pattern (it comes from data, never a regex).
 */
export function iamWildcardMatches(pattern: string, value: string): boolean {
  let p = 0;
  let v = 0;
  let star = -1;
  let resume = 0;
  while (v < value.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === value[v])) {
      p++;
      v++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = v;
    } else if (star !== -1) {
      p = star + 1;
      v = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/** An IAM action name (`service:Action`, one colon, no `arn:`): IAM compares those case-insensitively, ARNs and principals as written. */
const ACTION_NAME = /^(?!arn:)[^:|]+:[^:|]*$/i;

function listCovers(read: ReadField, value: unknown): Predicate {
  if (typeof value !== 'string') return () => false;
  const fold = ACTION_NAME.test(value);
  const wanted = fold ? value.toLowerCase() : value;
  return (node) => (listItems(read, node) ?? []).some((item) => typeof item === 'string' && iamWildcardMatches(fold ? item.toLowerCase() : item, wanted));
}

const contains = textTest((actual, needle) => actual.includes(needle));
const startsWith = textTest((actual, needle) => actual.startsWith(needle));
const endsWith = textTest((actual, needle) => actual.endsWith(needle));

export const OPERATORS: readonly Operator[] = [
  { suffix: '', on: 'scalar', applies: any, input: equalityScalarName, description: 'equal to (also `{ eq: v }`; null matches null or missing)', predicate: equal },
  { suffix: '_NOT', on: 'scalar', applies: any, input: same, description: 'not equal to', predicate: (read, value) => not(equal(read, value)) },
  { suffix: '_IN', on: 'scalar', applies: any, input: listOf, description: 'one of', takesList: true, predicate: member },
  { suffix: '_NOT_IN', on: 'scalar', applies: any, input: listOf, description: 'none of', takesList: true, predicate: (read, value) => not(member(read, value)) },
  { suffix: '_LT', on: 'scalar', applies: ordered, input: same, description: 'less than (null never matches)', predicate: order((a, b) => a < b) },
  { suffix: '_LTE', on: 'scalar', applies: ordered, input: same, description: 'less than or equal to', predicate: order((a, b) => a <= b) },
  { suffix: '_GT', on: 'scalar', applies: ordered, input: same, description: 'greater than', predicate: order((a, b) => a > b) },
  { suffix: '_GTE', on: 'scalar', applies: ordered, input: same, description: 'greater than or equal to', predicate: order((a, b) => a >= b) },
  { suffix: '_CONTAINS', on: 'scalar', applies: text, input: same, description: 'contains', predicate: contains },
  { suffix: '_NOT_CONTAINS', on: 'scalar', applies: text, input: same, description: 'does not contain', predicate: (read, value) => not(contains(read, value)) },
  { suffix: '_STARTS_WITH', on: 'scalar', applies: text, input: same, description: 'starts with', predicate: startsWith },
  { suffix: '_NOT_STARTS_WITH', on: 'scalar', applies: text, input: same, description: 'does not start with', predicate: (read, value) => not(startsWith(read, value)) },
  { suffix: '_ENDS_WITH', on: 'scalar', applies: text, input: same, description: 'ends with', predicate: endsWith },
  { suffix: '_NOT_ENDS_WITH', on: 'scalar', applies: text, input: same, description: 'does not end with', predicate: (read, value) => not(endsWith(read, value)) },
  {
    suffix: '_MATCHES',
    on: 'scalar',
    applies: text,
    input: () => 'Regex',
    description: 'matches the whole string (RE2; `(?i)` prefix = case-insensitive)',
    predicate: (read, value) => {
      if (value === null) return () => false;
      const matches = compileRegex((value as RegexInput).regex);
      return (node) => {
        const actual = read.raw(node);
        return typeof actual === 'string' && matches(actual);
      };
    },
  },
  { suffix: '', on: 'list', applies: any, input: listOf, description: 'equal to (same items, same order)', predicate: listEqual },
  { suffix: '_NOT', on: 'list', applies: any, input: listOf, description: 'not equal to', predicate: (read, value) => not(listEqual(read, value)) },
  { suffix: '_INCLUDES', on: 'list', applies: any, input: same, description: 'has this item', predicate: listIncludes },
  { suffix: '_NOT_INCLUDES', on: 'list', applies: any, input: same, description: 'does not have this item', predicate: (read, value) => not(listIncludes(read, value)) },
  {
    suffix: '_COVERS',
    on: 'list',
    applies: text,
    input: same,
    description:
      'some item, read as an IAM wildcard pattern (`*` any run of characters, `?` any one), matches this value: for lists of IAM patterns (statements\' `actions`, `notActions`, `resources`, `notResources`, `principals`; condition `values`), so `actions_COVERS: "iam:PassRole"` finds `iam:PassRole`, `iam:Pass*`, `iam:*` and `*`. Case-insensitive when the value is an action name (`service:Action`), as IAM compares actions; case-sensitive for ARNs and `TYPE|value` principals',
    predicate: listCovers,
  },
];

/** How values of one scalar compare: DateTime text and date math become milliseconds against the run's clock. */
export function comparable(scalar: string, nowMs: number): (value: unknown) => unknown {
  if (scalar === 'DateTime') {
    return (value) => {
      if (value == null) return null;
      if (typeof value === 'object' && 'kind' in (value as object)) return resolveDateTime(value as DateTimeInput, nowMs);
      const ms = timestampMs(value);
      return Number.isNaN(ms) ? null : ms;
    };
  }
  return (value) => value ?? null;
}
