import { GraphQLError, print } from 'graphql';
import type { Plugin, YogaInitialContext } from 'graphql-yoga';
import { QueryError, type Engine } from '../engine/types.js';

export interface EngineExecutionOptions {
  /** Lexical tokens in one document. */
  maxTokens: number;
}

/**
 * Runs requests on the engine itself, so the API sees the same dialect and
 * execution as the CLI: documents parsed as catalogues write them (library
 * fragments such as `AssetFragment` appended when spread, outer braces
 * optional), queries compiled with graphql-jit, and a new session (DataLoader)
 * per request over the engine's shared account-data cache.
 */
export function useEngineExecution(engine: Engine, options: EngineExecutionOptions): Plugin {
  return {
    onParse({ setParseFn }) {
      setParseFn((source) => {
        const text = typeof source === 'string' ? source : source.body;
        try {
          return engine.parse(text, { maxTokens: options.maxTokens });
        } catch (error) {
          // graphql-js parses recursively: a document nested thousands deep (within the token limit) overflows it.
          if (error instanceof RangeError) throw nestingError();
          if (!(error instanceof QueryError)) throw error;
          const [first] = error.errors;
          // graphql-js words this oddly ("more that N tokens"); say which limit it is.
          if (first.message.includes('tokens. Parsing aborted')) throw tokenLimitError(options.maxTokens);
          throw first;
        }
      });
    },
    onExecute({ args, setExecuteFn }) {
      const params = (args.contextValue as Partial<YogaInitialContext>).params;
      // The text as sent keys the engine's compiled-query cache; printing is the fallback.
      const document = typeof params?.query === 'string' ? params.query : print(args.document);
      setExecuteFn(() =>
        engine.query(document, (args.variableValues ?? undefined) as Record<string, unknown> | undefined, { operationName: args.operationName ?? undefined }),
      );
    },
  };
}

function tokenLimitError(limit: number): GraphQLError {
  return new GraphQLError(`Syntax Error: Token limit of ${limit} exceeded (server.limits.maxTokens).`, { extensions: { code: 'QUERY_TOO_LARGE' } });
}

function nestingError(): GraphQLError {
  return new GraphQLError('Syntax Error: the document nests too deeply to parse.', { extensions: { code: 'QUERY_TOO_DEEP' } });
}
