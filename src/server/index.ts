/** The GraphQL server: create one to mount in your own service, or start one in `node:http`. */
export { createServer, type AssetqlServer, type ServerEngine } from './create-server.js';
export { startServer, ListenError, DEFAULT_HOST, DEFAULT_PORT, type StartServerOptions, type RunningServer } from './start-server.js';
export { DEFAULT_LIMITS, type ServerLimits, type ServerOptions } from './options.js';
