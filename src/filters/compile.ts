import { resolveDateTime, timestampMs, type DateTimeInput } from './date-time.js';
import type { FilterOperation, FilterPlan, ScalarOp } from './generate.js';
import { compileRegex, type RegexInput } from './scalars.js';

/** A compiled `where`: synchronous, allocation-free per node. */
export type Predicate = (node: Record<string, unknown>) => boolean;

const always: Predicate = () => true;

/**
 * Compiles a validated `where` value into a predicate. Date math is resolved
 * here, against the one clock of the query (`nowMs`). Every `_NOT...` form is
 * the exact negation of its positive form, so a null field matches `_NOT: v`.
 */
export function compileWhere(plan: FilterPlan, whereType: string, where: Record<string, unknown> | null | undefined, nowMs: number): Predicate {
  if (!where) return always;
  const operations = plan.get(whereType);
  if (!operations) throw new Error(`no filter plan for ${whereType}`);
  const parts: Predicate[] = [];
  for (const [key, value] of Object.entries(where)) {
    if (value === undefined) continue;
    const operation = operations.get(key);
    if (!operation) throw new Error(`${whereType} has no filter ${key}`); // unreachable after validation
    parts.push(compileOperation(plan, whereType, operation, value, nowMs));
  }
  return and(parts);
}

function compileOperation(plan: FilterPlan, whereType: string, operation: FilterOperation, value: unknown, nowMs: number): Predicate {
  switch (operation.kind) {
    case 'logic': {
      if (operation.op === 'NOT') {
        const inner = compileWhere(plan, whereType, value as Record<string, unknown> | null, nowMs);
        return (node) => !inner(node);
      }
      const items = ((value as Record<string, unknown>[] | null) ?? []).map((item) => compileWhere(plan, whereType, item, nowMs));
      return operation.op === 'AND' ? and(items) : or(items);
    }
    case 'relation':
      return compileRelation(plan, operation, value as Record<string, unknown> | null, nowMs);
    case 'scalar':
      return compileScalar(operation.field, operation.op, operation.scalar, operation.list, value, nowMs);
  }
}

function compileRelation(plan: FilterPlan, operation: Extract<FilterOperation, { kind: 'relation' }>, where: Record<string, unknown> | null, nowMs: number): Predicate {
  const { field, quantifier, target } = operation;
  if (quantifier === 'one') {
    if (where === null) return (node) => node[field] == null;
    const inner = compileWhere(plan, target, where, nowMs);
    return (node) => {
      const related = node[field] as Record<string, unknown> | null | undefined;
      return related != null && inner(related);
    };
  }
  // `r_SOME: null` reads as "there is none", the same as `r_NONE: {}`.
  if (where === null) {
    return quantifier === 'some' ? (node) => related(node, field).length === 0 : () => false;
  }
  const inner = compileWhere(plan, target, where, nowMs);
  switch (quantifier) {
    case 'some':
      return (node) => related(node, field).some(inner);
    case 'none':
      return (node) => !related(node, field).some(inner);
    case 'all':
      return (node) => related(node, field).every(inner);
    case 'single':
      return (node) => {
        let count = 0;
        for (const item of related(node, field)) if (inner(item) && ++count > 1) return false;
        return count === 1;
      };
  }
}

function related(node: Record<string, unknown>, field: string): Record<string, unknown>[] {
  return (node[field] as Record<string, unknown>[] | null | undefined) ?? [];
}

/** How values of one scalar compare: `key` maps a stored or filter value to something `===` and `<` work on. */
function comparable(scalar: string, nowMs: number): (value: unknown) => unknown {
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

function compileScalar(field: string, op: ScalarOp, scalar: string, list: boolean, value: unknown, nowMs: number): Predicate {
  const key = comparable(scalar, nowMs);
  const read = (node: Record<string, unknown>) => key(node[field]);
  const negate = (predicate: Predicate): Predicate => (node) => !predicate(node);

  if (list) {
    const items = (node: Record<string, unknown>) => ((node[field] as unknown[] | null | undefined) ?? null);
    switch (op) {
      case 'eq':
      case 'not': {
        const expected = value === null ? null : (value as unknown[]).map(key);
        const equal: Predicate = (node) => {
          const actual = items(node);
          if (expected === null || actual === null) return expected === actual;
          return actual.length === expected.length && actual.every((item, i) => key(item) === expected[i]);
        };
        return op === 'eq' ? equal : negate(equal);
      }
      case 'includes':
      case 'notIncludes': {
        const wanted = key(value);
        const includes: Predicate = (node) => (items(node) ?? []).some((item) => key(item) === wanted);
        return op === 'includes' ? includes : negate(includes);
      }
      default:
        throw new Error(`operator ${op} does not apply to lists`);
    }
  }

  switch (op) {
    case 'eq':
    case 'not': {
      const expected = key(value);
      const equal: Predicate = (node) => read(node) === expected;
      return op === 'eq' ? equal : negate(equal);
    }
    case 'in':
    case 'notIn': {
      const set = new Set(((value as unknown[] | null) ?? []).map(key));
      const member: Predicate = (node) => set.has(read(node));
      return op === 'in' ? member : negate(member);
    }
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte': {
      const bound = key(value) as number | string | null;
      if (bound === null) return () => false;
      const test = ORDER[op];
      return (node) => {
        const actual = read(node) as number | string | null;
        return actual !== null && test(actual, bound);
      };
    }
    case 'contains':
    case 'startsWith':
    case 'endsWith':
    case 'notContains':
    case 'notStartsWith':
    case 'notEndsWith': {
      const needle = value as string | null;
      const positive = op.replace(/^not(.)/, (_, c: string) => c.toLowerCase()) as 'contains' | 'startsWith' | 'endsWith';
      const test: Predicate = (node) => {
        const actual = node[field];
        if (typeof actual !== 'string' || needle === null) return false;
        return positive === 'contains' ? actual.includes(needle) : positive === 'startsWith' ? actual.startsWith(needle) : actual.endsWith(needle);
      };
      return op === positive ? test : negate(test);
    }
    case 'matches': {
      if (value === null) return () => false;
      const matches = compileRegex((value as RegexInput).regex);
      return (node) => {
        const actual = node[field];
        return typeof actual === 'string' && matches(actual);
      };
    }
    default:
      throw new Error(`operator ${op} applies to lists only`);
  }
}

const ORDER = {
  lt: (a: number | string, b: number | string) => a < b,
  lte: (a: number | string, b: number | string) => a <= b,
  gt: (a: number | string, b: number | string) => a > b,
  gte: (a: number | string, b: number | string) => a >= b,
};

function and(parts: Predicate[]): Predicate {
  if (parts.length === 0) return always;
  if (parts.length === 1) return parts[0];
  return (node) => {
    for (const part of parts) if (!part(node)) return false;
    return true;
  };
}

function or(parts: Predicate[]): Predicate {
  if (parts.length === 0) return () => false;
  if (parts.length === 1) return parts[0];
  return (node) => {
    for (const part of parts) if (part(node)) return true;
    return false;
  };
}
