import type { Registry } from '../model/registry.js';
import type { AccountIdentity, SourceRead } from '../sources/connector.js';
import type { SourceSpec } from '../sources/source.js';
import type { AccountDataSource, CacheEntry } from './account-data.js';
import { AccountGraph, type GraphLoader } from './graph.js';

/**
 * Account graphs kept across sessions while the data they were built from
 * is cached (`cacheTtl`): a server answering the same accounts request
 * after request builds each graph (its rows, its indexes) once, and a warm
 * request makes no promise and no cache lookup per account. A graph is
 * handed out only while every cache entry it read is still the cache's
 * answer and unexpired; a failed load leaves the cache at once (failures are
 * never cached), so the next session reads it again. A session keeps the graph it got
 * for its whole run, so its queries all see the same data.
 */
export class SharedGraphs {
  private readonly slots = new Map<string, SharedSlot>();

  constructor(
    private readonly source: AccountDataSource,
    private readonly registry: Registry,
  ) {}

  graph(connectorId: string): AccountGraph {
    const slot = this.slots.get(connectorId);
    if (slot?.usable(Date.now())) return slot.graph;
    const fresh = new SharedSlot(connectorId, this.source, this.registry);
    this.slots.set(connectorId, fresh);
    return fresh.graph;
  }

  clear(): void {
    this.slots.clear();
  }
}

/** One account's shared graph, loading straight through the cache (which shares loads in flight) and noting what it read. */
class SharedSlot implements GraphLoader {
  readonly graph: AccountGraph;
  private readonly entries: CacheEntry[] = [];
  private readonly watch = (entry: CacheEntry) => void this.entries.push(entry);

  constructor(
    connectorId: string,
    private readonly source: AccountDataSource,
    registry: Registry,
  ) {
    this.graph = new AccountGraph(connectorId, registry, this);
  }

  usable(nowMs: number): boolean {
    for (const entry of this.entries) if (!entry.current || entry.expires <= nowMs) return false;
    return true;
  }

  identity(connectorId: string): Promise<AccountIdentity> {
    return this.source.identity(connectorId, this.watch);
  }

  load(connectorId: string, spec: SourceSpec, region: string | undefined): Promise<SourceRead> {
    return this.source.load(connectorId, spec, region, undefined, this.watch);
  }

  configuredRegions(connectorId: string): readonly string[] | undefined {
    return this.source.connector(connectorId)?.regions;
  }
}
