import path from 'node:path';
import { afterAll } from 'vitest';
import { createEngine, type AssetqlEngine } from '../../src/index.js';

/** An engine over one snapshot folder (its connector named after the folder, no stored checks), each closed after the file's tests. */
export function snapshotEngines(): (dir: string) => Promise<AssetqlEngine> {
  const engines: AssetqlEngine[] = [];
  afterAll(async () => Promise.all(engines.map((engine) => engine.close())));
  return async (dir) => {
    const engine = await createEngine({ config: { connectors: [{ id: path.basename(dir), provider: 'aws', snapshot: dir }] }, storedChecks: false });
    engines.push(engine);
    return engine;
  };
}
