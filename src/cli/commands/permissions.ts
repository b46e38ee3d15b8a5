import { createQueryEngine } from '../../engine/engine.js';
import { readOnlyPolicy, sourcesTable } from '../../model/permissions.js';
import { UsageError, type CliIO } from '../io.js';

/**
 * `assetql permissions`: the IAM policy that lets a principal read every
 * source assetql reads (as JSON, to attach to the audit role), or the table
 * of every source: file, command, permission, why (`--format markdown`). No config needed.
 */
export async function permissionsCommand(args: { format?: string }, io: Pick<CliIO, 'stdout'>): Promise<number> {
  const format = args.format ?? 'json';
  if (format !== 'json' && format !== 'markdown') throw new UsageError(`--format ${format}: expected json or markdown`);
  const engine = await createQueryEngine({ connectors: [] });
  io.stdout.write(format === 'json' ? `${JSON.stringify(readOnlyPolicy(engine.registry), null, 2)}\n` : `${sourcesTable(engine.registry)}\n`);
  return 0;
}
