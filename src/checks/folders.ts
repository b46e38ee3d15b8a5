import path from 'node:path';
import type { AssetqlConfig } from '../config/config.js';
import { BUNDLED_CHECKS_DIR } from '../paths.js';

export interface CheckFolders {
  /** Where `check add` writes: the first config `checks:` folder, else `checks/` beside the config file. */
  store: string;
  /** What is loaded, bundled folder first; `optional` folders may not exist yet. */
  load: { dir: string; optional?: boolean }[];
}

export function checkFolders(config: Pick<AssetqlConfig, 'checks' | 'file'>, baseDir = process.cwd()): CheckFolders {
  const store = config.checks[0] ?? path.join(config.file ? path.dirname(config.file) : baseDir, 'checks');
  const load: CheckFolders['load'] = [{ dir: BUNDLED_CHECKS_DIR }, ...config.checks.map((dir) => ({ dir }))];
  if (config.checks.length === 0) load.push({ dir: store, optional: true });
  // The same folder named twice (the config beside the package) is loaded once.
  const seen = new Set<string>();
  return { store, load: load.filter(({ dir }) => !seen.has(path.resolve(dir)) && seen.add(path.resolve(dir))) };
}
