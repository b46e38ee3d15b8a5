import { GraphQLError, responsePathAsArray, type GraphQLResolveInfo } from 'graphql';
import { compileWhere, type Predicate } from '../filters/compile.js';
import type { FilterPlan } from '../filters/generate.js';
import { whereTypeName } from '../filters/generate.js';
import type { Registry } from '../model/registry.js';
import { ConnectorError } from '../sources/connector.js';
import { GRAPH, type AccountGraph } from './graph.js';
import type { QueryPlanner } from './plan.js';
import type { RootFieldPlans } from './root-field-plans.js';
import type { EngineSession } from './session.js';
import { internalError, type StopSignal } from './types.js';

/** What every resolver sees: the session's data, the accounts in scope, the clock. */
export interface QueryContext {
  session: EngineSession;
  connectorIds: readonly string[];
  nowMs: number;
  plan: FilterPlan;
  planner: QueryPlanner;
  /** Plans of root fields already run, by field node. */
  rootFields: RootFieldPlans;
  /** Aborts a long evaluation (the server's timeout): checked between accounts and every few thousand rows. */
  signal?: StopSignal;
  /** Accounts a root field could not read while others could: reported beside the data they are missing from. */
  accountErrors: GraphQLError[];
}

/** Rows tested between two looks at the abort signal. */
const ROWS_PER_CHECK = 4096;

/**
 * Root resolvers, one per asset type, and relation resolvers, all derived
 * from the registry. The only asynchronous step is loading each account's
 * sources (what the query touches, by the planner); filtering is a
 * synchronous predicate over in-memory rows. An account that cannot be
 * loaded or parsed fails the field (fail closed): a partial list would read
 * as "nothing found" there.
 */
export function assetResolvers(registry: Registry): Record<string, unknown> {
  const Query: Record<string, unknown> = {};
  for (const type of registry.types.values()) {
    Query[type.root] = (_root: unknown, args: { where?: Record<string, unknown> | null }, context: QueryContext, info: GraphQLResolveInfo) => assetsWhere(type.name, args.where, context, info);
  }
  const resolvers: Record<string, unknown> = {
    Query,
    Asset: { __resolveType: (asset: { __typename: string }) => asset.__typename },
  };
  for (const [typeName, fields] of registry.relations) {
    const fieldResolvers: Record<string, unknown> = {};
    for (const [field, relation] of fields) {
      // A resolver, not a property: compiled queries call resolvers inside their error handling.
      fieldResolvers[field] = (row: Record<string | symbol, unknown>) => {
        try {
          return relation.resolve(row, row[GRAPH] as AccountGraph);
        } catch (error) {
          throw accountsUnavailable([accountFailure(error)], 1);
        }
      };
    }
    resolvers[typeName] = fieldResolvers;
  }
  return resolvers;
}

/**
 * The rows of one asset type matching `where`, in every account in scope:
 * what a root field answers, and what a view answers with its own filter
 * and the caller's.
 */
export async function assetsWhere(typeName: string, where: Record<string, unknown> | null | undefined, context: QueryContext, info: GraphQLResolveInfo): Promise<Record<string, unknown>[]> {
  const node = info?.fieldNodes?.[0];
  const { predicate, types } = context.rootFields.plan(typeName, where, node, context.nowMs, () => ({
    predicate: compileFilter(context, whereTypeName(typeName), where),
    types: context.planner.typesFor(typeName, where, node, info?.fragments ?? {}),
  }));
  // Accounts already loaded are answered synchronously; only the others wait (a warm query makes no promise per account).
  const perAccount: ({ rows: Record<string, unknown>[] } | { error: unknown })[] = new Array(context.connectorIds.length);
  const answer = (index: number, graph: AccountGraph) => {
    try {
      abortIfAsked(context.signal);
      perAccount[index] = { rows: matching(graph.rows(typeName), predicate, context.signal) };
    } catch (error) {
      perAccount[index] = { error };
    }
  };
  const pending: Promise<void>[] = [];
  context.connectorIds.forEach((id, index) => {
    const graph = context.session.graph(id);
    const loading = graph.prepare(types);
    if (!loading) answer(index, graph);
    else pending.push(loading.then(() => answer(index, graph), (error: unknown) => void (perAccount[index] = { error })));
  });
  if (pending.length > 0) await Promise.all(pending);
  const failures = perAccount.flatMap((outcome) => ('error' in outcome ? [accountFailure(outcome.error)] : []));
  // None readable: the field fails. Some: their rows, and an error per account that could not be read (data plus errors).
  if (failures.length === context.connectorIds.length && failures.length > 0) throw accountsUnavailable(failures, context.connectorIds.length);
  for (const failure of failures) context.accountErrors.push(accountsUnavailable([failure], context.connectorIds.length, info));
  return perAccount.flatMap((outcome) => ('rows' in outcome ? outcome.rows : []));
}

/** How `where` filters read a relation: through the account's graph, like the field resolver. */
export function relationReader(registry: Registry) {
  return (type: string, field: string) => {
    const relation = registry.relationOf(type, field);
    if (!relation) return undefined;
    return (node: Record<string | symbol, unknown>) => relation.resolve(node, node[GRAPH] as AccountGraph);
  };
}

function matching(rows: readonly Record<string, unknown>[], predicate: Predicate, signal: StopSignal | undefined): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (signal && i % ROWS_PER_CHECK === ROWS_PER_CHECK - 1) abortIfAsked(signal);
    if (predicate(rows[i])) out.push(rows[i]);
  }
  return out;
}

function abortIfAsked(signal: StopSignal | undefined): void {
  if (signal?.aborted) throw new GraphQLError('The query was stopped before it finished (its time ran out, or the client went away).', { extensions: { code: 'ABORTED' } });
}

function compileFilter(context: QueryContext, whereType: string, where: Record<string, unknown> | null | undefined): Predicate {
  try {
    return compileWhere(context.plan, whereType, where, context.nowMs);
  } catch (error) {
    // The compiler recurses with the filter: a hostile nesting (passed as a variable) overflows the stack.
    if (error instanceof RangeError) throw new GraphQLError('The where filter nests too deeply to compile.', { extensions: { code: 'FILTER_TOO_DEEP' } });
    throw error;
  }
}

/** Only a ConnectorError is about the account's data; anything else is a fault of the code and surfaces as one, never as an unreadable account. */
function accountFailure(error: unknown): ConnectorError {
  if (error instanceof ConnectorError) return error;
  if (error instanceof GraphQLError) throw error;
  throw internalError(error);
}

function accountsUnavailable(failures: ConnectorError[], total: number, info?: GraphQLResolveInfo): GraphQLError {
  // The field's own error counts the accounts; an error beside partial data is one account's.
  const summary = total > 1 && !info ? `${failures.length} of ${total} accounts could not be read: ` : '';
  return new GraphQLError(summary + failures.map((f) => f.message).join('; '), {
    ...(info ? { nodes: info.fieldNodes, path: responsePathAsArray(info.path) } : {}),
    extensions: {
      code: 'ACCOUNT_DATA_UNAVAILABLE',
      connectors: failures.map((f) => ({ id: f.connectorId, code: f.code, message: f.message })),
    },
  });
}
