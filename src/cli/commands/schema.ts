import { createEngine } from '../../create-engine.js';
import type { CliIO } from '../io.js';

/** `assetql schema`: the full SDL, generated filter inputs included. No config needed. */
export async function schemaCommand(io: CliIO): Promise<number> {
  const engine = await createEngine({ connectors: [], storedChecks: false });
  io.stdout.write(`${engine.printSchema()}\n`);
  return 0;
}
