/**
 * Prints where a V8 CPU profile spent its time: the functions with the most
 * self time, and the files with the most self time.
 *
 *   node dist/bench/profile-summary.js bench/profiles/engine-vs-floor.cpuprofile [top]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary <file.cpuprofile> [top]');
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));

const selfByFunction = new Map<string, number>();
const selfByFile = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const micros = profile.timeDeltas[i] ?? 0;
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  const where = url ? shorten(url) : '(native)';
  add(selfByFunction, `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`, micros);
  add(selfByFile, where, micros);
  total += micros;
});

print('self time by function', selfByFunction);
print('self time by file', selfByFile);

function add(map: Map<string, number>, key: string, micros: number) {
  map.set(key, (map.get(key) ?? 0) + micros);
}

function print(title: string, map: Map<string, number>) {
  console.log(`\n${title} (of ${(total / 1000).toFixed(0)} ms)`);
  for (const [key, micros] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(micros / 1000).toFixed(0).padStart(8)} ms ${((100 * micros) / total).toFixed(1).padStart(5)}%  ${key}`);
  }
}

/** `file:///…/node_modules/graphql-jit/dist/execution.js` → `graphql-jit/dist/execution.js`. */
function shorten(url: string): string {
  const modules = url.lastIndexOf('node_modules/');
  if (modules !== -1) return url.slice(modules + 'node_modules/'.length);
  const dist = url.indexOf('/dist/');
  return dist !== -1 ? url.slice(dist + '/dist/'.length) : path.basename(url);
}
