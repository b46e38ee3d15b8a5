import type { GraphView, SourceView } from '../model/module.js';
import type { RegisteredType, Registry } from '../model/registry.js';
import { describeRegions, type DescribeRegionsValue } from '../model/regions/sources.js';
import { ConnectorError, type AccountIdentity, type SourceRead } from '../sources/connector.js';
import type { SourceSpec } from '../sources/source.js';
import { internalError } from './types.js';

/** Where a row keeps its account's graph, for relations: a symbol, so JSON and `Object.keys` never see it. */
export const GRAPH = Symbol('assetql.graph');

/** How the graph loads what it needs: the session's per-run loaders over the engine's cache. */
export interface GraphLoader {
  identity(connectorId: string): Promise<AccountIdentity>;
  load(connectorId: string, source: SourceSpec, region: string | undefined): Promise<SourceRead>;
  /** The regions the config names for the account; absent: every enabled one. */
  configuredRegions(connectorId: string): readonly string[] | undefined;
}

type Outcome = { ok: true; read: SourceRead } | { ok: false; error: unknown };
const ENGINE_FIELDS = ['accountId', 'provider', 'cloudProvider'];

/**
 * The asset graph of one account in one session. `prepare` loads (once)
 * the sources of the types a query touches, every region in scope for
 * regional ones; after that everything is synchronous: rows are built once
 * per type, relations resolve through indexes built once. A source that
 * could not be read is kept as its error, so the types built from it fail
 * (that account's ERROR) while the rest of the account still answers.
 */
export class AccountGraph implements GraphView {
  private identity?: AccountIdentity;
  private readonly outcomes = new Map<string, Outcome>();
  private readonly pending = new Map<string, Promise<void>>();
  private readonly built = new Map<string, { rows: readonly Record<string, unknown>[] } | { error: unknown }>();
  private readonly derivedValues = new Map<string, unknown>();
  private readonly indexes = new Map<string, Map<unknown, ReadonlyMap<string, readonly Record<string, unknown>[]>>>();
  private scope?: readonly string[];
  /** Types whose sources are loaded (or failed, which is kept): `prepare` has nothing left to do for them. */
  private readonly ready = new Set<RegisteredType>();

  constructor(
    readonly connectorId: string,
    private readonly registry: Registry,
    private readonly loader: GraphLoader,
  ) {}

  /**
   * Loads what the types need: the identity and every source at once (a
   * snapshot's report is then read once for both). Undefined when all of it
   * is loaded already, so a warm query stays synchronous. Rejects only when
   * the account's identity cannot be had (then nothing of it can be built).
   */
  prepare(types: readonly RegisteredType[]): Promise<void> | undefined {
    if (this.identity && types.every((type) => this.ready.has(type))) return undefined;
    return this.load(types);
  }

  private async load(types: readonly RegisteredType[]): Promise<void> {
    const identity = this.identity ? undefined : this.loader.identity(this.connectorId).then((found) => void (this.identity = found));
    const accountWide = types.filter((type) => !type.regional).flatMap((type) => type.needs.map((source) => this.ensure(source, undefined)));
    const regional = types.some((type) => type.regional) ? this.loadRegional(types.filter((type) => type.regional)) : undefined;
    await Promise.all([identity, ...accountWide, regional]);
    for (const type of types) this.ready.add(type);
  }

  private async loadRegional(types: readonly RegisteredType[]): Promise<void> {
    await this.ensure(describeRegions, undefined);
    let regions: readonly string[];
    try {
      regions = this.regionsInScope();
    } catch {
      return; // the regional types fail when built, with the reason
    }
    await Promise.all(types.flatMap((type) => type.needs.flatMap((source) => regions.map((region) => this.ensure(source, region)))));
  }

  /** Every row of a type in this account, built once. Throws the ConnectorError of a source it needs that could not be read. */
  rows(type: string): readonly Record<string, unknown>[] {
    let entry = this.built.get(type);
    if (!entry) {
      try {
        entry = { rows: this.build(type) };
      } catch (error) {
        entry = { error };
      }
      this.built.set(type, entry);
    }
    if ('error' in entry) throw entry.error;
    return entry.rows;
  }

  index(type: string, key: (row: Record<string, unknown>) => string | undefined): ReadonlyMap<string, readonly Record<string, unknown>[]> {
    let byKey = this.indexes.get(type);
    if (!byKey) this.indexes.set(type, (byKey = new Map()));
    let index = byKey.get(key);
    if (!index) {
      const map = new Map<string, Record<string, unknown>[]>();
      for (const row of this.rows(type)) {
        const value = key(row);
        if (value === undefined) continue;
        const list = map.get(value);
        if (list) list.push(row);
        else map.set(value, [row]);
      }
      byKey.set(key, (index = map));
    }
    return index;
  }

  connector(): Record<string, unknown> {
    return this.rows('Connector')[0];
  }

  dangling(what: string): never {
    throw new ConnectorError(this.connectorId, 'DanglingReference', what);
  }

  /** The regions in scope: enabled in the account, and named by the connector's `regions:` (default: every enabled one). */
  regionsInScope(): readonly string[] {
    if (this.scope) return this.scope;
    const { Regions } = this.value(describeRegions, undefined) as DescribeRegionsValue;
    const enabled = Regions.filter((region) => region.OptInStatus !== 'not-opted-in').map((region) => region.RegionName);
    const configured = this.loader.configuredRegions(this.connectorId);
    if (configured) {
      const known = new Set(Regions.map((region) => region.RegionName));
      const unknown = configured.filter((region) => !known.has(region));
      if (unknown.length > 0) throw new ConnectorError(this.connectorId, 'RegionUnknown', `regions: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not a region' : 'are not regions'} of this account's partition (${this.origin(describeRegions, undefined)})`);
    }
    const allowed = configured ? new Set(configured) : undefined;
    this.scope = enabled.filter((region) => !allowed || allowed.has(region));
    return this.scope;
  }

  private ensure(source: SourceSpec, region: string | undefined): Promise<void> {
    const key = outcomeKey(source, region);
    if (this.outcomes.has(key)) return Promise.resolve();
    let pending = this.pending.get(key);
    if (!pending) {
      pending = this.loader.load(this.connectorId, source, region).then(
        (read) => void this.outcomes.set(key, { ok: true, read }),
        (error: unknown) => void this.outcomes.set(key, { ok: false, error }),
      );
      this.pending.set(key, pending);
    }
    return pending;
  }

  private value(source: SourceSpec, region: string | undefined): unknown {
    return this.read(source, region).value;
  }

  private origin(source: SourceSpec, region: string | undefined): string {
    return this.read(source, region).origin;
  }

  read(source: SourceSpec, region?: string): SourceRead {
    const outcome = this.outcomes.get(outcomeKey(source, region));
    // A type read a source its `needs` do not list: a fault of the module, not of the account.
    if (!outcome) throw internalError(new Error(`source ${source.id}${region ? ` in ${region}` : ''} was read before it was loaded (is it in the type's needs?)`));
    if (!outcome.ok) throw outcome.error;
    return outcome.read;
  }

  private build(name: string): readonly Record<string, unknown>[] {
    const type = this.registry.type(name);
    if (!type) throw internalError(new Error(`no asset type ${name}`));
    const identity = this.identity;
    if (!identity) throw internalError(new Error(`account ${this.connectorId} was read before it was prepared`));
    const regions = type.regional ? this.regionsInScope() : [undefined];
    const rows: Record<string, unknown>[] = [];
    for (const region of regions) {
      for (const row of type.rows(this.view(identity, region))) {
        const stamped = row as Record<string | symbol, unknown>;
        stamped.__typename = name;
        stamped.accountId = identity.accountId;
        stamped.provider = 'aws';
        stamped.cloudProvider = 'aws';
        if (region !== undefined) stamped.region = region;
        stamped[GRAPH] = this;
        for (const field of type.fields) {
          // A field nobody wrote would read as null and let a positive filter pass: refuse the row instead.
          if (row[field] === undefined) throw internalError(new Error(`module ${type.module}: a ${name} row has no ${field} (write null for "none")`));
        }
        rows.push(row);
      }
    }
    return rows;
  }

  private view(identity: AccountIdentity, region: string | undefined): SourceView {
    return {
      connectorId: this.connectorId,
      accountId: identity.accountId,
      accountName: identity.name,
      region,
      regionsInScope: () => this.regionsInScope(),
      value: (source) => this.value(source, source.scope === 'region' ? region : undefined),
      origin: (source) => this.origin(source, source.scope === 'region' ? region : undefined),
      derived: <T>(key: string, build: () => T): T => {
        const memo = `${key}@${region ?? ''}`;
        if (!this.derivedValues.has(memo)) this.derivedValues.set(memo, build());
        return this.derivedValues.get(memo) as T;
      },
      fail: (code, message) => {
        throw new ConnectorError(this.connectorId, code, message);
      },
    };
  }
}

/** The fields the engine writes on every asset row, so modules need not. */
export function engineFields(type: Pick<RegisteredType, 'regional'>): readonly string[] {
  return type.regional ? [...ENGINE_FIELDS, 'region'] : ENGINE_FIELDS;
}

const outcomeKey = (source: SourceSpec, region: string | undefined) => `${source.id}@${region ?? ''}`;
