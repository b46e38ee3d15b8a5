import { GraphQLError, type ExecutionResult, type GraphQLSchema, type DocumentNode } from 'graphql';
import type { AssetqlConfig, AssetqlConfigInput } from '../config/config.js';
import type { AssetModule } from '../model/module.js';
import type { Registry } from '../model/registry.js';
import type { Connector } from '../sources/connector.js';
import type { AwsTiming } from '../sources/live/timing.js';
import type { Log } from '../sources/log.js';
import type { DocumentLimits, ResolvedDocumentLimits } from './limits.js';
import type { SchemaExtension } from './schema.js';

export interface EngineOptions {
  /** A config file path, or a config object as it would be written in YAML. */
  config?: string | AssetqlConfigInput;
  /** Where relative paths of a config object resolve. @default process.cwd() */
  baseDir?: string;
  /** Connectors built in code, used instead of the config's. */
  connectors?: Connector[];
  /** A fixed clock for date math; otherwise each query or run reads the clock when it starts. */
  now?: Date | string;
  /** Accounts loaded at once. @default config `concurrency`, else 8 */
  concurrency?: number;
  /** Reuse account data across queries for this long (ms); 0 = once per session. @default config `cacheTtl`, else 0 */
  cacheTtlMs?: number;
  /** Told when an account's data starts and finishes loading (for progress displays). */
  onLoad?: (event: LoadEvent) => void;
  /** Told of every live AWS request (with its request id) and retry decision, and of each report's state. @default nothing is told */
  log?: Log;
  /** Poll intervals, back-offs and deadlines of the live AWS connectors the engine builds. @default suited to real AWS */
  awsTiming?: Partial<AwsTiming>;
  /**
   * How queries execute: compiled with graphql-jit, or interpreted by graphql-js
   * (slower; the reference the compiled path is tested against). @default 'compiled'
   */
  execution?: 'compiled' | 'interpreted';
  /** The asset families the engine serves. @default every family assetql ships (src/model/registry.ts) */
  modules?: readonly AssetModule[];
  /** Serve the bundled views and the config's `views:` folders as root fields. @default true */
  views?: boolean;
  /**
   * Read snapshot folders synchronously: for many small files several times
   * faster than asynchronous reads, but nothing else runs while a file is
   * read. For one-shot runs (the CLI's `query` and `check run`), never a
   * server. @default false
   */
  blockingReads?: boolean;
  /** Bounds on every document the engine prepares (queries, stored checks); each left out: config `server.limits`, then the default. */
  limits?: DocumentLimits;
}

/** What `onLoad` hears: one event per connector and source (and region). */
export interface LoadEvent {
  connector: string;
  /** `identity`, or the source's id (`iam/get-credential-report`, `regions/eu-west-1` sources as `<id>@<region>`). */
  data: string;
  state: 'start' | 'done' | 'failed';
  /** With `failed`: the error (a ConnectorError where the connector raised one). */
  error?: Error;
}

export interface QueryOptions {
  /** Only these connectors' assets are visible to the query. @default every connector */
  connectors?: readonly string[];
  /** The clock for date math in this query. @default the engine's `now`, else the current time */
  now?: Date | string;
  /** Account data already loaded in this session is reused; a check run is one session. @default a new session */
  session?: Session;
  operationName?: string;
  /** Stops a long evaluation (a server's timeout, a client gone): checked between accounts and every few thousand rows. An AbortSignal, or anything with `aborted`. */
  signal?: StopSignal;
}

/** What the engine reads of an AbortSignal: whether to stop. */
export interface StopSignal {
  readonly aborted: boolean;
}

/** A document ready to execute: braces added when left out, library fragments appended, validated. */
export interface PreparedDocument {
  /** The text as executed (after braces and fragments). */
  source: string;
  document: DocumentNode;
}

/** One unit of work that loads each account's data at most once (per-session DataLoaders). */
export interface Session {
  readonly now: Date;
  /**
   * Lets go of what the session holds of one account (its loads and its
   * graph), so a run done with an account does not keep it in memory to the
   * end. A later query in the session reads the account again.
   */
  release?(connectorId: string): void;
}

export interface Engine {
  readonly schema: GraphQLSchema;
  readonly config: AssetqlConfig;
  readonly connectors: readonly Connector[];
  /** The document limits in effect. */
  readonly limits: ResolvedDocumentLimits;
  /** The asset families, their sources and relations. */
  readonly registry: Registry;
  /** Runs a query; validation and data errors come back in `errors`, never thrown. */
  query(document: string, variables?: Record<string, unknown>, options?: QueryOptions): Promise<ExecutionResult>;
  /** Parses a document, checks it against the limits and validates it; throws `QueryError` listing every problem with its location. */
  prepare(document: string): PreparedDocument;
  /** Parses a document as `prepare` does (braces optional, library fragments appended) without validating it; throws `QueryError`. */
  parse(document: string, options?: { maxTokens?: number }): DocumentNode;
  /**
   * The same engine (config, connectors, account-data cache) over a schema
   * with more SDL and resolvers layered on: how the server adds its check API.
   */
  extend(extensions: readonly SchemaExtension[], options?: { limits?: DocumentLimits }): Engine;
  /**
   * The same schema, limits and compiled documents over other connectors,
   * with account data of their own (no cache shared): what a queue worker
   * uses per account, so the schema is built and each check compiled once
   * per process rather than once per account.
   */
  withConnectors(connectors: readonly Connector[]): Engine;
  /** A session shares loaded account data across queries (and fixes the clock). */
  createSession(options?: { now?: Date | string }): Session;
  /** The full SDL, generated filter inputs included. */
  printSchema(): string;
  close(): Promise<void>;
}

/** A document that does not parse or validate. `errors` carry locations in the document as given. */
export class QueryError extends Error {
  override readonly name = 'QueryError';
  constructor(readonly errors: readonly GraphQLError[]) {
    super(errors.map((error) => formatGraphQLError(error)).join('\n'));
  }
}

/** An engine or query option with a value it cannot use (e.g. `now` that is not a timestamp). */
export class OptionError extends Error {
  override readonly name = 'OptionError';
}

export function formatGraphQLError(error: GraphQLError): string {
  const where = error.locations?.map((l) => `${l.line}:${l.column}`).join(', ');
  return where ? `${where}: ${error.message}` : error.message;
}

/**
 * A fault of the code (a bug, a connector that broke its contract), not of
 * an account's data: `extensions.code` is `INTERNAL_ERROR`, so reports and
 * exit codes keep it apart from "could not be read". The server masks it.
 */
export function internalError(error: unknown): GraphQLError {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new GraphQLError(`internal error: ${message}`, {
    originalError: error instanceof Error ? error : undefined,
    extensions: { code: 'INTERNAL_ERROR' },
  });
}
