import { readFile } from 'node:fs/promises';
import { printable } from '../../checks/report/printable.js';
import { EXIT } from '../../checks/results.js';
import { createEngine } from '../../create-engine.js';
import { formatGraphQLError, type LoadEvent } from '../../engine/types.js';
import { parseNowOption } from '../clock-option.js';
import { UsageError, type CliIO } from '../io.js';
import { createProgress } from '../progress.js';
import { logLevelOf, stderrLog } from '../log.js';
import { openTarget, scanTarget } from '../scan-target.js';

export interface QueryArgs {
  document: string;
  config?: string;
  /** Without a config: the AWS profile. */
  profile?: string;
  /** Without a config: every account of the Organization. */
  organization?: boolean;
  now?: string;
  var?: string[];
  connector?: string[];
  /** `--log-level` and `-v`: what is told on stderr. */
  logLevel?: string;
  verbose?: boolean;
}

/** `assetql query DOC`: the data as JSON on stdout, errors on stderr (exit 2, or 3 for an internal error). */
export async function queryCommand(args: QueryArgs, io: CliIO): Promise<number> {
  const document = await readDocument(args.document);
  const variables = parseVariables(args.var ?? []);
  const now = parseNowOption(args.now);
  const progress = createProgress(io.stderr, { enabled: io.isTTY });
  // A query needs no stored checks: skip loading and validating them. One query, then exit:
  // no event loop to keep free, so snapshot files are read synchronously (several times faster).
  const target = scanTarget(args);
  const log = stderrLog(io, logLevelOf(args));
  // Progress is drawn and summed up on a terminal only: elsewhere its bookkeeping per load is work for nothing.
  const onLoad = io.isTTY ? (event: LoadEvent) => progress.onLoad(event) : undefined;
  const engine = await openTarget(target, (source) => createEngine({ ...source, now, storedChecks: false, blockingReads: true, log, onLoad }), process.cwd());
  try {
    const result = await engine.query(document, variables, { connectors: args.connector });
    progress.stop();
    if (io.isTTY && progress.counts().loaded + progress.counts().failed.length > 1) io.stderr.write(`${progress.summary()}\n`);
    // stdout carries the data only, so a script reads JSON it can trust; errors go to stderr, never both.
    if (result.data !== undefined && result.data !== null) io.stdout.write(`${JSON.stringify({ data: result.data }, null, 2)}\n`);
    if (!result.errors?.length) return 0;
    for (const error of result.errors) io.stderr.write(`assetql: ${printable(formatGraphQLError(error))}\n`);
    // A fault of the code, not of the data or the query: the distinct exit code.
    return result.errors.some((error) => error.extensions?.code === 'INTERNAL_ERROR') ? EXIT.internal : EXIT.error;
  } finally {
    await engine.close();
  }
}

/** `@file.graphql` reads the document from a file. */
async function readDocument(argument: string): Promise<string> {
  if (!argument.startsWith('@')) return argument;
  const file = argument.slice(1);
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}

/** `--var name=value`: the value is JSON when it parses as JSON, else a string. */
export function parseVariables(pairs: readonly string[]): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--var ${pair}: expected name=value`);
    const text = pair.slice(eq + 1);
    let value: unknown = text;
    try {
      value = JSON.parse(text);
    } catch {
      // not JSON: a plain string
    }
    variables[pair.slice(0, eq)] = value;
  }
  return variables;
}
