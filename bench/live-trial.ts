/**
 * Part 3 alone, without the snapshot data set the other parts need (it
 * takes a minute to generate): for working on live speed.
 *
 *   node dist/bench/live-trial.js [--runs 5] [--in-process] [--concurrency 8,32]
 *
 * --in-process  the loopback endpoint in this process, as part 3 measured before 2026-12-01
 * Add `--cpu-prof` before the script for a V8 CPU profile.
 */
import { parseArgs } from 'node:util';
import { FULL_SCALE, type DataSet } from './data-set.js';
import { format, run } from './live-accounts.js';
import { DEFAULT_SEED } from './synthetic.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, 'in-process': { type: 'boolean', default: false }, concurrency: { type: 'string' } },
});
const data: DataSet = {
  ...FULL_SCALE,
  ...(values.concurrency ? { liveConcurrency: values.concurrency.split(',').map(Number) } : {}),
  seed: DEFAULT_SEED,
  accountDirs: [],
  accountCsvBytes: [],
  largeAccountDirs: [],
  largeCsvBytes: 0,
};
const result = await run(data, { endpointProcess: !values['in-process'], runs: Number(values.runs) });
console.log(format(result));
console.log(JSON.stringify(result.runs.map(({ concurrency, wallMs, cpuMs, endpointCpuMs }) => ({ concurrency, wallMs: wallMs.map(Math.round), cpuMs: cpuMs.map(Math.round), endpointCpuMs: endpointCpuMs.map(Math.round) }))));
