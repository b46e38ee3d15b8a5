import DataLoader from 'dataloader';
import type { Registry } from '../model/registry.js';
import type { AccountIdentity, SourceRead } from '../sources/connector.js';
import type { SourceSpec } from '../sources/source.js';
import type { AccountDataSource } from './account-data.js';
import { AccountGraph, type GraphLoader } from './graph.js';
import type { SharedGraphs } from './shared-graphs.js';
import type { Session } from './types.js';

/**
 * One query, or one check run: each account's sources are loaded at most
 * once per region (a DataLoader per source and region), and each account's
 * graph (its rows, built once) is shared by every query of the session.
 * When the engine caches account data, graphs come from `shared` instead
 * (built once for as long as their data is cached); the session still keeps
 * the one it got, so its queries all see the same data.
 */
export class EngineSession implements Session, GraphLoader {
  private readonly loaders = new Map<string, DataLoader<string, unknown>>();
  private readonly graphs = new Map<string, AccountGraph>();

  constructor(
    private readonly source: AccountDataSource,
    private readonly registry: Registry,
    readonly now: Date,
    private readonly shared?: SharedGraphs,
  ) {}

  /** Whether this session reads through `source` (sessions are only valid on the engine that made them). */
  belongsTo(source: AccountDataSource): boolean {
    return this.source === source;
  }

  graph(connectorId: string): AccountGraph {
    let graph = this.graphs.get(connectorId);
    if (!graph) this.graphs.set(connectorId, (graph = this.shared?.graph(connectorId) ?? new AccountGraph(connectorId, this.registry, this)));
    return graph;
  }

  identity(connectorId: string): Promise<AccountIdentity> {
    return this.loader('identity', (id) => this.source.identity(id)).load(connectorId) as Promise<AccountIdentity>;
  }

  load(connectorId: string, source: SourceSpec, region: string | undefined): Promise<SourceRead> {
    // A per-resource source's parent through these same loaders: read once however many sources list resources from it.
    return this.loader(`${source.id}@${region ?? ''}`, (id) => this.source.load(id, source, region, (parent, at) => this.load(id, parent, at))).load(connectorId) as Promise<SourceRead>;
  }

  release(connectorId: string): void {
    this.graphs.delete(connectorId);
    for (const loader of this.loaders.values()) loader.clear(connectorId);
  }

  configuredRegions(connectorId: string): readonly string[] | undefined {
    return this.source.connector(connectorId)?.regions;
  }

  private loader(key: string, load: (connectorId: string) => Promise<unknown>): DataLoader<string, unknown> {
    let loader = this.loaders.get(key);
    if (!loader) {
      loader = new DataLoader<string, unknown>((ids) => Promise.all(ids.map((id) => load(id).catch((error: Error) => error))));
      this.loaders.set(key, loader);
    }
    return loader;
  }
}
