import { Kind, type FieldNode, type ValueNode } from 'graphql';
import type { Predicate } from '../filters/compile.js';
import type { RegisteredType } from '../model/registry.js';

/** What a root field needs before it can answer: the types to load, and its compiled `where`. */
export interface RootFieldPlan {
  types: readonly RegisteredType[];
  predicate: Predicate;
}

/**
 * Root-field plans kept per field of a compiled document, so a query sent
 * again (a server's dashboard, a check over many runs) is not planned and
 * compiled again each time. Only a field whose arguments are all written
 * out (no variables) is kept: its `where` is then the same every time. A
 * filter with date math (`now-90d`) depends on the clock too, so its plan
 * is kept for one clock value only.
 */
export class RootFieldPlans {
  private readonly plans = new WeakMap<FieldNode, Map<string, RootFieldPlan & { nowMs: number | undefined }>>();
  private readonly literal = new WeakMap<FieldNode, boolean>();

  plan(typeName: string, where: unknown, node: FieldNode | undefined, nowMs: number, build: () => RootFieldPlan): RootFieldPlan {
    if (!node || !this.isLiteral(node)) return build();
    let byType = this.plans.get(node);
    if (!byType) this.plans.set(node, (byType = new Map()));
    const kept = byType.get(typeName);
    if (kept && (kept.nowMs === undefined || kept.nowMs === nowMs)) return kept;
    const plan = build();
    byType.set(typeName, { ...plan, nowMs: readsClock(where) ? nowMs : undefined });
    return plan;
  }

  private isLiteral(node: FieldNode): boolean {
    let literal = this.literal.get(node);
    if (literal === undefined) this.literal.set(node, (literal = (node.arguments ?? []).every((argument) => !hasVariable(argument.value))));
    return literal;
  }
}

function hasVariable(value: ValueNode): boolean {
  switch (value.kind) {
    case Kind.VARIABLE:
      return true;
    case Kind.LIST:
      return value.values.some(hasVariable);
    case Kind.OBJECT:
      return value.fields.some((field) => hasVariable(field.value));
    default:
      return false;
  }
}

/** Whether a coerced `where` holds date math, which is resolved against the query's clock when compiled. */
function readsClock(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(readsClock);
  if ((value as { kind?: unknown }).kind === 'relative') return true;
  return Object.values(value).some(readsClock);
}
