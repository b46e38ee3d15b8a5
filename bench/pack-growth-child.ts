/**
 * One in-process run of the whole pack, in a fresh process (so its peak
 * memory is its own): `node pack-growth-child.js <config.yaml>`, forked by
 * bench/pack-growth.ts. createEngine, then one cold `engine.runChecks()`;
 * sends the times, the process's CPU and peak RSS, and the summary line.
 */
import { createEngine } from '../src/index.js';
import { BENCH_NOW } from './synthetic.js';

export interface InProcessRun {
  engineStartMs: number;
  runMs: number;
  /** CPU of the whole process (start-up included), ms. */
  cpuMs: number;
  maxRssMb: number;
  /** Heap still used after the run, after a full GC, with the report still held. */
  heapAfterMb: number;
  summary: string;
}

const [configFile] = process.argv.slice(2);
if (!configFile || !process.send) throw new Error('usage: forked by bench/pack-growth.ts with <config.yaml>');
const gc = (globalThis as { gc?: () => void }).gc;

const startedAt = performance.now();
// The config file `check run` reads, so both load the same checks (relative paths from its folder).
const engine = await createEngine({ config: configFile, now: BENCH_NOW });
const engineStartMs = performance.now() - startedAt;
const runStartedAt = performance.now();
const report = await engine.runChecks();
const runMs = performance.now() - runStartedAt;
gc?.();
const heapAfterMb = process.memoryUsage().heapUsed / 2 ** 20;
const usage = process.resourceUsage();
const { summary: s } = report;
const result: InProcessRun = {
  engineStartMs,
  runMs,
  cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
  maxRssMb: usage.maxRSS / 1024,
  heapAfterMb,
  summary: `${s.results} results: ${s.pass} passed, ${s.fail} failed, ${s.error} errors, ${s.waived} waived`,
};
await engine.close();
process.send(result, () => process.exit(0));
