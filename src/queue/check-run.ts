import { randomUUID } from 'node:crypto';
import type { StoredChecks } from '../checks/catalog.js';
import type { Check } from '../checks/compile.js';
import { CheckValidationError } from '../checks/problems.js';
import type { CheckResult, CheckRunReport } from '../checks/results.js';
import { applyExceptions, selectChecks, selectConnectors, summarizeRun, type RunChecksOptions } from '../checks/runner.js';
import type { Engine } from '../engine/types.js';
import { accountTargets } from './account-target.js';
import { checkRunAnswerSchema, describeIssue, type CheckRunAnswer } from './answers.js';
import { checkDigest } from './check-digest.js';
import { dispatchAccounts, type AccountOutcome, type DispatchOptions } from './dispatch.js';
import type { AccountJob } from './job.js';

export type QueueSettings = Omit<DispatchOptions, 'jobs'>;

/**
 * `check run` with the accounts scanned by workers: the same selection,
 * clock, exceptions and report as `runChecks` in one process. Each account
 * is one job; its answer is checked, then merged in check order and config
 * order, so the report is the one a single process writes for the same data.
 */
export async function runChecksOnWorkers(engine: Engine, stored: Pick<StoredChecks, 'registry' | 'problems'>, options: RunChecksOptions & { queue: QueueSettings }): Promise<CheckRunReport> {
  // A run that quietly skipped a broken stored check would report a pass it never checked.
  if (stored.problems.length > 0) throw new CheckValidationError(stored.problems);
  const registered = stored.registry.list();
  const checks = selectChecks(registered, options);
  const connectors = selectConnectors(engine, options.connectors);
  const now = engine.createSession(options.now === undefined ? {} : { now: options.now }).now;
  const exceptions = options.exceptions ?? [];
  const targets = accountTargets(engine.config, connectors.map((id) => engine.connectors.find((c) => c.id === id)!));

  const runId = randomUUID();
  const jobs: AccountJob[] = targets.map((account) => ({
    kind: 'check-run',
    runId,
    account,
    checks: checks.map((check) => ({ id: check.definition.id, digest: checkDigest(check.definition) })),
    now: now.toISOString(),
  }));
  const outcomes = checks.length === 0 ? [] : await dispatchAccounts({ ...options.queue, jobs });
  const byAccount = new Map(connectors.map((connector, index) => [connector, accountResults(checks, connector, outcomes[index])]));

  const results = checks.flatMap((_, index) => connectors.map((connector) => byAccount.get(connector)![index]));
  for (const result of results) applyExceptions(result, exceptions, now);
  return summarizeRun(engine, registered, { checks, connectors, results, exceptions, now });
}

/** One account's results in check order: the worker's answer when it has the right shape, else an ERROR per check naming why. */
function accountResults(checks: readonly Check[], connector: string, outcome: AccountOutcome | undefined): CheckResult[] {
  if (!outcome) return checks.map((check) => errorResult(check, connector, 'WorkerFailed', 'no answer'));
  if (!outcome.ok) return checks.map((check) => errorResult(check, connector, outcome.code, outcome.message));
  const parsed = checkRunAnswerSchema.safeParse(outcome.value);
  const problem = !parsed.success ? describeIssue(parsed.error) : mismatch(checks, connector, parsed.data);
  if (problem !== undefined || !parsed.success) return checks.map((check) => errorResult(check, connector, 'InvalidWorkerAnswer', `the worker's answer is not usable: ${problem}`));
  return parsed.data.results.map((answer, index) => resultOf(checks[index], connector, answer));
}

/** An answer about other checks or another account is not this account's. */
function mismatch(checks: readonly Check[], connector: string, answer: CheckRunAnswer): string | undefined {
  if (answer.results.length !== checks.length) return `${answer.results.length} results for ${checks.length} checks`;
  const index = answer.results.findIndex((result, i) => result.check !== checks[i].definition.id || result.connector !== connector);
  return index === -1 ? undefined : `results.${index}: check ${answer.results[index].check} of connector ${answer.results[index].connector}, expected ${checks[index].definition.id} of ${connector}`;
}

/**
 * A result as the runner builds it, key for key (reports keep key order):
 * what describes the check comes from the coordinator's own definition.
 */
function resultOf(check: Check, connector: string, answer: CheckRunAnswer['results'][number]): CheckResult {
  const { definition } = check;
  return {
    check: definition.id,
    title: definition.title,
    severity: definition.severity,
    connector,
    accountId: answer.accountId,
    compliance: definition.compliance,
    status: answer.status,
    findings: answer.findings.map((finding) => ({
      id: finding.id,
      resource: finding.resource,
      name: finding.name,
      accountId: finding.accountId,
      type: finding.type,
      severity: definition.severity,
      remediation: definition.remediation ?? null,
      message: finding.message,
      value: finding.value,
    })),
    ...(answer.error !== undefined ? { error: answer.error } : {}),
    ...(answer.errorCode !== undefined ? { errorCode: answer.errorCode } : {}),
  };
}

function errorResult(check: Check, connector: string, code: string, message: string): CheckResult {
  const { definition } = check;
  return { check: definition.id, title: definition.title, severity: definition.severity, connector, accountId: null, compliance: definition.compliance, status: 'ERROR', findings: [], error: `${code}: ${message}`, errorCode: code };
}
