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
