import { createEngine } from '../../create-engine.js';
import { optionalConfig } from './check.js';
import type { CliIO } from '../io.js';

/**
 * `assetql schema`: the full SDL, generated filter inputs and views included;
 * with a config (or ./assetql.config.yaml), its `views:` folders too. No
 * account is read, and no connector is built (discovery would call AWS).
 */
export async function schemaCommand(args: { config?: string }, io: CliIO): Promise<number> {
  const config = args.config ?? optionalConfig(undefined);
  const engine = config === undefined ? await createEngine({ connectors: [], storedChecks: false }) : await createEngine({ config, connectors: [], storedChecks: false });
  try {
    io.stdout.write(`${engine.printSchema()}\n`);
  } finally {
    await engine.close();
  }
  return 0;
}
