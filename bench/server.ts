/**
 * Part 4: the documented query over HTTP (the server in node:http, load from
 * autocannon in another process) against the HTTP floor (a bare node:http
 * handler answering the same bytes, bench/http-floor.ts), alternating in
 * rounds, and against the same query through `engine.query` in-process and
 * through the server without a socket (`server.fetch`). Account data is
 * cached (`cacheTtl`), as a long-running server is configured, so every
 * figure is query work, not file reads.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Options } from 'autocannon';
import { createEngine } from '../src/index.js';
import { startServer } from '../src/server/index.js';
import type { DataSet } from './data-set.js';
import { DOCUMENTED_QUERY, floorFromFolders } from './floor.js';
import { startHttpFloor } from './http-floor.js';
import { median, throughput, type Throughput } from './measure.js';
import { BENCH_NOW, snapshotConfig } from './synthetic.js';
import { formatCount, formatMs, table } from './table.js';

const IN_PROCESS_SECONDS = 5;
const HTTP_SECONDS = 5;
const CONNECTIONS = 10;
const CACHE_TTL_MS = 60 * 60 * 1000;
/** Alternating floor/server rounds per account count: the machine is shared, so medians of neighbours. */
const ROUNDS: Record<number, number> = { 10: 5 };
const DEFAULT_ROUNDS = 1;

export interface HttpLoad {
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number; average: number };
  ok: number;
  non2xx: number;
  errors: number;
}

export interface ServerCase {
  accounts: number;
  /** One entry per round, in the order run (floor then server each round). */
  floorRounds: HttpLoad[];
  httpRounds: HttpLoad[];
  floor: HttpLoad;
  http: HttpLoad;
  inProcess: Throughput;
  serverFetch: Throughput;
}

export interface ServerResult {
  connections: number;
  secondsPerRun: number;
  cases: ServerCase[];
}

export async function run(data: DataSet): Promise<ServerResult> {
  const cases: ServerCase[] = [];
  for (const count of new Set([10, data.checkPackAccounts])) cases.push(await measureCase(data.accountDirs.slice(0, count)));
  return { connections: CONNECTIONS, secondsPerRun: HTTP_SECONDS, cases };
}

async function measureCase(dirs: string[]): Promise<ServerCase> {
  const engine = await createEngine({ config: snapshotConfig(dirs), cacheTtlMs: CACHE_TTL_MS, now: BENCH_NOW });
  const running = await startServer(engine, { port: 0, graphiql: false });
  const request = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: DOCUMENTED_QUERY }) };
  // The first request loads every account into the cache, and proves the answer right.
  const answer = await fetch(running.url, request);
  const body = Buffer.from(await answer.arrayBuffer());
  const contentType = answer.headers.get('content-type') ?? '';
  const data = (JSON.parse(body.toString('utf8')) as { data?: unknown }).data;
  if (answer.status !== 200 || JSON.stringify(data) !== JSON.stringify(floorFromFolders(dirs))) throw new Error(`server answer is wrong: ${body.toString('utf8').slice(0, 300)}`);
  const floor = await startHttpFloor({ body, contentType }, new URL(running.url).pathname);
  try {
    const fromFloor = await fetch(floor.url, request);
    const floorBody = Buffer.from(await fromFloor.arrayBuffer());
    if (!floorBody.equals(body) || fromFloor.headers.get('content-type') !== contentType) throw new Error('the HTTP floor does not answer the bytes the server answers');

    // HTTP first: after `server.fetch` calls in this process, autocannon's requests went unanswered (graphql-yoga 5.24.1; raw sockets and fetch still were).
    const floorRounds: HttpLoad[] = [];
    const httpRounds: HttpLoad[] = [];
    for (let round = 0; round < (ROUNDS[dirs.length] ?? DEFAULT_ROUNDS); round++) {
      floorRounds.push(await loadOverHttp(floor.url, request));
      httpRounds.push(await loadOverHttp(running.url, request));
    }
    const inProcess = await throughput(() => engine.query(DOCUMENTED_QUERY), IN_PROCESS_SECONDS);
    const serverFetch = await throughput(async () => (await running.server.fetch(running.url, request)).text(), IN_PROCESS_SECONDS);
    return { accounts: dirs.length, floorRounds, httpRounds, floor: medianLoad(floorRounds), http: medianLoad(httpRounds), inProcess, serverFetch };
  } finally {
    await floor.close();
    await running.close();
    await engine.close();
  }
}

async function loadOverHttp(url: string, request: { method: string; headers: Record<string, string>; body: string }): Promise<HttpLoad> {
  const load = await loadGenerator({ url, ...request, connections: CONNECTIONS, duration: HTTP_SECONDS, warmup: { connections: CONNECTIONS, duration: 1 } });
  if (load.ok === 0 || load.non2xx > 0 || load.errors > 0) throw new Error(`HTTP load on ${url}: ${load.ok} answers, ${load.non2xx} non-2xx, ${load.errors} errors`);
  return load;
}

function loadGenerator(options: Options): Promise<HttpLoad> {
  const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), 'load-generator.js');
  return new Promise((resolve, reject) => {
    let result: HttpLoad | undefined;
    const child = fork(entry, [JSON.stringify(options)], { stdio: 'inherit' });
    child.on('message', (message) => (result = message as HttpLoad));
    child.on('error', reject);
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`load generator failed (exit code ${code})`))));
  });
}

/** The round with the median request rate (its latencies with it). */
function medianLoad(rounds: HttpLoad[]): HttpLoad {
  const sorted = [...rounds].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  const rate = median(sorted.map((load) => load.requestsPerSecond));
  return sorted.reduce((best, load) => (Math.abs(load.requestsPerSecond - rate) < Math.abs(best.requestsPerSecond - rate) ? load : best));
}

export function format(result: ServerResult): string {
  const rows = result.cases.flatMap((c) => {
    const rounds = c.httpRounds.length;
    const of = rounds > 1 ? `, median of ${rounds}` : '';
    return [
      [`${formatCount(c.accounts)} accounts: HTTP floor (bare node:http${of})`, c.floor.requestsPerSecond.toFixed(0), formatMs(c.floor.latencyMs.p50), formatMs(c.floor.latencyMs.p99), String(result.connections), '1x'],
      [`${formatCount(c.accounts)} accounts: HTTP, the server${of}`, c.http.requestsPerSecond.toFixed(0), formatMs(c.http.latencyMs.p50), formatMs(c.http.latencyMs.p99), String(result.connections), `${(c.floor.requestsPerSecond / c.http.requestsPerSecond).toFixed(2)}x`],
      [`${formatCount(c.accounts)} accounts: server.fetch, no socket`, c.serverFetch.operationsPerSecond.toFixed(0), formatMs(c.serverFetch.latencyMs.p50), formatMs(c.serverFetch.latencyMs.p99), '1 (serial)', ''],
      [`${formatCount(c.accounts)} accounts: engine.query in-process`, c.inProcess.operationsPerSecond.toFixed(0), formatMs(c.inProcess.latencyMs.p50), formatMs(c.inProcess.latencyMs.p99), '1 (serial)', ''],
    ];
  });
  const rounds = result.cases
    .filter((c) => c.httpRounds.length > 1)
    .map((c) => `${formatCount(c.accounts)} accounts, req/s per round (floor / server): ${c.floorRounds.map((f, i) => `${f.requestsPerSecond.toFixed(0)} / ${c.httpRounds[i].requestsPerSecond.toFixed(0)}`).join(', ')}`);
  return [
    table(`4. Documented query served: requests per second and latency (account data cached; HTTP ${result.secondsPerRun} s runs, floor and server alternating)`, ['how', 'req/s', 'p50 ms', 'p99 ms', 'in flight', 'vs floor'], rows),
    ...rounds,
  ].join('\n');
}
