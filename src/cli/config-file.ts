import { existsSync } from 'node:fs';
import { DEFAULT_CONFIG_FILE } from '../config/config.js';
import { UsageError } from './io.js';

/** `--config FILE`, else `./assetql.config.yaml`, which must then exist. */
export function configPath(option: string | undefined): string {
  if (option) return option;
  if (!existsSync(DEFAULT_CONFIG_FILE)) {
    throw new UsageError(`no ${DEFAULT_CONFIG_FILE} in the current folder; pass --config FILE (see examples/assetql.config.yaml)`);
  }
  return DEFAULT_CONFIG_FILE;
}
