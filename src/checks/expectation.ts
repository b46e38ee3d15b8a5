/**
 * Expectations: `<comparator> <expected>` (`eq []`, `neq []`, `eq true`, any
 * JSON literal), plus the `count <op> N` extension. A check passes when its
 * query's subject meets the expectation.
 */

export type CountOperator = 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte';

export type Expectation =
  | { kind: 'compare'; comparator: 'eq' | 'neq'; expected: unknown; text: string }
  | { kind: 'count'; operator: CountOperator; expected: number; text: string };

/** An expectation that does not parse; `column` is 1-based within the expectation text. */
export class ExpectationError extends Error {
  override readonly name = 'ExpectationError';
  constructor(message: string, readonly column = 1) {
    super(message);
  }
}

const COUNT_OPERATORS: readonly CountOperator[] = ['eq', 'neq', 'lt', 'lte', 'gt', 'gte'];

export function parseExpectation(source: string): Expectation {
  const text = source.trim();
  const count = /^count\s+(\S+)\s*(.*)$/.exec(text);
  if (count) {
    const operator = count[1] as CountOperator;
    if (!COUNT_OPERATORS.includes(operator)) {
      throw new ExpectationError(`unknown count operator "${count[1]}"; use one of ${COUNT_OPERATORS.join(', ')}`);
    }
    if (!/^\d+$/.test(count[2])) throw new ExpectationError(`"count ${operator}" needs a whole number, found "${count[2]}"`);
    return { kind: 'count', operator, expected: Number(count[2]), text };
  }
  const compare = /^(\S+)\s*(.*)$/.exec(text);
  const comparator = compare?.[1];
  if (comparator !== 'eq' && comparator !== 'neq') {
    throw new ExpectationError(`expected "eq <value>", "neq <value>" or "count <op> <n>", found "${text}"`);
  }
  const literal = compare![2];
  if (literal === '') throw new ExpectationError(`"${comparator}" needs a value such as [], true, false or any JSON literal`);
  let expected: unknown;
  try {
    expected = JSON.parse(literal);
  } catch {
    throw new ExpectationError(`"${literal}" is not a JSON literal (strings need double quotes)`, comparator.length + 2);
  }
  return { kind: 'compare', comparator, expected, text };
}

/** The subject is the single root field's value, or the whole `data` object when there are several. */
export function subjectOf(data: Record<string, unknown> | null | undefined): unknown {
  if (!data) return null;
  const keys = Object.keys(data);
  return keys.length === 1 ? data[keys[0]] : data;
}

export function meetsExpectation(expectation: Expectation, subject: unknown): boolean {
  if (expectation.kind === 'compare') {
    const equal = deepEqual(subject, expectation.expected);
    return expectation.comparator === 'eq' ? equal : !equal;
  }
  const n = countOf(subject);
  switch (expectation.operator) {
    case 'eq': return n === expectation.expected;
    case 'neq': return n !== expectation.expected;
    case 'lt': return n < expectation.expected;
    case 'lte': return n <= expectation.expected;
    case 'gt': return n > expectation.expected;
    case 'gte': return n >= expectation.expected;
  }
}

/** A list counts its elements; several root fields count all their elements; null counts 0; anything else 1. */
function countOf(subject: unknown): number {
  if (Array.isArray(subject)) return subject.length;
  if (subject === null || subject === undefined) return 0;
  if (typeof subject === 'object') {
    return Object.values(subject).reduce<number>((sum, value) => sum + countOf(value), 0);
  }
  return 1;
}

/** JSON equality: key order does not matter, list order does. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => deepEqual(item, other[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => Object.hasOwn(right, key) && deepEqual(left[key], right[key]));
}
