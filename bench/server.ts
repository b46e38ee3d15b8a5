/**
 * Part 4: the documented query over HTTP (graphql-yoga in node:http, load
 * from autocannon in another process) against the same query through
 * `engine.query` in-process and through the server without a socket
 * (`server.fetch`). Account data is cached (`cacheTtl`), as a long-running
 * server is configured, so every figure is query work, not file reads.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Options } from 'autocannon';
import { createEngine } from '../src/index.js';
import { startServer } from '../src/server/index.js';
import type { DataSet } from './data-set.js';
import { DOCUMENTED_QUERY, floorFromFolders } from './floor.js';
import { throughput, type Throughput } from './measure.js';
import { BENCH_NOW, snapshotConfig } from './synthetic.js';
import { formatCount, formatMs, table } from './table.js';

const IN_PROCESS_SECONDS = 5;
const HTTP_SECONDS = 10;
const CONNECTIONS = 10;
const CACHE_TTL_MS = 60 * 60 * 1000;

export interface HttpLoad {
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number; average: number };
  ok: number;
  non2xx: number;
  errors: number;
}

export interface ServerCase {
  accounts: number;
  inProcess: Throughput;
  serverFetch: Throughput;
  http: HttpLoad;
}

export interface ServerResult {
  connections: number;
  cases: ServerCase[];
}

export async function run(data: DataSet): Promise<ServerResult> {
  const cases: ServerCase[] = [];
  for (const count of [10, data.checkPackAccounts]) cases.push(await measureCase(data.accountDirs.slice(0, count)));
  return { connections: CONNECTIONS, cases };
}

async function measureCase(dirs: string[]): Promise<ServerCase> {
  const engine = await createEngine({ config: snapshotConfig(dirs), cacheTtlMs: CACHE_TTL_MS, now: BENCH_NOW });
  const running = await startServer(engine, { port: 0, graphiql: false });
  try {
    const request = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: DOCUMENTED_QUERY }) };
    // The first request loads every account into the cache, and proves the answer right.
    const answer = (await (await fetch(running.url, request)).json()) as { data?: unknown; errors?: unknown };
    if (JSON.stringify(answer.data) !== JSON.stringify(floorFromFolders(dirs))) throw new Error(`server answer is wrong: ${JSON.stringify(answer).slice(0, 300)}`);

    // HTTP first: after `server.fetch` calls in this process, autocannon's requests went unanswered (graphql-yoga 5.24.1; raw sockets and fetch still were).
    const http = await loadOverHttp({ url: running.url, ...request, connections: CONNECTIONS, duration: HTTP_SECONDS, warmup: { connections: CONNECTIONS, duration: 2 } });
    if (http.ok === 0 || http.non2xx > 0 || http.errors > 0) throw new Error(`HTTP load: ${http.ok} answers, ${http.non2xx} non-2xx, ${http.errors} errors`);
    const inProcess = await throughput(() => engine.query(DOCUMENTED_QUERY), IN_PROCESS_SECONDS);
    const serverFetch = await throughput(async () => (await running.server.fetch(running.url, request)).text(), IN_PROCESS_SECONDS);
    return { accounts: dirs.length, inProcess, serverFetch, http };
  } finally {
    await running.close();
    await engine.close();
  }
}

function loadOverHttp(options: Options): Promise<HttpLoad> {
  const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), 'load-generator.js');
  return new Promise((resolve, reject) => {
    let result: HttpLoad | undefined;
    const child = fork(entry, [JSON.stringify(options)], { stdio: 'inherit' });
    child.on('message', (message) => (result = message as HttpLoad));
    child.on('error', reject);
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`load generator failed (exit code ${code})`))));
  });
}

export function format(result: ServerResult): string {
  const rows = result.cases.flatMap((c) => [
    [`${formatCount(c.accounts)} accounts: engine.query in-process`, c.inProcess.operationsPerSecond.toFixed(0), formatMs(c.inProcess.latencyMs.p50), formatMs(c.inProcess.latencyMs.p99), '1 (serial)'],
    [`${formatCount(c.accounts)} accounts: server.fetch, no socket`, c.serverFetch.operationsPerSecond.toFixed(0), formatMs(c.serverFetch.latencyMs.p50), formatMs(c.serverFetch.latencyMs.p99), '1 (serial)'],
    [`${formatCount(c.accounts)} accounts: HTTP (autocannon)`, c.http.requestsPerSecond.toFixed(0), formatMs(c.http.latencyMs.p50), formatMs(c.http.latencyMs.p99), String(result.connections)],
  ]);
  return table('4. Documented query served: requests per second and latency (account data cached)', ['how', 'req/s', 'p50 ms', 'p99 ms', 'in flight'], rows);
}
