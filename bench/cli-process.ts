/**
 * Part 7: whole processes, as a user runs them. Start-up: `assetql query`
 * on the three demo accounts against a bare `node -e 0`. Scale: `assetql
 * query` over 10,000 snapshot accounts (a config listing each) against the
 * floor as a process (`floor-process.ts`). Runs alternate, so both sides see
 * the same machine load; the answers are compared before anything is timed.
 * Wall time and CPU time (user + system, which a shared machine disturbs
 * less): each child reports its own at exit. And what each dependency on the
 * query path costs to import, alone.
 */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dump } from 'js-yaml';
import { PACKAGE_ROOT } from '../src/paths.js';
import type { DataSet } from './data-set.js';
import { DOCUMENTED_QUERY } from './floor.js';
import { median } from './measure.js';
import { snapshotConfig } from './synthetic.js';
import { formatMs, formatRatio, table } from './table.js';

const BIN = path.join(PACKAGE_ROOT, 'bin', 'assetql.js');
const DEMO_CONFIG = path.join(PACKAGE_ROOT, 'examples', 'assetql.config.yaml');
const FLOOR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'floor-process.js');
/** Dependencies `assetql query` loads, each timed alone in a fresh process (less `node -e 0`). */
const DEPENDENCIES = ['graphql', 'graphql-jit', 'zod', 'js-yaml', 'commander', 're2js', 'dataloader', 'd3-dsv', 'fastest-levenshtein', 'picocolors'];

export interface ProcessPair {
  name: string;
  baseline: string;
  runs: number;
  assetqlMs: number;
  baselineMs: number;
  /** CPU time, user + system, ms. */
  assetqlCpuMs: number;
  baselineCpuMs: number;
}

export interface CliProcessResult {
  pairs: ProcessPair[];
  dependencies: { name: string; importMs: number }[];
}

const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

/** Loaded first in every child (both sides pay it): writes the process's CPU time, µs, to fd 3 as it exits. */
const CPU_REPORT = `data:text/javascript,${encodeURIComponent("import { writeSync } from 'node:fs'; process.on('exit', () => { const { user, system } = process.cpuUsage(); writeSync(3, String(user + system)); });")}`;

/** Wall and CPU time of one process, ms, and what it printed. */
function timed(args: string[], cwd = PACKAGE_ROOT): { ms: number; cpuMs: number; stdout: string } {
  const start = performance.now();
  const child = spawnSync(process.execPath, ['--import', CPU_REPORT, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 256 * 2 ** 20, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  const ms = performance.now() - start;
  if (child.status !== 0) throw new Error(`${args.join(' ').slice(0, 200)} exited ${child.status}: ${child.stderr.slice(0, 500)}`);
  return { ms, cpuMs: Number(child.output[3]) / 1000, stdout: child.stdout };
}

/** Alternating runs of both sides (one warm-up each), medians. */
function pair(name: string, baseline: string, assetql: string[], other: string[], runs: number): ProcessPair {
  const first = timed(assetql);
  const theirs = timed(other);
  if (baseline !== 'node -e 0' && first.stdout !== theirs.stdout) throw new Error(`${name}: assetql and ${baseline} print different answers`);
  const a: { ms: number; cpuMs: number }[] = [];
  const b: { ms: number; cpuMs: number }[] = [];
  for (let i = 0; i < runs; i++) {
    a.push(timed(assetql));
    b.push(timed(other));
  }
  const middle = (runs: { ms: number; cpuMs: number }[], key: 'ms' | 'cpuMs') => median(runs.map((run) => run[key]).sort((x, y) => x - y));
  return { name, baseline, runs, assetqlMs: middle(a, 'ms'), baselineMs: middle(b, 'ms'), assetqlCpuMs: middle(a, 'cpuMs'), baselineCpuMs: middle(b, 'cpuMs') };
}

export async function run(data: DataSet): Promise<CliProcessResult> {
  const query = [BIN, 'query', '--config', DEMO_CONFIG, DOCUMENTED_QUERY];
  const pairs = [pair('assetql query, 3 demo accounts', 'node -e 0', query, ['-e', '0'], 11)];

  const dirs = data.accountDirs.slice(0, Math.max(...data.engineSizes));
  const work = path.join(os.tmpdir(), `assetql-cli-bench-${process.pid}`);
  const config = `${work}.config.yaml`;
  const list = `${work}.dirs.json`;
  writeFileSync(config, dump(snapshotConfig(dirs)));
  writeFileSync(list, JSON.stringify(dirs));
  pairs.push(pair(`assetql query, ${dirs.length.toLocaleString('en-US')} accounts`, 'floor process', [BIN, 'query', '--config', config, DOCUMENTED_QUERY], [FLOOR, list], 5));

  const bare = median(Array.from({ length: 5 }, () => timed(['-e', '0']).ms).sort((x, y) => x - y));
  const dependencies = DEPENDENCIES.map((name) => {
    const script = `await import(${JSON.stringify(name)})`;
    const times = Array.from({ length: 5 }, () => timed(['--input-type=module', '-e', script]).ms).sort((x, y) => x - y);
    return { name, importMs: Math.max(0, median(times) - bare) };
  });
  rmSync(config, { force: true });
  rmSync(list, { force: true });
  return { pairs, dependencies };
}

export function format(result: CliProcessResult): string {
  const rows = result.pairs.map((p) => [
    p.name,
    formatMs(p.assetqlMs),
    `${p.baseline}: ${formatMs(p.baselineMs)}`,
    formatRatio(p.assetqlMs / p.baselineMs),
    `${formatMs(p.assetqlCpuMs)} / ${formatMs(p.baselineCpuMs)}`,
    formatRatio(p.assetqlCpuMs / p.baselineCpuMs),
    String(p.runs),
  ]);
  const deps = result.dependencies.map((d) => [d.name, formatMs(d.importMs)]);
  return [
    table('7. Whole processes (median ms, alternating runs)', ['process', 'assetql wall', 'baseline wall', 'ratio', 'CPU assetql / baseline', 'CPU ratio', 'runs'], rows),
    '',
    table('Import cost of each dependency alone (median wall ms less node -e 0)', ['dependency', 'ms'], deps),
  ].join('\n');
}
