import path from 'node:path';
import { GraphQLError, printSchema, type ExecutionResult } from 'graphql';
import { loadConfig, parseConfig, type AssetqlConfig } from '../config/config.js';
import { MODULES, Registry } from '../model/registry.js';
import { AccountSlots } from '../sources/account-slots.js';
import type { Connector } from '../sources/connector.js';
import { createConnectors } from '../sources/create-connectors.js';
import { AccountDataSource } from './account-data.js';
import { checkVariables, parseDocument, parseFragmentLibrary, prepareDocument } from './documents.js';
import { QueryPlanner } from './plan.js';
import { RootFieldPlans } from './root-field-plans.js';
import type { QueryContext } from './resolvers.js';
import { buildEngineSchema, type SchemaExtension } from './schema.js';
import { loadViews, type LoadedViews } from '../views/load-views.js';
import { compileOperation, type CompiledOperation, type ExecutionMode } from './compile-query.js';
import { EngineSession } from './session.js';
import { SharedGraphs } from './shared-graphs.js';
import { resolveDocumentLimits, type ResolvedDocumentLimits } from './limits.js';
import { parseClock } from '../time/instant.js';
import { OptionError, QueryError, type Engine, type EngineOptions, type PreparedDocument, type QueryOptions, type Session } from './types.js';

const COMPILED_CACHE_SIZE = 500;

/** Builds the query engine: config, connectors, schema with generated filters. */
export async function createQueryEngine(options: EngineOptions = {}, extensions: readonly SchemaExtension[] = []): Promise<Engine> {
  const config = await resolveConfig(options);
  const slots = new AccountSlots(options.concurrency ?? config.concurrency);
  const connectors = options.connectors ?? (await createConnectors(config, { slots, awsTiming: options.awsTiming, log: options.log, blockingReads: options.blockingReads }));
  const source = new AccountDataSource(connectors, {
    cacheTtlMs: options.cacheTtlMs ?? config.cacheTtlMs,
    // Connectors built here take a slot per request; ones handed in are bounded per load.
    slots: options.connectors ? slots : undefined,
    onLoad: options.onLoad,
  });
  const connectorIds = connectors.map((connector) => connector.id);
  const fixedNow = options.now === undefined ? undefined : toDate(options.now, 'now');
  const limits = resolveDocumentLimits(config.server.limits, options.limits);
  const registry = new Registry(options.modules ?? MODULES);
  const graphs = source.caches ? new SharedGraphs(source, registry) : undefined;
  const views = options.views === false ? { views: [], problems: [] } : await loadViews(config.views, { baseDir: config.baseDir });
  return buildEngine({ config, connectors, connectorIds, source, graphs, fixedNow, limits, registry, views, execution: options.execution ?? 'compiled' }, extensions);
}

interface EngineShared {
  config: AssetqlConfig;
  connectors: Connector[];
  connectorIds: string[];
  source: AccountDataSource;
  /** Graphs kept across sessions, when the source caches account data. */
  graphs: SharedGraphs | undefined;
  fixedNow: Date | undefined;
  limits: ResolvedDocumentLimits;
  registry: Registry;
  views: LoadedViews;
  execution: ExecutionMode;
  /** The schema and what is compiled against it, when another engine built them (`withConnectors`). */
  built?: BuiltSchema;
}

interface BuiltSchema {
  schema: ReturnType<typeof buildEngineSchema>['schema'];
  plan: ReturnType<typeof buildEngineSchema>['plan'];
  planner: QueryPlanner;
  rootFields: RootFieldPlans;
  library: ReturnType<typeof parseFragmentLibrary>;
  compiled: Map<string, CompiledOperation | ExecutionResult>;
}

function buildSchema(registry: Registry, extensions: readonly SchemaExtension[], views: LoadedViews): BuiltSchema {
  const { schema, plan, fragments } = buildEngineSchema(registry, extensions, views);
  // Compiled queries by document text; catalogues repeat the same few documents.
  return { schema, plan, planner: new QueryPlanner(registry, schema, plan), rootFields: new RootFieldPlans(), library: parseFragmentLibrary(fragments), compiled: new Map() };
}

/** One schema over the shared parts; `extend` builds another over the same parts (same account-data cache). */
function buildEngine(shared: EngineShared, extensions: readonly SchemaExtension[]): Engine {
  const { config, connectors, connectorIds, source, graphs, fixedNow, limits, registry } = shared;
  // A Set, not `includes`: checking a scope against 10,000 connectors was quadratic.
  const known = new Set(connectorIds);
  const built = shared.built ?? buildSchema(registry, extensions, shared.views);
  const { schema, plan, planner, rootFields, library, compiled } = built;

  const prepare = (document: string): PreparedDocument => prepareDocument(document, schema, library, limits, plan);

  const createSession = (sessionOptions: { now?: Date | string } = {}): EngineSession =>
    new EngineSession(source, registry, sessionOptions.now !== undefined ? toDate(sessionOptions.now, 'now') : fixedNow ?? new Date(), graphs);

  /** A session is opaque: only one made by `createSession` of this engine (or one extended from it) is accepted. */
  const ownSession = (session: Session): EngineSession => {
    if (session instanceof EngineSession && session.belongsTo(source)) return session;
    throw new OptionError('session: not a session of this engine; pass one made by engine.createSession()');
  };

  const compile = (document: string, operationName?: string): CompiledOperation | ExecutionResult => {
    const key = `${operationName ?? ''}\u0000${document}`;
    let entry = compiled.get(key);
    if (!entry) {
      const prepared = prepare(document);
      entry = compileOperation(schema, prepared.document, operationName, shared.execution);
      if (compiled.size >= COMPILED_CACHE_SIZE) compiled.delete(compiled.keys().next().value!);
      compiled.set(key, entry);
    }
    return entry;
  };

  return {
    schema,
    config,
    connectors,
    limits,
    registry,
    prepare,
    parse: (document, parseOptions) => parseDocument(document, library, { maxTokens: parseOptions?.maxTokens ?? limits.maxTokens }),
    extend: (more, overrides) => buildEngine({ ...shared, built: undefined, limits: resolveDocumentLimits(limits, overrides?.limits) }, [...extensions, ...more]),
    withConnectors(others) {
      const slots = new AccountSlots(config.concurrency);
      const own = new AccountDataSource(others, { cacheTtlMs: config.cacheTtlMs, slots });
      const ownGraphs = own.caches ? new SharedGraphs(own, registry) : undefined;
      return buildEngine({ ...shared, connectors: [...others], connectorIds: others.map((connector) => connector.id), source: own, graphs: ownGraphs, built }, extensions);
    },
    createSession,
    printSchema: () => printSchema(schema),
    async query(document: string, variables?: Record<string, unknown>, queryOptions: QueryOptions = {}): Promise<ExecutionResult> {
      let entry: CompiledOperation | ExecutionResult;
      try {
        // Variable values are bounded like the document's own filters, before anything reads them.
        if (variables && Object.keys(variables).length > 0) checkVariables(document, variables, schema, library, limits, plan);
        entry = compile(document, queryOptions.operationName);
      } catch (error) {
        if (error instanceof QueryError) return { errors: error.errors };
        throw error;
      }
      if (!('execute' in entry)) return entry;
      const scope = queryOptions.connectors ?? connectorIds;
      const unknown = queryOptions.connectors?.filter((id) => !known.has(id)) ?? [];
      if (unknown.length > 0) return { errors: [new GraphQLError(`unknown connector ${unknown.join(', ')} (configured: ${connectorIds.join(', ')})`)] };
      const session = queryOptions.session === undefined ? createSession({ now: queryOptions.now }) : ownSession(queryOptions.session);
      const nowMs = queryOptions.now !== undefined ? toDate(queryOptions.now, 'now').getTime() : session.now.getTime();
      const context: QueryContext = { session, connectorIds: scope, nowMs, plan, planner, rootFields, signal: queryOptions.signal, accountErrors: [] };
      const result = await entry.execute(context, variables);
      return context.accountErrors.length === 0 ? result : { ...result, errors: [...(result.errors ?? []), ...context.accountErrors] };
    },
    async close() {
      source.clear();
      graphs?.clear();
    },
  };
}

async function resolveConfig(options: EngineOptions): Promise<AssetqlConfig> {
  if (typeof options.config === 'string') return loadConfig(options.config);
  if (options.config) return parseConfig(options.config, { baseDir: path.resolve(options.baseDir ?? '.') });
  if (options.connectors) return { file: null, baseDir: path.resolve(options.baseDir ?? '.'), connectors: [], checks: [], views: [], concurrency: 8, cacheTtlMs: 0, server: {} };
  throw new Error('createEngine needs a config (file path or object) or connectors');
}

/** Reads a clock option with the one instant parser filters use; a bad value is the caller's error, named. */
export function toDate(value: Date | string, label: string): Date {
  const date = parseClock(value);
  if (!date) throw new OptionError(`${label}: ${JSON.stringify(String(value))} is not an ISO-8601 date or timestamp (e.g. 2026-01-31 or 2026-01-31T12:00:00Z; no zone means UTC)`);
  return date;
}
