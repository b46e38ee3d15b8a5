import type { CORSOptions } from 'graphql-yoga';
import type { ServerConfig } from '../config/config.js';
import { DEFAULT_DOCUMENT_LIMITS, type DocumentLimits } from '../engine/limits.js';
import { OptionError } from '../engine/types.js';

/**
 * Bounds on what one request may ask of the server: the engine's document
 * limits (which bound stored checks and the CLI the same way) plus what only
 * HTTP has, body size and a timeout.
 */
export interface ServerLimits extends DocumentLimits {
  /** Request body size in bytes. @default 102400 (100 KiB) */
  maxBodyBytes?: number;
  /** Milliseconds a request may execute before it is answered with a timeout error (at most an hour). @default 30000 */
  timeout?: number;
}

/** The longest `timeout`: beyond this a request is not interactive, and timers overflow at 24.8 days. */
export const MAX_TIMEOUT_MS = 3_600_000;

export const DEFAULT_LIMITS: Readonly<Required<ServerLimits>> = {
  ...DEFAULT_DOCUMENT_LIMITS,
  maxBodyBytes: 100 * 1024,
  timeout: 30_000,
};

export interface ServerOptions {
  /**
   * Bearer token every GraphQL request must carry (`Authorization: Bearer <token>`):
   * at least 16 visible ASCII characters, no spaces.
   * @default the engine config's `server.token`; none = no authentication
   */
  token?: string;
  /**
   * Request limits; each one left out takes the engine's (its `limits` option,
   * else the config's `server.limits`), then the default. Stored checks are
   * always validated with the engine's. @default DEFAULT_LIMITS
   */
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

/** The HTTP-only limits from options, then config, then defaults; a value out of range is an `OptionError`. */
export function resolveHttpLimits(fromOptions: ServerLimits | undefined, config: ServerConfig): { maxBodyBytes: number; timeout: number } {
  const pick = (name: 'maxBodyBytes' | 'timeout') => fromOptions?.[name] ?? config.limits?.[name] ?? DEFAULT_LIMITS[name];
  const maxBodyBytes = pick('maxBodyBytes');
  const timeout = pick('timeout');
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1) throw new OptionError(`limits.maxBodyBytes: expected a whole number of bytes of at least 1, found ${JSON.stringify(maxBodyBytes)}`);
  if (!(timeout > 0 && timeout <= MAX_TIMEOUT_MS)) throw new OptionError(`limits.timeout: expected milliseconds, more than 0 and at most ${MAX_TIMEOUT_MS} (1h), found ${JSON.stringify(timeout)}`);
  return { maxBodyBytes, timeout };
}
