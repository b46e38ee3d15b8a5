import type { SourceRead } from '../sources/connector.js';
import type { SourceSpec } from '../sources/source.js';

/**
 * An asset family: its SDL, the sources that feed it, and how its asset
 * rows are built from their values. Everything else (loading, root fields,
 * `where` filters, relations, snapshots, the permissions list, the loopback
 * endpoint's routing) derives from the registry of modules.
 */
export interface AssetModule {
  /** The family's name, also its folder under src/model/. */
  readonly name: string;
  /** Object types, and `extend type` for relations it adds to other families' types. No Query fields: they are derived. */
  readonly sdl: string;
  readonly sources: readonly SourceSpec[];
  /** Asset types (implementing `Asset`), by type name. */
  readonly types?: Readonly<Record<string, AssetType>>;
  /** Nested value types (not assets): the fields their objects carry, by type name. */
  readonly values?: Readonly<Record<string, readonly string[]>>;
  /** Relations, by type then field; a module may add relations to another module's types. */
  readonly relations?: Readonly<Record<string, Readonly<Record<string, Relation>>>>;
}

export interface AssetType {
  /** The root field listing these assets (`awsRegions`). */
  readonly root: string;
  /** The root field's description. */
  readonly description: string;
  /** Built per region in scope (and carrying `region`), or once per account. */
  readonly regional?: boolean;
  /** Sources whose values the rows are built from: loaded (per region, when regional) before `rows` runs. */
  readonly needs: readonly SourceSpec[];
  /**
   * The fields every row carries, besides those the engine adds (`accountId`,
   * `provider`, `cloudProvider`, and `region` for regional types). The engine
   * refuses to start when an SDL field is backed by neither a field nor a
   * relation, and refuses a row that lacks one: a field never reads as a null
   * nobody wrote.
   */
  readonly fields: readonly string[];
  /** The rows of one account (of one region, when regional), from loaded values: synchronous. */
  readonly rows: (view: SourceView) => readonly Record<string, unknown>[];
}

/** What a row builder sees: the loaded values of one account (and region). Reading an unloaded or failed source throws. */
export interface SourceView {
  readonly connectorId: string;
  readonly accountId: string;
  /** The account's display name: configured, else its alias, else the connector id. */
  readonly accountName: string;
  /** The region being built, for regional types. */
  readonly region?: string;
  /** The regions in scope for the account: enabled, and named by the connector's `regions:` (default: every enabled one). */
  regionsInScope(): readonly string[];
  /** A source's value as the AWS CLI prints it (or its "not configured" answer). */
  value(source: SourceSpec): unknown;
  /** Where a source's value came from (a snapshot file, an API operation), for error messages. */
  origin(source: SourceSpec): string;
  /** Something built once per account from values (a parsed report), shared by every type built from it. */
  derived<T>(key: string, build: () => T): T;
  /** Fails the rows being built as unreadable data: the account's ERROR, naming what. */
  fail(code: string, message: string): never;
}

/**
 * A field resolved in memory from the account's graph: a relation to rows
 * of another type, or a value a module adds to another module's type (the
 * IAM family adds `mfaSerialNumbers` to the credential report's `IAMUser`).
 */
export interface Relation {
  /** The field's type: an asset type, a value type, or a scalar (`String`, `Boolean`, ...). */
  readonly to: string;
  /** One value (or null), or a list. */
  readonly many: boolean;
  /** Asset types the resolver reads besides `to`: loaded before any query that touches the field. */
  readonly via?: readonly string[];
  readonly resolve: (row: Record<string, unknown>, graph: GraphView) => unknown;
}

/** The asset graph of one account, as relations see it: rows by type, built once and indexed. */
export interface GraphView {
  readonly connectorId: string;
  /** Every row of a type in this account (all regions in scope). */
  rows(type: string): readonly Record<string, unknown>[];
  /** Rows of a type indexed by a key, built once per account and type. */
  index(type: string, key: (row: Record<string, unknown>) => string | undefined): ReadonlyMap<string, readonly Record<string, unknown>[]>;
  /** The account's Connector row. */
  connector(): Record<string, unknown>;
  /** A reference that must resolve inside the account's own data and does not: the account's ERROR, naming it. */
  dangling(what: string): never;
  /**
   * A source's value and where it came from (account-wide, or of `region`),
   * for a relation that reads what a type of its `via` is built from (the
   * planner has loaded it then). Throws the source's error if it could not be read.
   */
  read(source: SourceSpec, region?: string): SourceRead;
}

export function defineModule(module: AssetModule): AssetModule {
  return module;
}

/** A 1:N relation. */
export const many = (to: string, resolve: (row: Record<string, unknown>, graph: GraphView) => readonly unknown[], via?: readonly string[]): Relation => ({ to, many: true, resolve, via });
/** A 1:1 relation (null when there is none). */
export const one = (to: string, resolve: (row: Record<string, unknown>, graph: GraphView) => unknown, via?: readonly string[]): Relation => ({ to, many: false, resolve, via });
