import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../paths.js';

/** The tool every report names as its producer. */
export const TOOL_NAME = 'assetql';

let version: string | undefined;

/** assetql's version, from its package.json (read once). */
export function toolVersion(): string {
  version ??= (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}
