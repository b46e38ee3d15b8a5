import type { FilterOperation, FilterPlan } from './generate.js';
import { comparable, type Predicate } from './operators.js';

export type { Predicate } from './operators.js';

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
    case 'scalar': {
      const { operator, scalar, read } = operation;
      return operator.predicate({ raw: read, key: comparable(scalar, nowMs) }, value);
    }
  }
}

function compileRelation(plan: FilterPlan, operation: Extract<FilterOperation, { kind: 'relation' }>, where: Record<string, unknown> | null, nowMs: number): Predicate {
  const { quantifier, target, read } = operation;
  if (quantifier === 'one') {
    if (where === null) return (node) => read(node) == null;
    const inner = compileWhere(plan, target, where, nowMs);
    return (node) => {
      const related = read(node) as Record<string, unknown> | null | undefined;
      return related != null && inner(related);
    };
  }
  const related = (node: Record<string, unknown>) => (read(node) as Record<string, unknown>[] | null | undefined) ?? [];
  // `r_SOME: null` reads as "there is none", the same as `r_NONE: {}`.
  if (where === null) {
    return quantifier === 'some' ? (node) => related(node).length === 0 : () => false;
  }
  const inner = compileWhere(plan, target, where, nowMs);
  switch (quantifier) {
    case 'some':
      return (node) => related(node).some(inner);
    case 'none':
      return (node) => !related(node).some(inner);
    case 'all':
      return (node) => related(node).every(inner);
    case 'single':
      return (node) => {
        let count = 0;
        for (const item of related(node)) if (inner(item) && ++count > 1) return false;
        return count === 1;
      };
  }
}

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
