import type { AccountSlots } from '../sources/account-slots.js';
import { ConnectorError, type AccountIdentity, type Connector, type SourceRead } from '../sources/connector.js';
import { ShapeError, checkShape } from '../sources/shape.js';
import { cliCommand, type SourceSpec } from '../sources/source.js';
import type { LoadEvent } from './types.js';

/** How a per-resource source's parent is read. */
export type ParentLoader = (parent: SourceSpec, region: string | undefined) => Promise<SourceRead>;

/** A cached answer, as a graph built on it sees it: good while it is still the cache's answer and has not expired. */
export interface CacheEntry {
  /** When the value may no longer be used: counted from when the load settled, so a slow load is never started twice. */
  readonly expires: number;
  /** False once the cache dropped it (a failure, `clear`, or a newer load of the same data). */
  readonly current: boolean;
}

/** Told of each cache entry a load answers from (and of its parent's), so what is built on them knows when it is stale. */
export type EntryWatcher = (entry: CacheEntry) => void;

interface Cached extends CacheEntry {
  value: Promise<unknown>;
  expires: number;
  current: boolean;
}

/**
 * The engine's door to connectors. Every value read passes its source's
 * shape check here, whichever path it came by. For long-running processes
 * it reuses results for `cacheTtlMs`, counted from when a load finished (a
 * load still running is shared, however long it takes). Failures are never
 * cached, so the next request tries again. Connectors the engine built
 * itself bound their own I/O through the engine's account slots; connectors
 * handed in by the caller are bounded here, one slot per account while a
 * load runs.
 */
export class AccountDataSource {
  private readonly byId: Map<string, Connector>;
  private readonly cache = new Map<string, Cached>();

  constructor(
    connectors: readonly Connector[],
    private readonly options: { cacheTtlMs: number; slots?: AccountSlots; onLoad?: (event: LoadEvent) => void },
  ) {
    this.byId = new Map(connectors.map((connector) => [connector.id, connector]));
  }

  /** Whether answers are kept across sessions (`cacheTtlMs` above 0). */
  get caches(): boolean {
    return this.options.cacheTtlMs > 0;
  }

  connector(id: string): Connector | undefined {
    return this.byId.get(id);
  }

  identity(connectorId: string, watch?: EntryWatcher): Promise<AccountIdentity> {
    return this.cached(`identity\u0000${connectorId}`, () => this.fetch(connectorId, 'identity', async (connector) => checkedIdentity(connectorId, await connector.identify())), watch) as Promise<AccountIdentity>;
  }

  /**
   * A source's value. A per-resource source's parent is read through
   * `loadParent` when given (the session's loaders, so that a parent several
   * sources list their resources from is read once per run), else here.
   */
  load(connectorId: string, source: SourceSpec, region: string | undefined, loadParent?: ParentLoader, watch?: EntryWatcher): Promise<SourceRead> {
    const what = region ? `${source.id}@${region}` : source.id;
    return this.cached(`${what}\u0000${connectorId}`, () =>
      this.fetch(connectorId, what, async (connector) => {
        const readParent = loadParent ?? ((parent: SourceSpec, at: string | undefined) => this.load(connectorId, parent, at, undefined, watch));
        const parent = source.perResource ? (await readParent(source.perResource.parent, region)).value : undefined;
        const read = await connector.read(source, region ? { region } : {}, parent);
        return { value: this.checked(connectorId, source, read, region), origin: read.origin };
      }),
      watch,
    ) as Promise<SourceRead>;
  }

  /** Forget cached data (all, or one connector's). */
  clear(connectorId?: string): void {
    for (const [key, entry] of this.cache) {
      if (connectorId !== undefined && !key.endsWith(`\u0000${connectorId}`)) continue;
      entry.current = false;
      this.cache.delete(key);
    }
  }

  /** The same check on both paths: a value of the wrong type is the account's ERROR, naming where and what to run. */
  private checked(connectorId: string, source: SourceSpec, read: SourceRead, region: string | undefined): unknown {
    try {
      return checkShape(source, read.value);
    } catch (error) {
      if (!(error instanceof ShapeError)) throw error;
      throw new ConnectorError(connectorId, source.malformedCode ?? 'SourceMalformed', `${read.origin}: ${error.message} (not what \`${cliCommand(source, region ? { region } : {})}\` prints)`);
    }
  }

  private cached(key: string, load: () => Promise<unknown>, watch: EntryWatcher | undefined): Promise<unknown> {
    const hit = this.cache.get(key);
    if (hit && hit.expires > Date.now()) {
      watch?.(hit);
      return hit.value;
    }
    if (hit) hit.current = false;
    const value = load();
    if (this.options.cacheTtlMs > 0) {
      const entry: Cached = { value, expires: Number.POSITIVE_INFINITY, current: true };
      this.cache.set(key, entry);
      watch?.(entry);
      value.then(
        () => {
          entry.expires = Date.now() + this.options.cacheTtlMs;
        },
        () => {
          // Only this entry: a newer load of the same data may have replaced it meanwhile.
          entry.current = false;
          if (this.cache.get(key) === entry) this.cache.delete(key);
        },
      );
    }
    return value;
  }

  private async fetch<T>(connectorId: string, data: string, read: (connector: Connector) => Promise<T>): Promise<T> {
    const connector = this.byId.get(connectorId);
    if (!connector) throw new ConnectorError(connectorId, 'UnknownConnector', 'no such connector in the config');
    const notify = (state: LoadEvent['state'], error?: Error) => this.options.onLoad?.({ connector: connectorId, data, state, error });
    const run = async () => {
      notify('start');
      try {
        const value = await read(connector);
        notify('done');
        return value;
      } catch (error) {
        // A ConnectorError is about the account's data; anything else is a fault of the code, and stays one.
        notify('failed', error instanceof Error ? error : new Error(String(error)));
        throw error;
      }
    };
    return this.options.slots ? this.options.slots.run(connectorId, run) : run();
  }
}

/** A connector that answers `identify` with anything but an identity broke its contract: a fault of the code, not of the account. */
function checkedIdentity(connectorId: string, identity: AccountIdentity): AccountIdentity {
  const { accountId, name } = (identity ?? {}) as Partial<AccountIdentity>;
  if (typeof accountId !== 'string' || !/^\d{12}$/.test(accountId) || typeof name !== 'string') {
    throw new TypeError(`connector ${connectorId}: identify() answered ${identity === null ? 'null' : typeof identity}, not { accountId: <12 digits>, name }`);
  }
  return identity;
}
