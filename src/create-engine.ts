import { createCheckCatalog, loadStoredChecks, type CheckCatalog } from './checks/catalog.js';
import { CheckRegistry } from './checks/registry.js';
import { createQueryEngine } from './engine/engine.js';
import type { Engine, EngineOptions } from './engine/types.js';

export interface AssetqlEngineOptions extends EngineOptions {
  /** Load the bundled checks and the config's `checks:` folders. @default true */
  storedChecks?: boolean;
}

/** The engine as the library hands it out: queries, plus stored checks. */
export type AssetqlEngine = Engine & CheckCatalog;

/**
 * Creates an engine from a config (file path or object) or from connectors
 * built in code. No account data is loaded until a query asks for it.
 */
export async function createEngine(options: AssetqlEngineOptions = {}): Promise<AssetqlEngine> {
  const engine = await createQueryEngine(options);
  const stored = options.storedChecks === false ? { registry: new CheckRegistry(engine), problems: [] } : await loadStoredChecks(engine);
  return { ...engine, ...createCheckCatalog(engine, stored) };
}
