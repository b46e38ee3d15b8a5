import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { printable, printableLines } from '../checks/report/printable.js';
import { EXIT } from '../checks/results.js';
import { ConfigError } from '../config/config.js';
import { ViewError } from '../views/view-fields.js';
import { ConnectorError } from '../sources/connector.js';
import { OptionError, QueryError, formatGraphQLError } from '../engine/types.js';
import { QueueError } from '../queue/errors.js';
import { PACKAGE_ROOT } from '../paths.js';
import { silenceSdkNodeVersionNotice } from './aws-sdk-notice.js';
import { UsageError, type CliIO } from './io.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

// Each command's module loads when it runs, so `query` does not pay for the server or the AWS SDK.

/**
 * The command line. Commands return exit codes; errors are mapped to exit
 * codes here and only here: 2 for bad input or unreadable data, 3 for an
 * internal error.
 */
export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  silenceSdkNodeVersionNotice(io.env);
  let exitCode = 0;
  const program = new Command('assetql')
    .description('Query AWS identity posture with GraphQL, and run stored checks.')
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    // Commander's errors quote the arguments as typed: shown, never interpreted by the terminal.
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(printableLines(text)) })
    .showHelpAfterError('(run assetql --help for usage)');

  withLogging(program.command('query'))
    .description('run a GraphQL query and print the result as JSON')
    .argument('<document>', 'the query, or @file.graphql')
    .option('-c, --config <file>', 'config file (default ./assetql.config.yaml; without one, the AWS account of your credentials)')
    .option('--profile <name>', 'without a config: the AWS profile to scan with (default: AWS_PROFILE, else the default credentials)')
    .option('--organization', 'without a config: every ACTIVE account of the AWS Organization')
    .option('--now <iso>', 'fix the clock for date math (audits "as of")')
    .option('--var <name=value>', 'a query variable (JSON, or a string); repeatable', collect)
    .option('--connector <id>', 'only this account; repeatable', collect)
    .action(async (document: string, options) => {
      const { queryCommand } = await import('./commands/query.js');
      exitCode = await queryCommand({ document, ...options }, io);
    });

  program
    .command('permissions')
    .description('print the IAM policy that lets a principal read every source assetql reads')
    .option('-f, --format <format>', 'json (a policy document) or markdown (what each permission is for)', 'json')
    .action(async (options) => {
      const { permissionsCommand } = await import('./commands/permissions.js');
      exitCode = await permissionsCommand(options, io);
    });

  program
    .command('schema')
    .description('print the full SDL: asset types, generated filter inputs, views (the config\'s too)')
    .option('-c, --config <file>', 'config file whose views: folders to include (default ./assetql.config.yaml when present)')
    .action(async (options) => {
      const { schemaCommand } = await import('./commands/schema.js');
      exitCode = await schemaCommand(options, io);
    });

  withQueue(withLogging(program.command('snapshot')))
    .description('write one snapshot folder per live AWS account, in the offline format; exit 2 when any failed')
    .option('-c, --config <file>', 'config file (default ./assetql.config.yaml)')
    .requiredOption('-o, --out <dir>', 'folder receiving <dir>/<connector id>/ and assetql.snapshot.config.yaml')
    .action(async (options) => {
      const { snapshotCommand } = await import('./commands/snapshot.js');
      exitCode = await snapshotCommand(options, io);
    });

  withLogging(program.command('serve'))
    .description('serve GraphiQL and the GraphQL API (queries and checks) until interrupted')
    .option('-c, --config <file>', 'config file (default ./assetql.config.yaml)')
    .option('--host <address>', 'address to bind; anything but loopback needs ASSETQL_TOKEN (default 127.0.0.1)')
    .option('--port <port>', 'port to listen on (default 4000)', (value: string) => Number(value))
    .action(async (options) => {
      const { serveCommand } = await import('./commands/serve.js');
      exitCode = await serveCommand(options, io);
    });

  withLogging(program.command('worker'))
    .description('scan the accounts that check run --queue and snapshot --queue enqueue, with this machine\'s AWS credentials, until SIGTERM')
    .requiredOption('--queue <url>', 'the Redis of the queue: redis://host:6379, or rediss://host:6380 for TLS (user:password@ for AUTH)')
    .option('--concurrency <n>', 'accounts scanned at once by this worker (default 8)')
    .option('-c, --config <file>', 'a config whose check folders this worker also knows (the coordinator\'s); its connectors are not read')
    .option('--lock-duration <duration>', 'how soon the jobs of a worker that died go to another one (default 30s)')
    .action(async (options) => {
      const { workerCommand } = await import('./commands/worker.js');
      exitCode = await workerCommand(options, io);
    });

  const check = program.command('check').description('run, validate, add, import and list stored checks');
  withQueue(withLogging(check.command('run')))
    .description('run stored checks on every account; exit 0 pass, 1 fail, 2 error, 3 internal error')
    .option('-c, --config <file>', 'config file (default ./assetql.config.yaml; without one, the AWS account of your credentials)')
    .option('--profile <name>', 'without a config: the AWS profile to scan with (default: AWS_PROFILE, else the default credentials)')
    .option('--organization', 'without a config: every ACTIVE account of the AWS Organization')
    .option('--check <id>', 'only this check; repeatable', collect)
    .option('--severity <level>', 'only checks of this severity (critical, high, medium, low, info); repeatable', collect)
    .option('--connector <id>', 'only this account; repeatable', collect)
    .option('--framework <id>', 'only checks mapped to this framework, reported per control (e.g. cis-aws-foundations-v3.0.0); repeatable', collect)
    .option('--control <id>', 'only checks mapped to this control (e.g. 1.4); repeatable', collect)
    .option('--status <status>', 'show only these statuses (PASS, FAIL, ERROR, WAIVED; with --framework also MANUAL, NOT_COVERED); repeatable; the exit code stays that of the whole run', collect)
    .option('--now <iso>', 'fix the clock for date math and exception expiry')
    .option('-f, --format <format>', 'table, json, junit, sarif, csv, ocsf or html, optionally FORMAT:FILE; repeatable (default table)', collect)
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--output-dir <dir>', 'write every requested format (default: all but table) to DIR/assetql-report.<ext>')
    .option('--concurrency <n>', 'checks evaluated at once (default: config concurrency)')
    .action(async (options) => {
      const { checkRunCommand } = await import('./commands/check-run.js');
      exitCode = await checkRunCommand(options, io);
    });
  check
    .command('validate')
    .description('validate check files (default: every stored check), reporting each problem with file and line')
    .argument('[files...]', 'check files')
    .option('-c, --config <file>', 'config file (default ./assetql.config.yaml when present)')
    .action(async (files: string[], options) => {
      const { checkValidateCommand } = await import('./commands/check.js');
      exitCode = await checkValidateCommand({ files, ...options }, io);
    });
  check
    .command('add')
    .description('validate a check file and store it in the check folder')
    .argument('<file>', 'the check file (YAML)')
    .option('-c, --config <file>', 'config file (default ./assetql.config.yaml)')
    .option('--force', 'replace a stored check with the same id')
    .action(async (file: string, options) => {
      const { checkAddCommand } = await import('./commands/check.js');
      exitCode = await checkAddCommand({ file, ...options }, io);
    });
  check
    .command('import')
    .description('import a control catalogue (controls/, queries/, policies/ of JSON files) as stored checks')
    .argument('<dir>', 'the catalogue folder')
    .option('-c, --config <file>', 'config file (default ./assetql.config.yaml when present)')
    .option('--provider <name>', 'keep the rules for this cloud provider', 'aws')
    .option('--force', 'replace stored checks with the same ids')
    .action(async (dir: string, options) => {
      const { checkImportCommand } = await import('./commands/check-import.js');
      exitCode = await checkImportCommand({ dir, ...options }, io);
    });
  check
    .command('list')
    .description('list the registered checks')
    .option('-c, --config <file>', 'config file (default ./assetql.config.yaml when present)')
    .option('-f, --format <format>', 'table or json', 'table')
    .option('--framework <id>', 'list this framework\'s controls with the checks behind each; repeatable', collect)
    .option('--control <id>', 'only checks (or controls) with this control id; repeatable', collect)
    .action(async (options) => {
      const { checkListCommand } = await import('./commands/check-list.js');
      exitCode = await checkListCommand(options, io);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportError(error, io);
  }
}

/** Messages quote files, options and AWS answers: each is made printable, and only our own line breaks are kept. */
function reportError(error: unknown, io: CliIO): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.error;
  if (error instanceof QueryError) {
    for (const each of error.errors) io.stderr.write(`assetql: ${printable(formatGraphQLError(each))}\n`);
    return EXIT.error;
  }
  if (error instanceof ConfigError || error instanceof ViewError) {
    // One line per problem of the config or view files.
    io.stderr.write(`assetql: ${printableLines(error.message)}\n`);
    return EXIT.error;
  }
  if (error instanceof UsageError || error instanceof ConnectorError || error instanceof OptionError || error instanceof QueueError) {
    io.stderr.write(`assetql: ${printable(error.message)}\n`);
    return EXIT.error;
  }
  // Anything else is a fault in assetql, not in the input: its own exit code, so scripts never take it for bad data.
  io.stderr.write(`assetql: internal error: ${printableLines((error as Error)?.stack ?? String(error))}\n`);
  return EXIT.internal;
}

/** `--log-level` and `-v` on the commands that reach AWS. */
function withLogging(command: Command): Command {
  return command
    .option('--log-level <level>', 'tell more on stderr: warn (failed requests), info (retries, discovery), debug (every AWS request with its request id)')
    .option('-v, --verbose', 'the same as --log-level debug');
}

/** `--queue` and its companions on the commands that can hand their accounts to workers. */
function withQueue(command: Command): Command {
  return command
    .option('--queue <url>', 'hand the accounts to assetql worker processes through this Redis (redis:// or rediss://); the report is the same')
    .option('--max-in-flight <n>', 'with --queue: accounts queued or scanned at once across every worker (default 64)')
    .option('--worker-timeout <duration>', 'with --queue: when no account has finished for this long, stop; the rest are ERROR (default 10m)');
}

function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, isTTY: Boolean(process.stderr.isTTY), env: process.env };
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}
