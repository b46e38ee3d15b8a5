import { loadStoredChecks } from '../checks/catalog.js';
import type { Check } from '../checks/compile.js';
import { CheckValidationError } from '../checks/problems.js';
import { runChecks } from '../checks/runner.js';
import { parseConfig } from '../config/config.js';
import { createQueryEngine } from '../engine/engine.js';
import { collectSnapshot } from '../engine/snapshot.js';
import type { Engine } from '../engine/types.js';
import type { Registry } from '../model/registry.js';
import { ConnectorError } from '../sources/connector.js';
import { AwsConnector, type AwsTiming } from '../sources/live/index.js';
import { BaseSession } from '../sources/live/session.js';
import { resolveTiming } from '../sources/live/timing.js';
import type { Log } from '../sources/log.js';
import { connectorEntryOf } from './account-target.js';
import type { CheckRunAnswer, SnapshotAnswer } from './answers.js';
import { checkDigest } from './check-digest.js';
import type { AccountJob } from './job.js';

/** What a worker evaluates with, built once: its checks (bundled, and its config's folders), and an engine whose schema each account's engine reuses. */
export interface WorkerCatalog {
  checks: ReadonlyMap<string, { check: Check; digest: string }>;
  registry: Registry;
  engine: Engine;
  /** Base sessions by profile and region, shared by the accounts that name the same. */
  sessions: Map<string, BaseSession>;
}

export interface EvaluateOptions {
  /** Where relative paths of the worker's config resolve. */
  baseDir: string;
  log?: Log;
  awsTiming?: Partial<AwsTiming>;
}

/** Loads the checks once per worker; a stored check that does not validate stops the worker, as it stops `check run`. */
export async function loadWorkerCatalog(configFile: string | undefined): Promise<WorkerCatalog> {
  // No connectors: the config gives check folders; accounts come with the jobs.
  const engine = await createQueryEngine(configFile === undefined ? { connectors: [] } : { config: configFile, connectors: [] });
  const stored = await loadStoredChecks(engine);
  if (stored.problems.length > 0) throw new CheckValidationError(stored.problems);
  const checks = new Map(stored.registry.list().map((check) => [check.definition.id, { check, digest: checkDigest(check.definition) }]));
  return { checks, registry: engine.registry, engine, sessions: new Map() };
}

/** The job cannot be run here as asked (a check this worker lacks or has in another version): the account's ERROR, said once. */
export class JobRefusedError extends Error {
  override readonly name = 'JobRefusedError';
}

/**
 * Every check of the job on its one account, through the same engine and
 * runner as a single process, so each result is what that process would
 * have had; exceptions are applied by the coordinator, which holds them.
 */
export async function evaluateCheckRun(job: Extract<AccountJob, { kind: 'check-run' }>, catalog: WorkerCatalog, options: EvaluateOptions): Promise<CheckRunAnswer> {
  const checks = job.checks.map(({ id, digest }) => {
    const known = catalog.checks.get(id);
    if (!known) throw new JobRefusedError(`check ${id} is not registered on this worker (start assetql worker with the coordinator's --config, for its check folders)`);
    if (known.digest !== digest) throw new JobRefusedError(`check ${id} differs on this worker from the coordinator's (another assetql version, or another check folder)`);
    return known.check;
  });
  const engine = catalog.engine.withConnectors([accountConnector(job.account, catalog, options)]);
  try {
    const report = await runChecks(engine, checks, { connectors: [job.account.id], now: job.now, exceptions: [] });
    return { kind: 'check-run', results: report.results as CheckRunAnswer['results'] };
  } finally {
    await engine.close();
  }
}

/**
 * The account's connector, from its entry read as a config entry is (the
 * same checks and defaults as in a single process). Accounts of the same
 * profile and region share one base session, as the accounts of one
 * Organization entry do: the worker's credentials are resolved once.
 */
function accountConnector(account: AccountJob['account'], catalog: WorkerCatalog, options: EvaluateOptions): AwsConnector {
  const [entry] = parseConfig({ connectors: [connectorEntryOf(account)] }, { baseDir: options.baseDir }).connectors;
  if (entry?.kind !== 'aws') throw new JobRefusedError(`account ${account.id}: not a live account entry`);
  const timing = resolveTiming(options.awsTiming);
  const key = `${entry.profile ?? ''}\u0000${entry.region ?? ''}`;
  let session = catalog.sessions.get(key);
  if (!session) catalog.sessions.set(key, (session = new BaseSession({ profile: entry.profile, region: entry.region, maxAttempts: timing.maxAttempts })));
  return new AwsConnector({
    id: entry.id,
    name: entry.name,
    session,
    role: entry.roleArn ? { roleArn: entry.roleArn, externalId: entry.externalId } : undefined,
    regions: entry.regions,
    maxReportAgeMs: entry.maxReportAge,
    timing,
    log: options.log,
  });
}

/** Every source of the account, as `assetql snapshot` collects it; the coordinator writes the files. */
export async function evaluateSnapshot(job: Extract<AccountJob, { kind: 'snapshot' }>, catalog: WorkerCatalog, options: EvaluateOptions): Promise<SnapshotAnswer> {
  const connector = accountConnector(job.account, catalog, options);
  try {
    const snapshot = await collectSnapshot(connector, catalog.registry);
    return { kind: 'snapshot', ok: true, accountId: snapshot.accountId, files: [...snapshot.files], failures: snapshot.failures };
  } catch (error) {
    // The account could not say who it is: its failure, reported as a single process reports it.
    if (error instanceof ConnectorError) return { kind: 'snapshot', ok: false, code: error.code, message: error.message.replace(`connector ${connector.id}: `, '') };
    throw error;
  }
}
