import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { loadStoredChecks } from '../../checks/catalog.js';
import { CatalogueFolderError, planCatalogueImport, type SkippedEntry } from '../../checks/import/plan-import.js';
import { printable } from '../../checks/report/printable.js';
import { EXIT } from '../../checks/results.js';
import { FileExistsError, writeFileAtomic } from '../../checks/store.js';
import { configPath } from '../config-file.js';
import { UsageError, type CliIO } from '../io.js';
import { openEngine, optionalConfig } from './check.js';
import { rethrowWriteFailure } from './check-io.js';

export interface CheckImportArgs {
  dir: string;
  config?: string;
  /** Keep the rules for this cloud provider. @default aws */
  provider?: string;
  /** Replace stored checks with the same ids. */
  force?: boolean;
}

/**
 * `assetql check import DIR`: a control catalogue's rules for one provider
 * as stored checks. Every rule is validated first; then each valid one is
 * written atomically to the check folder. Prints what was imported and what
 * was skipped and why; exit 0 when every rule for the provider imported, 2
 * when some could not be (the valid ones are still stored).
 */
export async function checkImportCommand(args: CheckImportArgs, io: Pick<CliIO, 'stdout' | 'stderr'>): Promise<number> {
  const engine = await openEngine(args.config === undefined ? optionalConfig(undefined) : configPath(args.config));
  try {
    const provider = args.provider ?? 'aws';
    const stored = await loadStoredChecks(engine);
    let plan;
    try {
      plan = await planCatalogueImport(path.resolve(args.dir), engine, { provider });
    } catch (error) {
      if (error instanceof CatalogueFolderError) throw new UsageError(`${args.dir}: ${error.message}`);
      throw error;
    }
    const skipped: SkippedEntry[] = [...plan.skipped];
    const written: string[] = [];
    await mkdir(stored.folders.store, { recursive: true }).catch((error: unknown) => rethrowWriteFailure(error, `cannot create the check folder ${stored.label(stored.folders.store)}`));
    for (const check of plan.checks) {
      const existing = stored.registry.get(check.id);
      let target = path.join(stored.folders.store, `${check.id}.yaml`);
      if (existing?.file) {
        if (!args.force || path.dirname(existing.file) !== path.resolve(stored.folders.store)) {
          skipped.push({ source: check.source, reason: `check ${check.id} is already stored in ${stored.label(existing.file)}${args.force ? ', outside the check folder' : '; pass --force to replace it'}`, expected: false });
          continue;
        }
        target = existing.file;
      }
      try {
        await writeFileAtomic(target, check.text, { exclusive: !args.force });
      } catch (error) {
        if (error instanceof FileExistsError) {
          skipped.push({ source: check.source, reason: `${stored.label(target)} exists; pass --force to replace it`, expected: false });
          continue;
        }
        rethrowWriteFailure(error, `cannot store ${check.id} in ${stored.label(stored.folders.store)}`);
      }
      written.push(check.id);
      io.stdout.write(`imported ${check.id} from ${printable(check.source)}\n`);
    }
    for (const entry of skipped) io.stderr.write(`${entry.expected ? 'left out' : 'skipped'} ${printable(entry.source)}: ${printable(entry.reason)}\n`);
    const failed = skipped.filter((entry) => !entry.expected).length;
    io.stdout.write(`${written.length} imported into ${printable(stored.label(stored.folders.store))}, ${failed} skipped, ${skipped.length - failed} left out (disabled, or no ${printable(provider)} rule)\n`);
    return failed === 0 ? EXIT.ok : EXIT.error;
  } finally {
    await engine.close();
  }
}
