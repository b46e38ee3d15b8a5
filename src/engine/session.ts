import DataLoader from 'dataloader';
import type { AccountDataKinds, AccountDataSource, DataKind } from './account-data.js';
import type { Session } from './types.js';

/**
 * One query, or one check run: each account's data is loaded at most once
 * (a DataLoader per kind), and assets built from it are built once and
 * shared by every query of the session.
 */
export class EngineSession implements Session {
  private readonly loaders = new Map<DataKind, DataLoader<string, unknown>>();
  private readonly memo = new Map<string, unknown>();

  constructor(
    private readonly source: AccountDataSource,
    readonly now: Date,
  ) {}

  load<K extends DataKind>(connectorId: string, kind: K): Promise<AccountDataKinds[K]> {
    let loader = this.loaders.get(kind);
    if (!loader) {
      loader = new DataLoader<string, unknown>((ids) =>
        Promise.all(ids.map((id) => this.source.load(id, kind).catch((error: Error) => error))),
      );
      this.loaders.set(kind, loader);
    }
    return loader.load(connectorId) as Promise<AccountDataKinds[K]>;
  }

  /** Builds a value once per session under `key`. */
  once<T>(key: string, build: () => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const value = build();
    this.memo.set(key, value);
    return value;
  }
}
