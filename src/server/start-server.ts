import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildServer, type AssetqlServer, type ServerEngine } from './create-server.js';
import { withHotPath } from './hot-path.js';
import type { ServerOptions } from './options.js';
import { LOOPBACK_HOSTS } from './use-host-check.js';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 4000;

export interface StartServerOptions extends ServerOptions {
  /** Address to bind; anything but loopback needs a token. @default config `server.host`, else '127.0.0.1' */
  host?: string;
  /** Port; 0 picks a free one. @default config `server.port`, else 4000 */
  port?: number;
}

export interface RunningServer {
  /** The GraphQL endpoint (GraphiQL in a browser), e.g. http://127.0.0.1:4000/graphql. */
  url: string;
  server: AssetqlServer;
  http: Server;
  /** Stops listening and ends open connections. */
  close(): Promise<void>;
}

/** A bind that would expose the API unauthenticated, or an address that cannot be bound. */
export class ListenError extends Error {
  override readonly name = 'ListenError';
}

/**
 * Creates the server and listens in `node:http`. Binds 127.0.0.1 unless told
 * otherwise, and refuses any address but loopback without a token: the API
 * hands out every account's identity posture.
 */
export async function startServer(engine: ServerEngine, options: StartServerOptions = {}): Promise<RunningServer> {
  const config = engine.config.server;
  const host = options.host ?? config.host ?? DEFAULT_HOST;
  const port = options.port ?? config.port ?? DEFAULT_PORT;
  const token = options.token ?? config.token;
  if (!token && !isLoopback(host)) {
    throw new ListenError(`refusing to listen on ${host} without a token: set ASSETQL_TOKEN (or server.token in the config), or bind 127.0.0.1`);
  }
  const { server, hotPath } = buildServer(engine, { ...options, token, allowedHosts: options.allowedHosts ?? (token ? '*' : [...LOOPBACK_HOSTS, urlHost(host)]) });
  // Repeated queries answered in front of graphql-yoga, with the same safeguards (src/server/hot-path.ts).
  const http = createHttpServer(hotPath ? withHotPath(server, hotPath) : server);
  await new Promise<void>((resolve, reject) => {
    http.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' || error.code === 'EADDRNOTAVAIL' || error.code === 'EACCES' ? new ListenError(`cannot listen on ${host}:${port}: ${error.code}`) : error),
    );
    http.listen(port, host, () => resolve());
  });
  const address = http.address() as AddressInfo;
  return {
    url: `http://${urlHost(host)}:${address.port}${server.graphqlEndpoint}`,
    server,
    http,
    close: () =>
      new Promise<void>((resolve, reject) => {
        http.close((error) => (error ? reject(error) : resolve()));
        http.closeAllConnections();
      }).finally(() => server.dispose()),
  };
}

export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

/** IPv6 addresses go in brackets in URLs and Host headers. */
const urlHost = (host: string) => (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);
