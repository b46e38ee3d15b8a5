import type { GraphView } from '../module.js';

const byId = (row: Record<string, unknown>) => row.id as string;

/**
 * The rows of a type with these ids, through an index built once per
 * account. Rows and references come from the same authorization details,
 * so an id with no row is a fault of this module, never of the account.
 */
export function rowsWithIds(graph: GraphView, type: string, ids: readonly string[]): Record<string, unknown>[] {
  const index = graph.index(type, byId);
  return ids.map((id) => {
    const row = index.get(id)?.[0];
    if (!row) throw new Error(`iam-authorization: no ${type} row for ${id}, which the authorization details name`);
    return row;
  });
}

/**
 * A relation resolved once per row: filters read a relation every time they
 * test a row (`iamPolicies_SOME` inside `hasIAMGroup_SOME` inside a root
 * filter), and rows never change once built, so the answer is kept with the
 * row. A resolver that throws (a dangling reference) is asked again next time.
 */
export function oncePerRow<T>(resolve: (row: Record<string, unknown>, graph: GraphView) => T): (row: Record<string, unknown>, graph: GraphView) => T {
  const answers = new WeakMap<Record<string, unknown>, T>();
  return (row, graph) => {
    if (answers.has(row)) return answers.get(row) as T;
    const answer = resolve(row, graph);
    answers.set(row, answer);
    return answer;
  };
}
