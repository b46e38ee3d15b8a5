import type { Engine } from '../engine/types.js';
import type { CheckDefinition, CheckDefinitionInput } from './definition.js';
import { loadExceptions, type CheckException } from './exceptions.js';
import { checkFolders, fileLabeller, type CheckFolders } from './folders.js';
import { CheckValidationError, type CheckProblem } from './problems.js';
import { CheckRegistry } from './registry.js';
import type { CheckRunReport } from './results.js';
import { runChecks, type RunChecksOptions } from './runner.js';

/** What the public engine adds for checks. */
export interface CheckCatalog {
  /** Validates a check (shape, query against the schema, expectation, returnPath) and registers it; throws `CheckValidationError` listing every problem. */
  registerCheck(definition: CheckDefinitionInput): CheckDefinition;
  /** The registered checks, in id order. */
  checks(): CheckDefinition[];
  /**
   * Runs the registered checks once per account. Exceptions default to the
   * config's `exceptions:` file. Throws `CheckValidationError` when a stored
   * check is invalid or an option names an unknown check or connector.
   */
  runChecks(options?: RunChecksOptions): Promise<CheckRunReport>;
}

export interface StoredChecks {
  registry: CheckRegistry;
  /** Problems of the stored check files; valid files are registered regardless. */
  problems: CheckProblem[];
  folders: CheckFolders;
  /** How messages name a file: relative to the config's folder. */
  label: (file: string) => string;
}

/** Loads the bundled checks and the config's check folders into a new registry. */
export async function loadStoredChecks(engine: Pick<Engine, 'prepare' | 'schema' | 'config'>): Promise<StoredChecks> {
  const label = fileLabeller(engine.config);
  const registry = new CheckRegistry(engine, label);
  const folders = checkFolders(engine.config);
  const problems = await registry.loadFolders(folders.load);
  return { registry, problems, folders, label };
}

/** The config's exceptions, or none when it names no file; sources are relative to the config's folder. */
export async function configuredExceptions(engine: Pick<Engine, 'config'>): Promise<CheckException[]> {
  const file = engine.config.exceptions;
  return file ? loadExceptions(file, fileLabeller(engine.config)(file)) : [];
}

export function createCheckCatalog(engine: Engine, stored: Pick<StoredChecks, 'registry' | 'problems'>): CheckCatalog {
  const { registry, problems } = stored;
  return {
    registerCheck: (definition) => registry.register(definition).definition,
    checks: () => registry.list().map((check) => check.definition),
    async runChecks(options = {}) {
      // A run that quietly skipped a broken stored check would report a pass it never checked.
      if (problems.length > 0) throw new CheckValidationError(problems);
      const exceptions = options.exceptions ?? (await configuredExceptions(engine));
      return runChecks(engine, registry.list(), { ...options, exceptions });
    },
  };
}
