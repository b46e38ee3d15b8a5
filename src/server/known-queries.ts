/**
 * Queries the server has already run through its whole pipeline and the
 * engine accepted (document limits, validation): the hot path answers only
 * these, so a document it answers has passed the same checks before. Keyed
 * by operation name and text as sent, like the engine's compiled-query
 * cache; bounded, oldest first out, so many distinct documents cannot grow it.
 */
export class KnownQueries {
  private readonly keys = new Set<string>();

  constructor(private readonly capacity = 100) {}

  has(query: string, operationName: string | undefined): boolean {
    return this.keys.has(keyOf(query, operationName));
  }

  add(query: string, operationName: string | undefined): void {
    const key = keyOf(query, operationName);
    if (this.keys.has(key)) return;
    if (this.keys.size >= this.capacity) this.keys.delete(this.keys.values().next().value!);
    this.keys.add(key);
  }
}

const keyOf = (query: string, operationName: string | undefined) => `${operationName ?? ''}\u0000${query}`;
