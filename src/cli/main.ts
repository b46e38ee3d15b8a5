import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/config.js';
import { ConnectorError } from '../connectors/types.js';
import { OptionError, QueryError } from '../engine/types.js';
import { queryCommand } from './commands/query.js';
import { schemaCommand } from './commands/schema.js';
import { UsageError, type CliIO } from './io.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * The command line. Commands return exit codes; errors are mapped to exit
 * codes here and only here: 2 for bad input or unreadable data.
 */
export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  let exitCode = 0;
  const program = new Command('assetql')
    .description('Query AWS identity posture with GraphQL, and run stored checks.')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .showHelpAfterError('(run assetql --help for usage)');

  program
    .command('query')
    .description('run a GraphQL query and print the result as JSON')
    .argument('<document>', 'the query, or @file.graphql')
    .option('-c, --config <file>', 'config file (default ./assetql.config.yaml)')
    .option('--now <iso>', 'fix the clock for date math (audits "as of")')
    .option('--var <name=value>', 'a query variable (JSON, or a string); repeatable', collect)
    .option('--connector <id>', 'only this account; repeatable', collect)
    .action(async (document: string, options) => {
      exitCode = await queryCommand({ document, ...options }, io);
    });

  program
    .command('schema')
    .description('print the full SDL, generated filter inputs included')
    .action(async () => {
      exitCode = await schemaCommand(io);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: CliIO): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  if (error instanceof UsageError || error instanceof ConfigError || error instanceof QueryError || error instanceof ConnectorError || error instanceof OptionError) {
    io.stderr.write(`assetql: ${error.message}\n`);
    return 2;
  }
  io.stderr.write(`assetql: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
  return 2;
}

function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, isTTY: Boolean(process.stderr.isTTY), env: process.env };
}
