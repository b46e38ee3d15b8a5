import type { GraphView } from '../module.js';

const indexes = new WeakMap<readonly Record<string, unknown>[], Map<string, Map<string, Record<string, unknown>[]>>>();

/**
 * Rows of a type indexed by every key each row names (an instance is in
 * several security groups): `graph.index` takes one key per row. Built once
 * per account and type, kept with the account's rows.
 */
export function rowsByEach(graph: GraphView, type: string, name: string, keys: (row: Record<string, unknown>) => readonly string[]): ReadonlyMap<string, readonly Record<string, unknown>[]> {
  const rows = graph.rows(type);
  let byName = indexes.get(rows);
  if (!byName) indexes.set(rows, (byName = new Map()));
  let index = byName.get(name);
  if (!index) {
    index = new Map();
    for (const row of rows) {
      for (const key of new Set(keys(row))) {
        const list = index.get(key);
        if (list) list.push(row);
        else index.set(key, [row]);
      }
    }
    byName.set(name, index);
  }
  return index;
}
