import path from 'node:path';
import type { AssetqlConfig } from '../config/config.js';
import { BUNDLED_CHECKS_DIR } from '../paths.js';

export interface CheckFolders {
  /** Where `check add` (and the server's registerCheck) writes: the first config `checks:` folder, else `checks/` in the config's folder. */
  store: string;
  /** What is loaded, bundled folder first; `optional` folders may not exist yet. */
  load: { dir: string; optional?: boolean }[];
}

type ConfigPlace = Pick<AssetqlConfig, 'file' | 'baseDir'>;

/**
 * The folder a config's relative paths resolve against: the config file's
 * folder, or the `baseDir` of a config object. Only an engine built from
 * connectors alone, with no config at all, falls back to the working directory.
 */
export function configFolder(config: ConfigPlace): string {
  return config.baseDir ?? (config.file ? path.dirname(config.file) : path.resolve('.'));
}

export function checkFolders(config: Pick<AssetqlConfig, 'checks'> & ConfigPlace): CheckFolders {
  const store = config.checks[0] ?? path.join(configFolder(config), 'checks');
  const load: CheckFolders['load'] = [{ dir: BUNDLED_CHECKS_DIR }, ...config.checks.map((dir) => ({ dir }))];
  if (config.checks.length === 0) load.push({ dir: store, optional: true });
  // The same folder named twice (the config beside the package) is loaded once.
  const seen = new Set<string>();
  return { store, load: load.filter(({ dir }) => !seen.has(path.resolve(dir)) && seen.add(path.resolve(dir))) };
}

/**
 * How reports and messages name a file: relative to the config's folder,
 * and a bundled check as `assetql/checks/<file>`, never as an absolute path
 * of this machine.
 */
export function fileLabeller(config: ConfigPlace): (file: string) => string {
  const base = configFolder(config);
  return (file) => {
    const bundled = path.relative(BUNDLED_CHECKS_DIR, file);
    if (bundled === '' || (!bundled.startsWith('..') && !path.isAbsolute(bundled))) return path.join('assetql', 'checks', bundled);
    return path.relative(base, file) || '.';
  };
}
