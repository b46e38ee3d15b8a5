import type { ExecutionResult } from 'graphql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { tokenProblem } from '../config/token.js';
import { OptionError, type Engine } from '../engine/types.js';
import { checkApi, type CheckApiEngine } from './check-api/index.js';
import { clientText } from './client-text.js';
import { DEFAULT_GRAPHIQL_QUERY, graphiqlAssetsPath, renderLocalGraphiQL, useGraphiQLAssets } from './graphiql.js';
import type { HotPathOptions } from './hot-path.js';
import { KnownQueries } from './known-queries.js';
import { maskErrorFor } from './mask-error.js';
import { resolveHttpLimits, type ServerOptions } from './options.js';
import { useAuth } from './use-auth.js';
import { useCsrfPrevention } from './use-csrf-prevention.js';
import { useEngineExecution } from './use-engine-execution.js';
import { useExecutionTimeout } from './use-execution-timeout.js';
import { LOOPBACK_HOSTS, useHostCheck } from './use-host-check.js';
import { useReadiness } from './use-readiness.js';

/** What `createServer` needs: the engine `createEngine` returns (queries and the check catalog). */
export type ServerEngine = Engine & CheckApiEngine;

/**
 * A graphql-yoga server: a request listener for `node:http`
 * (`http.createServer(server)`), Express middleware (`app.use(server.graphqlEndpoint, server)`)
 * and a Fetch handler (`server.fetch(request)`); see docs/server.md for Fastify.
 */
export type AssetqlServer = YogaServerInstance<Record<string, unknown>, Record<string, unknown>>;

/**
 * Serves an engine over GraphQL: the asset schema plus the check API,
 * GraphiQL, health and readiness probes, and safe defaults (the engine's
 * document limits, body size, masked errors without local paths, timeout,
 * no batching, same-origin only). Listening is the caller's: `startServer`
 * keeps the loopback-unless-token rule. Throws `OptionError` for a token or
 * limit it cannot use.
 */
export function createServer(engine: ServerEngine, options: ServerOptions = {}): AssetqlServer {
  return buildServer(engine, options).server;
}

/**
 * The server, and what its hot path (src/server/hot-path.ts) needs to answer
 * repeated queries in front of it: `startServer` listens with both. No hot
 * path with CORS on, whose answers depend on the request's origin.
 */
export function buildServer(engine: ServerEngine, options: ServerOptions = {}): { server: AssetqlServer; hotPath?: HotPathOptions } {
  const config = engine.config.server;
  const http = resolveHttpLimits(options.limits, config);
  const token = options.token ?? config.token;
  const problem = token === undefined ? undefined : tokenProblem(token);
  if (problem) throw new OptionError(`token: ${problem}`);
  const endpoint = options.graphqlEndpoint ?? '/graphql';
  const graphiql = options.graphiql !== false;
  const assets = graphiqlAssetsPath(endpoint);
  const allowedHosts = options.allowedHosts ?? (token ? '*' : LOOPBACK_HOSTS);
  const forClients = clientText(engine.config);
  // The same engine (connectors, account-data cache) with the check API on its schema, and this server's limits.
  const api = engine.extend([checkApi(engine, { clientText: forClients })], { limits: options.limits });

  const known = new KnownQueries();
  const answered = new WeakMap<object, ExecutionResult>();

  const server = createYoga<Record<string, unknown>, Record<string, unknown>>({
    schema: api.schema,
    graphqlEndpoint: endpoint,
    healthCheckEndpoint: options.healthEndpoint ?? '/healthz',
    graphiql: graphiql && { title: 'assetql', endpoint, defaultQuery: DEFAULT_GRAPHIQL_QUERY },
    renderGraphiQL: renderLocalGraphiQL(assets),
    landingPage: false,
    batching: false,
    cors: options.cors ?? false,
    // Multipart bodies are uploads (none here) and a way around CORS preflights.
    multipart: false,
    maxRequestBodySize: http.maxBodyBytes,
    maskedErrors: { isDev: options.development ?? false, maskError: maskErrorFor(forClients) },
    plugins: [
      allowedHosts !== '*' && useHostCheck({ allowed: allowedHosts }),
      useReadiness({ endpoint: options.readyEndpoint ?? '/readyz' }),
      graphiql && useGraphiQLAssets({ basePath: assets }),
      token ? useAuth({ token }) : false,
      useCsrfPrevention(),
      useEngineExecution(api, { timeout: http.timeout, known, answered }),
      // Last: it wraps the engine's execute function set above.
      useExecutionTimeout({ timeout: http.timeout }),
    ],
  });
  const hotPath = options.cors ? undefined : { engine: api, endpoint, allowedHosts, token, maxBodyBytes: http.maxBodyBytes, timeout: http.timeout, known, answered };
  return { server, hotPath };
}
