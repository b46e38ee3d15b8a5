/**
 * `npm run aws-endpoint -- --accounts <folder>...` (or `--config <file>`):
 * the loopback endpoint serving snapshot folders as live accounts, for
 * trials with the AWS CLI, the SDK or `assetql` itself (docs/aws-endpoint.md).
 * Prints the environment to use and serves until interrupted.
 */
import { rename, writeFile } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import { startAwsEndpoint } from './index.js';
import { foldersOf, foldersOfConfig, servedAccounts } from './served-folders.js';
import { LOCALHOST_NAMES_IMPORT } from './localhost-names.js';

const positive = (text: string) => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 65_535) throw new InvalidArgumentError('expected a whole number');
  return value;
};

const program = new Command('aws-endpoint')
  .description('serve snapshot folders as live AWS accounts on 127.0.0.1, until interrupted')
  .option('--accounts <folder...>', 'snapshot folders, one account each (the connector id is the folder name)')
  .option('-c, --config <file>', "serve the snapshot connectors of an assetql config, with their ids and names")
  .option('--port <port>', 'port on 127.0.0.1 (default: any free one)', positive)
  .option('--page-size <n>', 'items per page of paginated answers', positive, 2)
  .option('--write-env <file>', 'also write the environment (and LOOPBACK_ENDPOINT_PID) as shell lines, once the endpoint listens')
  .showHelpAfterError();

async function run(): Promise<void> {
  program.parse();
  const options = program.opts<{ accounts?: string[]; config?: string; port?: number; pageSize: number; writeEnv?: string }>();
  if (!options.accounts === !options.config) program.error('give either --accounts <folder>... or --config <file>');
  const accounts = await servedAccounts(options.config ? await foldersOfConfig(options.config) : foldersOf(options.accounts!));
  if (accounts.length === 0) program.error('no snapshot folders to serve');
  const endpoint = await startAwsEndpoint({ accounts, managementAccountId: accounts[0].id, pageSize: options.pageSize, port: options.port });

  const lines = [
    // The keys below, not a profile's or a session's of this machine.
    'unset AWS_PROFILE AWS_SESSION_TOKEN',
    `export AWS_ENDPOINT_URL=${endpoint.url}`,
    // S3 Control puts the account id before the host, which an IP address cannot take; Node processes resolve *.localhost.
    `export AWS_ENDPOINT_URL_S3_CONTROL=${endpoint.url.replace('//127.0.0.1:', '//localhost:')}`,
    `export NODE_OPTIONS='${LOCALHOST_NAMES_IMPORT}'`,
    'export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1',
    // Signatures are not checked: any secret goes with any key.
    'export AWS_SECRET_ACCESS_KEY=loopback',
    "export AWS_PAGER=''",
    ...accounts.map((account, index) => `${index === 0 ? '' : '# '}export AWS_ACCESS_KEY_ID=${account.accessKeyId}  # ${account.name} (${account.id})${index === 0 ? ", the Organization's management account" : ''}`),
  ];
  if (options.writeEnv) {
    // For scripts: the pid stops this process even when it was started through npm, which does not pass a kill on.
    const script = [...lines, `LOOPBACK_ENDPOINT_PID=${process.pid}`];
    // Whole or not at all: a script waiting for the file never reads half of it.
    await writeFile(`${options.writeEnv}.partial`, `${script.join('\n')}\n`);
    await rename(`${options.writeEnv}.partial`, options.writeEnv);
  }
  process.stdout.write(`loopback AWS endpoint on ${endpoint.url}, serving ${accounts.length} ${accounts.length === 1 ? 'account' : 'accounts'} until interrupted\n\n${lines.join('\n')}\n`);

  const stop = () => {
    endpoint.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

run().catch((error: unknown) => {
  process.stderr.write(`aws-endpoint: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
