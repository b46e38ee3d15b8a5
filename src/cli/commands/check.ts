import { existsSync } from 'node:fs';
import path from 'node:path';
import { configuredExceptions, loadStoredChecks, type StoredChecks } from '../../checks/catalog.js';
import { describeUnknownIds, unknownExceptions, type CheckException } from '../../checks/exceptions.js';
import { loadCheckFile, type LoadedCheckFile } from '../../checks/load-file.js';
import { CheckValidationError, formatProblem, type CheckProblem } from '../../checks/problems.js';
import { printable } from '../../checks/report/printable.js';
import { EXIT } from '../../checks/results.js';
import { FileExistsError, writeFileAtomic } from '../../checks/store.js';
import { DEFAULT_CONFIG_FILE } from '../../config/config.js';
import { createQueryEngine } from '../../engine/engine.js';
import type { Engine, EngineOptions } from '../../engine/types.js';
import { configPath } from '../config-file.js';
import type { CliIO } from '../io.js';
import { printProblems, rethrowWriteFailure } from './check-io.js';

type CheckIO = Pick<CliIO, 'stdout' | 'stderr' | 'isTTY'> & Partial<Pick<CliIO, 'env'>>;

export interface CheckValidateArgs {
  config?: string;
  /** Check files; none = every stored check. */
  files?: string[];
}

/**
 * `assetql check validate [FILES]`: every problem with file and line, and the
 * config's exceptions file (malformed entries are problems, unknown check or
 * connector ids warnings); exit 0 when all are valid, else 2.
 */
export async function checkValidateCommand(args: CheckValidateArgs, io: CheckIO): Promise<number> {
  const engine = await openEngine(optionalConfig(args.config));
  try {
    const stored = await loadStoredChecks(engine);
    const files = args.files ?? [];
    const problems = files.length === 0 ? [...stored.problems] : [];
    const ids = stored.registry.list().map((check) => check.definition.id);
    let valid = files.length === 0 ? ids.length : 0;
    for (const file of files) {
      // Named as given on the command line.
      const loaded = await loadCheckFile(path.resolve(file), engine, file);
      const fileProblems = [...loaded.problems, ...duplicateProblems(loaded, stored, file)];
      problems.push(...fileProblems);
      if (fileProblems.length > 0 || !loaded.check) continue;
      valid += 1;
      ids.push(loaded.check.definition.id);
    }
    let exceptions: CheckException[] = [];
    try {
      exceptions = await configuredExceptions(engine);
    } catch (error) {
      if (!(error instanceof CheckValidationError)) throw error;
      problems.push(...error.problems);
    }
    for (const problem of problems) io.stderr.write(`${printable(formatProblem(problem))}\n`);
    for (const unknown of unknownExceptions(exceptions, { checks: ids, connectors: engine.connectors.map((c) => c.id) })) {
      io.stderr.write(`${printable(`${unknown.source}: warning: ${describeUnknownIds(unknown)}; the exception waives nothing`)}\n`);
    }
    io.stdout.write(`${valid} valid, ${countFiles(problems)} invalid\n`);
    return problems.length === 0 ? EXIT.ok : EXIT.error;
  } finally {
    await engine.close();
  }
}

export interface CheckAddArgs {
  config?: string;
  file: string;
  /** Replace a stored check with the same id. */
  force?: boolean;
}

/** `assetql check add FILE`: validates, then stores it atomically in the check folder; an invalid check writes nothing. */
export async function checkAddCommand(args: CheckAddArgs, io: CheckIO): Promise<number> {
  const engine = await openEngine(configPath(args.config));
  try {
    const stored = await loadStoredChecks(engine);
    const loaded = await loadCheckFile(path.resolve(args.file), engine, args.file);
    if (!loaded.check) return printProblems(loaded.problems, io);

    const id = loaded.check.definition.id;
    const existing = stored.registry.get(id);
    const alreadyStored = (file: string) => [{ file: args.file, field: 'id', message: `"${id}" is already stored in ${stored.label(file)}; pass --force to replace it` }];
    let target = path.join(stored.folders.store, `${id}.yaml`);
    if (existing?.file) {
      if (!args.force) return printProblems(alreadyStored(existing.file), io);
      if (path.dirname(existing.file) !== path.resolve(stored.folders.store)) {
        const message = `"${id}" is defined in ${stored.label(existing.file)}, outside the check folder ${stored.label(stored.folders.store)}; choose another id`;
        return printProblems([{ file: args.file, field: 'id', message }], io);
      }
      target = existing.file;
    }
    // Without --force the file is created only if absent, so a `check add` of the same id running at the same time cannot be overwritten.
    try {
      await writeFileAtomic(target, loaded.text, { exclusive: !args.force });
    } catch (error) {
      if (error instanceof FileExistsError) return printProblems(alreadyStored(target), io);
      rethrowWriteFailure(error, `cannot store ${id} in ${stored.label(stored.folders.store)}`);
    }
    io.stdout.write(`stored ${id} in ${printable(path.relative(process.cwd(), target) || target)}\n`);
    return EXIT.ok;
  } finally {
    await engine.close();
  }
}

/** The query engine alone: the check commands build their own registry so they can report every stored-check problem. */
export function openEngine(config: string | undefined, options: EngineOptions = {}): Promise<Engine> {
  // Without a config (validating files only), an engine with no accounts still has the schema.
  return createQueryEngine(config === undefined ? { ...options, connectors: [] } : { ...options, config });
}

/** `--config`, else ./assetql.config.yaml when present; validate and list work without one. */
export function optionalConfig(option: string | undefined): string | undefined {
  return option ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
}

function duplicateProblems(loaded: LoadedCheckFile, stored: StoredChecks, label: string): CheckProblem[] {
  const id = loaded.check?.definition.id;
  const existing = id === undefined ? undefined : stored.registry.get(id);
  if (!existing || existing.file === loaded.file) return [];
  return [{ file: label, field: 'id', message: `"${id}" is already defined in ${existing.file === null ? 'code' : stored.label(existing.file)}` }];
}

function countFiles(problems: readonly CheckProblem[]): number {
  return new Set(problems.map((p) => p.file)).size;
}
