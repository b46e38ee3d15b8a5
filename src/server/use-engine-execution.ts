import { getOperationAST, GraphQLError, print, type ExecutionResult } from 'graphql';
import type { Plugin, YogaInitialContext } from 'graphql-yoga';
import { QueryError, type Engine } from '../engine/types.js';
import type { KnownQueries } from './known-queries.js';

/**
 * Runs requests on the engine itself, so the API sees the same dialect,
 * limits and execution as the CLI and stored checks: documents parsed as
 * catalogues write them (library fragments such as `AssetFragment` appended
 * when spread, outer braces optional), bounded by the engine's document
 * limits before validation, queries compiled with graphql-jit, and a new
 * session (DataLoader) per request over the engine's shared account-data cache.
 */
export interface EngineExecutionOptions {
  /** Milliseconds after which the engine stops evaluating (the same as the response timeout), so a slow filter cannot hold the process. */
  timeout: number;
  /** Where queries the engine accepted are recorded, for the hot path (src/server/hot-path.ts). */
  known?: KnownQueries;
  /** Results the hot path already has for a node request (errors to mask and answer): used instead of running the query again. */
  answered?: WeakMap<object, ExecutionResult>;
}

export function useEngineExecution(engine: Engine, options: EngineExecutionOptions): Plugin {
  return {
    onParse({ setParseFn }) {
      setParseFn((source) => {
        const text = typeof source === 'string' ? source : source.body;
        try {
          return engine.parse(text);
        } catch (error) {
          if (!(error instanceof QueryError)) throw error;
          throw error.errors[0];
        }
      });
    },
    onValidate({ setValidationFn }) {
      // The engine checks limits, then validates, when it prepares the document: once, not twice.
      setValidationFn(() => []);
    },
    onExecute({ args, setExecuteFn }) {
      const params = (args.contextValue as Partial<YogaInitialContext>).params;
      // The text as sent keys the engine's compiled-query cache; printing is the fallback.
      const document = typeof params?.query === 'string' ? params.query : print(args.document);
      // Stop the work, not only the wait for it: when the time is up, or when the client has gone away.
      const request = (args.contextValue as Partial<YogaInitialContext>).request;
      const answered = options.answered?.get((args.contextValue as { req?: object }).req ?? args.contextValue);
      if (answered) {
        setExecuteFn(() => asRequestErrors(answered));
        return;
      }
      const signals = [AbortSignal.timeout(options.timeout), ...(request?.signal ? [request.signal] : [])];
      const operationName = args.operationName ?? undefined;
      setExecuteFn(async () => {
        const result = await engine.query(document, (args.variableValues ?? undefined) as Record<string, unknown> | undefined, { operationName, signal: AbortSignal.any(signals) });
        // Data means the engine accepted the document; mutations always take the whole pipeline.
        if (options.known && 'data' in result && typeof params?.query === 'string' && getOperationAST(args.document, operationName)?.operation === 'query') options.known.add(document, operationName);
        return asRequestErrors(result);
      });
    },
  };
}

/**
 * A result without `data` is a request the engine refused (limits,
 * validation, variables, unknown connector): GraphQL over HTTP answers it
 * with 400, as graphql-yoga does its own validation errors.
 */
function asRequestErrors(result: ExecutionResult): ExecutionResult {
  if ('data' in result || !result.errors) return result;
  return {
    errors: result.errors.map(
      (error) =>
        new GraphQLError(error.message, {
          nodes: error.nodes,
          source: error.source,
          positions: error.positions,
          path: error.path,
          originalError: error.originalError,
          extensions: { ...error.extensions, http: { status: 400, spec: true } },
        }),
    ),
  };
}
