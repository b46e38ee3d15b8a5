/**
 * Part 11: the whole bundled pack as the accounts grow (issue 18): every
 * check over 1,000, 2,000, 5,000 and 10,000 accounts (a tenth, a fifth, a
 * half and all of the data set's), each account carrying every family the
 * generator writes. Two ways, each a fresh process: `assetql check run` as a
 * user runs it (start-up and the printed table included), and the runner
 * in-process (`engine.runChecks()`). Runs alternate between the two and
 * between sizes; both must report the same tallies. Then time and peak
 * memory fitted as a + b x accounts.
 */
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dump } from 'js-yaml';
import { PACKAGE_ROOT } from '../src/paths.js';
import type { DataSet } from './data-set.js';
import { median } from './measure.js';
import type { InProcessRun } from './pack-growth-child.js';
import type { ProcessUsage } from './process-usage.js';
import { BENCH_NOW, snapshotConfig } from './synthetic.js';
import { formatCount, table } from './table.js';

const BIN = path.join(PACKAGE_ROOT, 'bin', 'assetql.js');
const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Shares of the data set's accounts measured (10,000 at full scale). */
const SHARES = [0.1, 0.2, 0.5, 1];
/** Runs per size and way: the short runs vary most on a shared machine; the longest take minutes each. */
const ROUNDS = (share: number) => (share <= 0.2 ? 3 : 1);

export type Way = 'cli' | 'in-process';

export interface Tally {
  results: number;
  pass: number;
  fail: number;
  error: number;
  waived: number;
}

export interface GrowthPoint {
  way: Way;
  accounts: number;
  runs: number;
  /** Medians over the runs. */
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
  /** In-process only: the run alone (createEngine aside), and the heap still used after it with the report held. */
  runMs?: number;
  heapAfterMb?: number;
}

export interface Fit {
  /** y = a + b x accounts. */
  a: number;
  b: number;
  /** Largest distance of a point from the line, as a share of the point. */
  worstResidual: number;
}

export interface PackGrowthResult {
  checks: number;
  /** Apparent size of the snapshot folders read at each size. */
  dataBytes: Record<number, number>;
  files: Record<number, number>;
  tallies: Record<number, Tally>;
  points: GrowthPoint[];
  fits: Record<Way, { wallMs: Fit; cpuMs: Fit; maxRssMb: Fit }>;
}

export async function run(data: DataSet): Promise<PackGrowthResult> {
  const sizes = SHARES.map((share) => Math.round(share * data.accountDirs.length));
  const work = mkdtempSync(path.join(os.tmpdir(), 'assetql-pack-growth-'));
  try {
    const configs = new Map(sizes.map((size) => {
      const file = path.join(work, `config-${size}.yaml`);
      writeFileSync(file, dump(snapshotConfig(data.accountDirs.slice(0, size))));
      return [size, file];
    }));
    const { bytes, files } = folderSizes(data.accountDirs.slice(0, Math.max(...sizes)), sizes);

    const samples = new Map<string, { wallMs: number; cpuMs: number; maxRssMb: number; runMs?: number; heapAfterMb?: number }[]>();
    const tallies: Record<number, Tally> = {};
    let checks = 0;
    const record = (way: Way, size: number, sample: { wallMs: number; cpuMs: number; maxRssMb: number; runMs?: number; heapAfterMb?: number }, tally: Tally) => {
      const known = tallies[size];
      if (known && JSON.stringify(known) !== JSON.stringify(tally)) throw new Error(`${size} accounts: ${way} reported ${JSON.stringify(tally)}, before ${JSON.stringify(known)}`);
      tallies[size] = tally;
      const key = `${way}\u0000${size}`;
      samples.set(key, [...(samples.get(key) ?? []), sample]);
    };
    // Round-robin: every size and both ways once per round, so machine load falls on all of them alike.
    const rounds = Math.max(...SHARES.map(ROUNDS));
    for (let round = 0; round < rounds; round++) {
      for (const [i, size] of sizes.entries()) {
        if (round >= ROUNDS(SHARES[i])) continue;
        const cli = await runCli(configs.get(size)!, work);
        record('cli', size, cli, cli.tally);
        checks = cli.tally.results / size;
        const own = await runInProcess(configs.get(size)!);
        record('in-process', size, { wallMs: own.engineStartMs + own.runMs, cpuMs: own.cpuMs, maxRssMb: own.maxRssMb, runMs: own.runMs, heapAfterMb: own.heapAfterMb }, own.tally);
      }
    }

    const points: GrowthPoint[] = [];
    for (const way of ['cli', 'in-process'] as const) {
      for (const size of sizes) {
        const runs = samples.get(`${way}\u0000${size}`)!;
        const mid = (pick: (s: (typeof runs)[number]) => number | undefined) => {
          const values = runs.map(pick).filter((v): v is number => v !== undefined).sort((a, b) => a - b);
          return values.length > 0 ? median(values) : undefined;
        };
        points.push({ way, accounts: size, runs: runs.length, wallMs: mid((s) => s.wallMs)!, cpuMs: mid((s) => s.cpuMs)!, maxRssMb: mid((s) => s.maxRssMb)!, runMs: mid((s) => s.runMs), heapAfterMb: mid((s) => s.heapAfterMb) });
      }
    }
    const fitOf = (way: Way, y: (p: GrowthPoint) => number) => fit(points.filter((p) => p.way === way).map((p) => [p.accounts, y(p)]));
    const fits = Object.fromEntries((['cli', 'in-process'] as const).map((way) => [way, { wallMs: fitOf(way, (p) => p.wallMs), cpuMs: fitOf(way, (p) => p.cpuMs), maxRssMb: fitOf(way, (p) => p.maxRssMb) }])) as PackGrowthResult['fits'];
    return { checks, dataBytes: bytes, files, tallies, points, fits };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** `assetql check run` over a config, its table read to the last line (the tallies); wall time here, CPU and peak RSS from the process itself. */
function runCli(config: string, work: string): Promise<{ wallMs: number; cpuMs: number; maxRssMb: number; tally: Tally }> {
  const usageFile = path.join(work, 'usage.json');
  rmSync(usageFile, { force: true });
  const args = ['--import', pathToFileURL(path.join(HERE, 'process-usage.js')).href, BIN, 'check', 'run', '--config', config, '--now', BENCH_NOW];
  const env = { ...process.env, ASSETQL_BENCH_USAGE_FILE: usageFile, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    // The table of 10,000 accounts is over 100 MB: keep only its end.
    let tail = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (tail = (tail + chunk).slice(-4096)));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4096)));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      // 1: some check failed, as the synthetic accounts make some fail; anything else is not a measurement.
      if (code !== 1) return reject(new Error(`assetql check run exited ${code}: ${stderr}`));
      const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as ProcessUsage;
      resolve({ wallMs, cpuMs: usage.userMs + usage.systemMs, maxRssMb: usage.maxRssMb, tally: tallyOf(tail) });
    });
  });
}

/** The in-process runner in a fresh process. */
function runInProcess(config: string): Promise<InProcessRun & { tally: Tally }> {
  return new Promise((resolve, reject) => {
    let result: InProcessRun | undefined;
    const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
    const child = fork(path.join(HERE, 'pack-growth-child.js'), [config], { execArgv: ['--expose-gc'], env, stdio: 'inherit' });
    child.on('message', (message) => (result = message as InProcessRun));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 && result ? resolve({ ...result, tally: tallyOf(result.summary) }) : reject(new Error(`pack-growth child exited ${code}`))));
  });
}

/** The tallies of a summary line: `N results ...: P passed, F failed, E errors, W waived`. */
function tallyOf(text: string): Tally {
  const match = /(\d+) results\b[^\n]*?: (\d+) passed, (\d+) failed, (\d+) errors, (\d+) waived/.exec(text);
  if (!match) throw new Error(`no tallies in ${JSON.stringify(text.slice(-300))}`);
  const [results, pass, fail, error, waived] = match.slice(1).map(Number);
  return { results, pass, fail, error, waived };
}

/** Bytes and files of the first `size` folders, for each size. */
function folderSizes(dirs: readonly string[], sizes: readonly number[]): { bytes: Record<number, number>; files: Record<number, number> } {
  const bytes: Record<number, number> = {};
  const files: Record<number, number> = {};
  let total = 0;
  let count = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        total += statSync(full).size;
        count += 1;
      }
    }
  };
  dirs.forEach((dir, i) => {
    walk(dir);
    if (sizes.includes(i + 1)) {
      bytes[i + 1] = total;
      files[i + 1] = count;
    }
  });
  return { bytes, files };
}

/** Least squares through the points. */
export function fit(points: readonly (readonly [number, number])[]): Fit {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const b = sxx === 0 ? 0 : points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / sxx;
  const a = my - b * mx;
  return { a, b, worstResidual: Math.max(...points.map(([x, y]) => Math.abs(y - (a + b * x)) / y)) };
}

export function format(result: PackGrowthResult): string {
  const describe = { cli: '`assetql check run` (whole process)', 'in-process': 'engine.runChecks() in a fresh process' } as const;
  const sections = (['cli', 'in-process'] as const).map((way) => {
    const points = result.points.filter((p) => p.way === way);
    const rows = points.map((p) => [
      formatCount(p.accounts),
      String(p.runs),
      (p.wallMs / 1000).toFixed(1),
      (p.cpuMs / 1000).toFixed(1),
      p.maxRssMb.toFixed(0),
      (p.wallMs / p.accounts).toFixed(1),
      (p.cpuMs / p.accounts).toFixed(1),
      ((p.maxRssMb * 1024) / p.accounts).toFixed(0),
      p.heapAfterMb === undefined ? '' : p.heapAfterMb.toFixed(0),
    ]);
    const f = result.fits[way];
    return [
      table(`11. Whole pack (${result.checks} checks), ${describe[way]}; medians`, ['accounts', 'runs', 'wall s', 'CPU s', 'peak RSS MB', 'wall ms / acct', 'CPU ms / acct', 'RSS kB / acct', 'heap after MB'], rows),
      '',
      `fit: wall ${f.wallMs.a.toFixed(0)} ms + ${f.wallMs.b.toFixed(2)} ms x accounts (worst point ${(f.wallMs.worstResidual * 100).toFixed(0)}% off); CPU ${f.cpuMs.a.toFixed(0)} ms + ${f.cpuMs.b.toFixed(2)} ms x accounts (${(f.cpuMs.worstResidual * 100).toFixed(0)}%); peak RSS ${f.maxRssMb.a.toFixed(0)} MB + ${((f.maxRssMb.b * 1024)).toFixed(0)} kB x accounts (${(f.maxRssMb.worstResidual * 100).toFixed(0)}%)`,
    ].join('\n');
  });
  const largest = Math.max(...Object.keys(result.dataBytes).map(Number));
  return [
    ...sections,
    '',
    `data read at ${formatCount(largest)} accounts: ${(result.dataBytes[largest] / 2 ** 20).toFixed(0)} MB in ${formatCount(result.files[largest])} files (${(result.dataBytes[largest] / largest / 1024).toFixed(0)} kB per account); tallies ${Object.entries(result.tallies).map(([n, t]) => `${n}: ${t.pass}/${t.fail}/${t.error}`).join(', ')}`,
  ].join('\n\n');
}
