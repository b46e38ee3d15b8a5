/**
 * `npm run bench`: generates the synthetic accounts, runs each benchmark in
 * its own Node process, prints the tables and writes bench/results.json.
 *
 *   node dist/bench/run.js [--quick] [--only part,part] [--profile]
 *
 * --quick    smaller scale, for working on the benchmarks (results.json is not written)
 * --only     run only these parts (results.json is not written): engine-vs-floor,
 *            check-pack, live-accounts, server, parsing, iam-graph, logging
 * --profile  write a V8 CPU profile per part into bench/profiles (open in Chrome DevTools)
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PACKAGE_ROOT } from '../src/paths.js';
import { FULL_SCALE, QUICK_SCALE, generateDataSet, loadDataSet } from './data-set.js';
import { PARTS } from './parts.js';

const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, profile: { type: 'boolean', default: false } },
});
const selected = values.only ? values.only.split(',').map((name) => name.trim()) : Object.keys(PARTS);
const unknown = selected.filter((name) => !PARTS[name]);
if (unknown.length > 0) throw new Error(`unknown part ${unknown.join(', ')} (parts: ${Object.keys(PARTS).join(', ')})`);
const complete = !values.quick && !values.only;

const workDir = mkdtempSync(path.join(os.tmpdir(), 'assetql-bench-'));
try {
  const started = performance.now();
  const dataSetFile = generateDataSet(workDir, values.quick ? QUICK_SCALE : FULL_SCALE);
  const data = loadDataSet(dataSetFile);
  console.log(`Generated ${data.accountDirs.length.toLocaleString('en-US')} + 1 synthetic accounts (seed ${data.seed}) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);

  const results: Record<string, unknown> = {};
  for (const name of selected) {
    const partStarted = performance.now();
    const result = await runPart(name, dataSetFile, values.profile);
    results[name] = result;
    console.log((await PARTS[name]()).format(result));
    console.log(`\n(${name}: ${((performance.now() - partStarted) / 1000).toFixed(0)} s)\n`);
  }

  if (complete) {
    const file = path.join(PACKAGE_ROOT, 'bench', 'results.json');
    writeFileSync(file, `${JSON.stringify({ generatedAt: new Date().toISOString(), machine: machine(), scale: FULL_SCALE, seed: data.seed, results }, null, 2)}\n`);
    console.log(`Wrote ${path.relative(process.cwd(), file)}`);
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

/** Each part in a fresh process: its own heap, peak memory and JIT state, nothing left over from the last. */
function runPart(name: string, dataSetFile: string, profile: boolean): Promise<unknown> {
  const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), 'part.js');
  const execArgv = ['--expose-gc', ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(PACKAGE_ROOT, 'bench', 'profiles')}`, `--cpu-prof-name=${name}.cpuprofile`] : [])];
  return new Promise((resolve, reject) => {
    let result: unknown;
    // The SDK's notice that later releases need Node 22 is known (package.json pins it); keep the tables clean.
    const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
    const child = fork(entry, [name, dataSetFile], { execArgv, env, stdio: 'inherit' });
    child.on('message', (message) => (result = message));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 && result !== undefined ? resolve(result) : reject(new Error(`benchmark ${name} failed (exit code ${code})`))));
  });
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
  };
}
