import type { CORSOptions } from 'graphql-yoga';
import type { ServerConfig } from '../config/config.js';

/**
 * Bounds on what one request may ask of the server. Defaults leave every
 * catalogue query (and GraphiQL's introspection) well inside them.
 */
export interface ServerLimits {
  /** Deepest field selection, fragments followed; introspection is exempt. @default 10 */
  maxDepth?: number;
  /** Aliased fields in one document. @default 30 */
  maxAliases?: number;
  /** Lexical tokens in one document (bounds parsing work). @default 10000 */
  maxTokens?: number;
  /** Static query cost (graphql-armor: object 2, scalar 1, x1.5 per level); introspection is exempt. @default 5000 */
  maxCost?: number;
  /** Request body size in bytes. @default 102400 (100 KiB) */
  maxBodyBytes?: number;
  /** Values in one `_IN` / `_NOT_IN` list of a `where` filter. @default 1000 */
  maxInListLength?: number;
  /** Nesting of input objects inside one `where` filter (the documented query has 3). @default 10 */
  maxFilterDepth?: number;
  /** Milliseconds a request may execute before it is answered with a timeout error. @default 30000 */
  timeout?: number;
}

export const DEFAULT_LIMITS: Required<ServerLimits> = {
  maxDepth: 10,
  maxAliases: 30,
  maxTokens: 10_000,
  maxCost: 5_000,
  maxBodyBytes: 100 * 1024,
  maxInListLength: 1_000,
  maxFilterDepth: 10,
  timeout: 30_000,
};

export interface ServerOptions {
  /**
   * Bearer token every GraphQL request must carry (`Authorization: Bearer <token>`):
   * at least 16 visible ASCII characters, no spaces.
   * @default the engine config's `server.token`; none = no authentication
   */
  token?: string;
  /** Request limits; each one left out takes the config's `server.limits`, then the default. @default DEFAULT_LIMITS */
  limits?: ServerLimits;
  /**
   * Host names (the `Host` header, port ignored) the server answers to. Without a token
   * this stops web pages from reaching a loopback server through DNS rebinding.
   * @default loopback names (localhost, 127.0.0.1, [::1]) without a token; any with one
   */
  allowedHosts?: readonly string[] | '*';
  /** Error details and stack traces in responses; never turn on in production. @default false */
  development?: boolean;
  /** CORS for browser clients on other origins. @default false (same origin only) */
  cors?: CORSOptions | false;
  /** GraphiQL for browsers at the GraphQL endpoint, its assets served locally. @default true */
  graphiql?: boolean;
  /** Where the GraphQL endpoint lives. @default '/graphql' */
  graphqlEndpoint?: string;
  /** Liveness probe path: the process is up. @default '/healthz' */
  healthEndpoint?: string;
  /** Readiness probe path: this process can serve requests (it never calls AWS). @default '/readyz' */
  readyEndpoint?: string;
}

/** Limits from options, then config, then defaults. */
export function resolveLimits(fromOptions: ServerLimits | undefined, config: ServerConfig): Required<ServerLimits> {
  const limits = { ...DEFAULT_LIMITS };
  for (const source of [config.limits ?? {}, fromOptions ?? {}]) {
    for (const [key, value] of Object.entries(source)) if (value !== undefined) (limits as Record<string, number>)[key] = value;
  }
  return limits;
}
