import { loadConfig } from '../../config/config.js';
import { tokenProblem } from '../../config/token.js';
import { createEngine } from '../../create-engine.js';
import { ListenError, startServer } from '../../server/start-server.js';
import { configPath } from '../config-file.js';
import { UsageError, type CliIO } from '../io.js';
import { logLevelOf, stderrLog } from '../log.js';

/** A server reuses account data this long when the config's `cacheTtl` is 0: a burst of requests must load each account once. */
export const SERVE_CACHE_TTL_MS = 5 * 60_000;

export interface ServeArgs {
  config?: string;
  host?: string;
  port?: number;
  /** `--log-level` and `-v`: what is told on stderr. */
  logLevel?: string;
  verbose?: boolean;
}

/**
 * `assetql serve`: GraphiQL and the GraphQL API until SIGINT or SIGTERM.
 * Prints the URL on stdout once listening; resolves after closing.
 */
export async function serveCommand(args: ServeArgs, io: CliIO, stopped: Promise<unknown> = shutdownSignal()): Promise<number> {
  if (args.port !== undefined && !(Number.isInteger(args.port) && args.port >= 0 && args.port <= 65535)) {
    throw new UsageError(`--port ${args.port}: expected a port number (0-65535)`);
  }
  const token = io.env.ASSETQL_TOKEN || undefined;
  // Checked before anything loads, with the rule the config's server.token follows.
  const problem = token === undefined ? undefined : tokenProblem(token);
  if (problem) throw new UsageError(`ASSETQL_TOKEN: ${problem}`);
  const file = configPath(args.config);
  const { cacheTtlMs } = await loadConfig(file);
  const engine = await createEngine({ config: file, cacheTtlMs: cacheTtlMs > 0 ? cacheTtlMs : SERVE_CACHE_TTL_MS, log: stderrLog(io, logLevelOf(args)) });
  try {
    const running = await startServer(engine, {
      host: args.host,
      port: args.port,
      token,
      development: io.env.NODE_ENV === 'development',
    }).catch((error: unknown) => {
      throw error instanceof ListenError ? new UsageError(error.message) : error;
    });
    io.stdout.write(`assetql: serving ${engine.connectors.length} accounts; GraphiQL and the API at ${running.url}\n`);
    await stopped;
    await running.close();
    io.stderr.write('assetql: stopped\n');
    return 0;
  } finally {
    await engine.close();
  }
}

function shutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
