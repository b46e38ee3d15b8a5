import type { DataSet } from './data-set.js';

/** One benchmark: `run` in its own process (clean heap, its own peak memory), `format` in the parent. */
export interface Part<Result = unknown> {
  run(data: DataSet): Promise<Result>;
  format(result: Result): string;
}

/** In the order they run and print. */
export const PARTS: Record<string, () => Promise<Part>> = {
  'engine-vs-floor': () => import('./engine-vs-floor.js'),
  'check-pack': () => import('./check-pack.js'),
  'live-accounts': () => import('./live-accounts.js'),
  server: () => import('./server.js'),
  parsing: () => import('./parsing.js'),
  'iam-graph': () => import('./iam-graph.js'),
  network: () => import('./network.js'),
  logging: () => import('./logging.js'),
  workers: () => import('./workers.js'),
  'cli-process': () => import('./cli-process.js'),
  'pack-growth': () => import('./pack-growth.js'),
  storage: () => import('./storage.js'),
};
