import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: code runs from `src/` under vitest and from `dist/src/` when built. */
function findPackageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('assetql: cannot find the package root');
    dir = parent;
  }
  return dir;
}

export const PACKAGE_ROOT = findPackageRoot();
/** The SDL files (`*.graphql`) and the fragment library (`fragments.graphql`). */
export const SCHEMA_DIR = path.join(PACKAGE_ROOT, 'schema');
/** The checks that ship with assetql. */
export const BUNDLED_CHECKS_DIR = path.join(PACKAGE_ROOT, 'checks');
/** The views (named root fields) that ship with assetql. */
export const BUNDLED_VIEWS_DIR = path.join(PACKAGE_ROOT, 'views');
