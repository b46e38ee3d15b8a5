import path from 'node:path';
import { dump } from 'js-yaml';
import type { CheckDefinitionInput } from '../../checks/definition.js';
import { checkFolders } from '../../checks/folders.js';
import { writeFileAtomic } from '../../checks/store.js';
import type { AssetqlConfig } from '../../config/config.js';

/**
 * Stores a registered check where `assetql check add` would: `<id>.yaml` in
 * the check folder, written atomically, so the next start (and the CLI)
 * loads it. The text is the input as given, defaults left to the loader.
 */
export async function storeCheck(config: Pick<AssetqlConfig, 'checks' | 'file'>, input: CheckDefinitionInput): Promise<string> {
  const file = path.join(checkFolders(config).store, `${input.id}.yaml`);
  await writeFileAtomic(file, dump(input, { lineWidth: 100, noRefs: true }));
  return file;
}
