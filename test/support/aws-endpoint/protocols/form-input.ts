import type { Schema } from '../sdk-runtime.js';
import { isScalar, scalarFrom } from './scalars.js';

/**
 * The top-level input members of a Query or EC2 Query request: scalars and
 * lists of scalars, which is what identifies a resource or a page (nested
 * structures such as EC2 filters are not read).
 */
export function formInput(input: Schema, params: URLSearchParams, dialect: { wireName: (member: Schema, name: string) => string; listItem: (list: Schema, wire: string, index: number) => string }): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  if (!input.isStructSchema()) return values;
  for (const [name, member] of input.structIterator()) {
    const wire = dialect.wireName(member, name);
    if (isScalar(member)) {
      const text = params.get(wire);
      if (text !== null) values[name] = scalarFrom(member, text);
    } else if (member.isListSchema() && isScalar(member.getValueSchema())) {
      const items: unknown[] = [];
      for (let index = 1; params.has(dialect.listItem(member, wire, index)); index++) items.push(scalarFrom(member.getValueSchema(), params.get(dialect.listItem(member, wire, index))!));
      if (items.length > 0) values[name] = items;
    }
  }
  return values;
}

/** Form fields, from the body of a POST or the query string of a GET. */
export function formParams(body: string, query: URLSearchParams): URLSearchParams {
  const params = new URLSearchParams(body);
  for (const [key, value] of query) if (!params.has(key)) params.set(key, value);
  return params;
}
