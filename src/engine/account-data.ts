import type { AccountSlots } from '../sources/account-slots.js';
import { ConnectorError, type AccountIdentity, type Connector, type SourceRead } from '../sources/connector.js';
import { ShapeError, checkShape } from '../sources/shape.js';
import { cliCommand, type SourceSpec } from '../sources/source.js';
import type { LoadEvent } from './types.js';

/** How a per-resource source's parent is read. */
export type ParentLoader = (parent: SourceSpec, region: string | undefined) => Promise<SourceRead>;

interface Cached {
  value: Promise<unknown>;
  /** When the value may no longer be used: counted from when the load settled, so a slow load is never started twice. */
  expires: number;
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

  connector(id: string): Connector | undefined {
    return this.byId.get(id);
  }

  identity(connectorId: string): Promise<AccountIdentity> {
    return this.cached(`identity\u0000${connectorId}`, () => this.fetch(connectorId, 'identity', async (connector) => checkedIdentity(connectorId, await connector.identify()))) as Promise<AccountIdentity>;
  }

  /**
   * A source's value. A per-resource source's parent is read through
   * `loadParent` when given (the session's loaders, so that a parent several
   * sources list their resources from is read once per run), else here.
   */
  load(connectorId: string, source: SourceSpec, region: string | undefined, loadParent: ParentLoader = (parent, at) => this.load(connectorId, parent, at)): Promise<SourceRead> {
    const what = region ? `${source.id}@${region}` : source.id;
    return this.cached(`${what}\u0000${connectorId}`, () =>
      this.fetch(connectorId, what, async (connector) => {
        const parent = source.perResource ? (await loadParent(source.perResource.parent, region)).value : undefined;
        const read = await connector.read(source, region ? { region } : {}, parent);
        return { value: this.checked(connectorId, source, read, region), origin: read.origin };
      }),
    ) as Promise<SourceRead>;
  }

  /** Forget cached data (all, or one connector's). */
  clear(connectorId?: string): void {
    if (connectorId === undefined) this.cache.clear();
    else for (const key of this.cache.keys()) if (key.endsWith(`\u0000${connectorId}`)) this.cache.delete(key);
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

  private cached(key: string, load: () => Promise<unknown>): Promise<unknown> {
    const hit = this.cache.get(key);
    if (hit && hit.expires > Date.now()) return hit.value;
    const value = load();
    if (this.options.cacheTtlMs > 0) {
      const entry: Cached = { value, expires: Number.POSITIVE_INFINITY };
      this.cache.set(key, entry);
      value.then(
        () => {
          entry.expires = Date.now() + this.options.cacheTtlMs;
        },
        () => {
          // Only this entry: a newer load of the same data may have replaced it meanwhile.
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
