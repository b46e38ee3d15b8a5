/**
 * Preloaded into a measured process (`node --import process-usage.js ...`):
 * when it exits, writes its own CPU time and peak resident memory to the file
 * named by ASSETQL_BENCH_USAGE_FILE. Node gives a parent no rusage of its
 * children, and a process knows its own exactly, start-up included.
 */
import { writeFileSync } from 'node:fs';

export interface ProcessUsage {
  userMs: number;
  systemMs: number;
  maxRssMb: number;
}

const file = process.env.ASSETQL_BENCH_USAGE_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    const result: ProcessUsage = { userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000, maxRssMb: usage.maxRSS / 1024 };
    writeFileSync(file, JSON.stringify(result));
  });
}
