/** Timing helpers: warm-up runs, then the median of several timed runs, each after a full GC when one can be forced. */

export interface Timing {
  medianMs: number;
  minMs: number;
  maxMs: number;
  runs: number;
  /** Calls of the task per timed run (short tasks repeat; the times are per call). */
  callsPerRun: number;
}

export interface MeasureOptions {
  /** Runs before timing starts: JIT compilation, file cache, lazy module init. @default 1 */
  warmup?: number;
  /** Timed runs; the median is reported. @default 5 */
  runs?: number;
}

const gc = (globalThis as { gc?: () => void }).gc;
/** A timed run shorter than this repeats the task: timer resolution and one-off pauses would dominate a single call. */
const MIN_RUN_MS = 20;

export async function measure(task: () => unknown, options: MeasureOptions = {}): Promise<Timing> {
  const { warmup = 1, runs = 5 } = options;
  for (let i = 0; i < warmup; i++) await task();
  const probe = performance.now();
  await task();
  const repeat = Math.min(1000, Math.max(1, Math.ceil(MIN_RUN_MS / (performance.now() - probe))));
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    await settle();
    const start = performance.now();
    for (let r = 0; r < repeat; r++) await task();
    times.push((performance.now() - start) / repeat);
  }
  times.sort((a, b) => a - b);
  return { medianMs: median(times), minMs: times[0], maxMs: times[times.length - 1], runs, callsPerRun: repeat };
}

/**
 * A full collection, so garbage of the previous run is not collected in this
 * one, then a pause for V8's concurrent sweeping to finish: timed straight
 * after a forced GC, a run paid for the sweep (up to 2x on a 10,000-account heap).
 */
async function settle(): Promise<void> {
  if (!gc) return;
  gc();
  await new Promise((resolve) => setTimeout(resolve, 20));
}

export function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Peak resident memory of this process so far, MB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export interface Throughput {
  operationsPerSecond: number;
  latencyMs: { p50: number; p99: number; average: number };
  operations: number;
}

/** Runs `task` back to back for `seconds` (after `warmupSeconds` untimed): operations per second and latency percentiles. */
export async function throughput(task: () => unknown, seconds: number, warmupSeconds = 1): Promise<Throughput> {
  const until = (end: number, each: (ms: number) => void) =>
    (async () => {
      while (performance.now() < end) {
        const start = performance.now();
        await task();
        each(performance.now() - start);
      }
    })();
  await until(performance.now() + warmupSeconds * 1000, () => {});
  const latencies: number[] = [];
  const start = performance.now();
  await until(start + seconds * 1000, (ms) => latencies.push(ms));
  const elapsed = performance.now() - start;
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  return {
    operationsPerSecond: (latencies.length * 1000) / elapsed,
    latencyMs: { p50: percentile(50), p99: percentile(99), average: latencies.reduce((a, b) => a + b, 0) / latencies.length },
    operations: latencies.length,
  };
}
