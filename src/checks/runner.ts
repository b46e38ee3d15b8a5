import { GraphQLError, type ExecutionResult } from 'graphql';
import pLimit from 'p-limit';
import type { Engine, Session } from '../engine/types.js';
import type { Check } from './compile.js';
import { SEVERITIES, type Severity } from './definition.js';
import { coversAccount, exceptionsFor, isExpired, unknownExceptions, type CheckException } from './exceptions.js';
import { meetsExpectation, subjectOf, type Expectation } from './expectation.js';
import { CheckValidationError } from './problems.js';
import type { AppliedException, CheckResult, CheckRunReport, Finding, StaleException } from './results.js';
import { exitCodeFor, INTERNAL_ERROR } from './results.js';
import { narrow } from './return-path.js';

export interface RunChecksOptions {
  /** Only these check ids. @default every registered check */
  checks?: readonly string[];
  /** Only checks of these severities. @default every severity */
  severities?: readonly Severity[];
  /** Only checks mapped to one of these frameworks (`compliance:` keys). @default every framework, and checks with none */
  frameworks?: readonly string[];
  /** Only checks mapped to one of these control ids (of `frameworks`, when given). @default every control */
  controls?: readonly string[];
  /** Only these connector ids. @default every connector */
  connectors?: readonly string[];
  /** The clock for date math and exception expiry. @default the engine's `now`, else the current time */
  now?: Date | string;
  /** Check-and-account pairs evaluated at once. @default the engine config's `concurrency` */
  concurrency?: number;
  /** Approved exceptions. @default none (the facade loads the config's `exceptions:` file) */
  exceptions?: readonly CheckException[];
  /** Told as each result is ready (for progress displays). */
  onResult?: (result: CheckResult) => void;
}

export type RunnerEngine = Pick<Engine, 'query' | 'createSession' | 'connectors' | 'config'>;

/**
 * Runs each selected check once per account, the query seeing only that
 * account's assets. One session for the whole run, so each account's data is
 * loaded once however many checks read it.
 */
export async function runChecks(engine: RunnerEngine, registered: readonly Check[], options: RunChecksOptions = {}): Promise<CheckRunReport> {
  const checks = selectChecks(registered, options);
  const connectors = selectConnectors(engine, options.connectors);
  const session = engine.createSession(options.now === undefined ? {} : { now: options.now });
  const exceptions = options.exceptions ?? [];
  const width = Math.max(1, options.concurrency ?? engine.config.concurrency ?? 8);
  const limit = pLimit(width);
  const identities = new AccountIdentities(engine, session);

  // A few accounts at a time (as many as run at once), every check on each, so an
  // account is let go once its last check ran: memory then holds a window of
  // accounts, not every account read so far. Results stay in check, then connector order.
  const results: CheckResult[] = new Array(checks.length * connectors.length);
  const left = new Map(connectors.map((connector) => [connector, checks.length]));
  const tasks: Promise<void>[] = [];
  for (let first = 0; first < connectors.length; first += width) {
    for (const [c, check] of checks.entries()) {
      for (let a = first; a < Math.min(first + width, connectors.length); a++) {
        const connector = connectors[a];
        tasks.push(
          limit(async () => {
            const result = await runOne(engine, session, check, connector, identities);
            applyExceptions(result, exceptions, session.now);
            results[c * connectors.length + a] = result;
            options.onResult?.(result);
            const remaining = left.get(connector)! - 1;
            left.set(connector, remaining);
            if (remaining === 0) session.release?.(connector);
          }),
        );
      }
    }
  }
  await Promise.all(tasks);
  return summarizeRun(engine, registered, { checks, connectors, results, exceptions, now: session.now });
}

/**
 * The report of a run from its results (in check order, then connector
 * order, exceptions applied): tallies, stale and unknown exceptions, exit
 * code. Shared with runs whose accounts were evaluated elsewhere (src/queue).
 */
export function summarizeRun(
  engine: Pick<RunnerEngine, 'connectors'>,
  registered: readonly Check[],
  run: { checks: readonly Check[]; connectors: readonly string[]; results: CheckResult[]; exceptions: readonly CheckException[]; now: Date },
): CheckRunReport {
  const { checks, connectors, results, exceptions, now } = run;
  // Account ids can be judged only when every configured account ran and said who it is.
  const everyAccount = connectors.length === engine.connectors.length && results.every((r) => r.accountId !== null);

  const count = (status: CheckResult['status']) => results.filter((r) => r.status === status).length;
  return {
    results,
    checks: checks.map((c) => c.definition),
    summary: {
      now: now.toISOString(),
      checks: checks.length,
      connectors: connectors.length,
      results: results.length,
      pass: count('PASS'),
      fail: count('FAIL'),
      error: count('ERROR'),
      waived: count('WAIVED'),
      findings: results.filter((r) => r.status === 'FAIL').reduce((n, r) => n + r.findings.filter((f) => f.exception?.state !== 'active').length, 0),
      staleExceptions: staleExceptions(exceptions, results, now),
      // Against everything registered and configured, not just what this run selected.
      unknownExceptions: unknownExceptions(exceptions, {
        checks: registered.map((c) => c.definition.id),
        connectors: engine.connectors.map((c) => c.id),
        accounts: everyAccount && results.length > 0 ? results.map((r) => r.accountId as string) : undefined,
      }),
      exitCode: exitCodeFor(results),
    },
  };
}

export function selectChecks(registered: readonly Check[], options: RunChecksOptions): Check[] {
  const unknownIds = (options.checks ?? []).filter((id) => !registered.some((c) => c.definition.id === id));
  const unknownSeverities = (options.severities ?? []).filter((s) => !SEVERITIES.includes(s));
  const problems = [
    ...unknownIds.map((id) => ({ field: 'check', message: `no check "${id}" is registered` })),
    ...unknownSeverities.map((s) => ({ field: 'severity', message: `"${s}" is not one of ${SEVERITIES.join(', ')}` })),
  ];
  if (problems.length > 0) throw new CheckValidationError(problems);
  return registered.filter(
    (c) =>
      (!options.checks?.length || options.checks.includes(c.definition.id)) &&
      (!options.severities?.length || options.severities.includes(c.definition.severity)) &&
      mapsTo(c.definition.compliance, options.frameworks, options.controls),
  );
}

/** Whether a check's compliance mapping names one of the frameworks (and one of the controls, when given). */
function mapsTo(compliance: Record<string, string[]>, frameworks: readonly string[] | undefined, controls: readonly string[] | undefined): boolean {
  if (!frameworks?.length && !controls?.length) return true;
  return Object.entries(compliance).some(([framework, ids]) => (!frameworks?.length || frameworks.includes(framework)) && (!controls?.length || ids.some((id) => controls.includes(id))));
}

export function selectConnectors(engine: Pick<RunnerEngine, 'connectors'>, wanted: readonly string[] | undefined): string[] {
  const all = engine.connectors.map((c) => c.id);
  const unknown = (wanted ?? []).filter((id) => !all.includes(id));
  if (unknown.length > 0) throw new CheckValidationError(unknown.map((id) => ({ field: 'connector', message: `no connector "${id}" is configured (${all.join(', ')})` })));
  return wanted?.length ? all.filter((id) => wanted.includes(id)) : all;
}

async function runOne(engine: RunnerEngine, session: Session, check: Check, connector: string, identities: AccountIdentities): Promise<CheckResult> {
  const { definition } = check;
  let response: ExecutionResult;
  try {
    response = await engine.query(definition.query, undefined, { connectors: [connector], session });
  } catch (error) {
    // `query` answers data faults in `errors`; a throw without a connector's code is a fault of the engine.
    const code = (error as { code?: unknown }).code;
    response = { errors: [new GraphQLError((error as Error).message, { extensions: { code: typeof code === 'string' ? code : INTERNAL_ERROR } })] };
  }
  // Loaded once per account and run; an account that could not say who it is keeps its connector id.
  const account = await identities.of(connector);
  const base = { check: definition.id, title: definition.title, severity: definition.severity, connector, accountId: account.accountId, compliance: definition.compliance };
  // Partial data with errors is not a verdict: an account that could not be read never passes.
  if (response.errors?.length) return { ...base, status: 'ERROR', findings: [], ...describeError(response.errors) };

  const subject = subjectOf(response.data);
  if (meetsExpectation(check.expectation, subject)) return { ...base, status: 'PASS', findings: [] };

  const finding = (identity: AssetIdentity, message: string, value: unknown): Finding => ({
    id: [definition.id, account.accountId ?? connector, identity.resource].join('|'),
    ...identity,
    severity: definition.severity,
    remediation: definition.remediation ?? null,
    message,
    value,
  });
  const elements = blamesElements(check.expectation, subject) ? violatingElements(subject) : [];
  if (elements.length > 0) {
    const findings = elements.map((element) => {
      const value = narrow(element, check.returnPath);
      const identity = identityOf(value, connector, account);
      return finding(identity, `${definition.title}: failed for ${describeAsset(identity)}`, value);
    });
    return { ...base, status: 'FAIL', findings };
  }
  // Nothing to point at (`eq true` got false, `neq []` got [], too few for a count): the account itself is at fault.
  return {
    ...base,
    status: 'FAIL',
    findings: [finding(account, `${definition.title}: failed for ${describeAsset(account)}: expected ${check.expectation.text}, got ${JSON.stringify(subject)}`, subject)],
  };
}

function describeAsset(identity: Pick<Finding, 'resource' | 'name' | 'accountId'>): string {
  return `${identity.name ?? identity.resource}${identity.accountId ? ` (account ${identity.accountId})` : ''}`;
}

/**
 * Whether a failed expectation is about results that should not be there
 * (`eq []`, `count lte 3` with 5): then each element is a finding. When
 * something is missing (`neq []`, `count gte 1`), the account is at fault.
 */
function blamesElements(expectation: Expectation, subject: unknown): boolean {
  if (expectation.kind === 'compare') return expectation.comparator === 'eq';
  const { operator, expected } = expectation;
  return operator === 'lt' || operator === 'lte' || (operator === 'eq' && violatingElements(subject).length > expected);
}

/** The elements a failing subject blames: a list's items, or the items of every list when several root fields were queried. */
function violatingElements(subject: unknown): unknown[] {
  if (Array.isArray(subject)) return subject;
  if (subject !== null && typeof subject === 'object') return Object.values(subject).flatMap((value) => (Array.isArray(value) ? value : []));
  return [];
}

type AssetIdentity = Pick<Finding, 'resource' | 'name' | 'accountId' | 'type'>;

/**
 * The asset a result element names: its ARN, else its id. The connector
 * asset's id is the configured connector id, which a rename changes: such an
 * element, or one with neither, stands for the account (its account id).
 */
function identityOf(value: unknown, connector: string, account: AssetIdentity): AssetIdentity {
  const fields = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const text = (key: string) => (typeof fields[key] === 'string' ? (fields[key] as string) : null);
  const id = text('id') === connector ? null : text('id');
  return { resource: text('arn') ?? id ?? account.resource, name: text('name'), accountId: text('accountId') ?? account.accountId, type: text('__typename') };
}

/**
 * The error text of a failed query, led by the connector error code the
 * engine puts in `extensions`. An internal error among them names the
 * result: it must never pass for an unreadable account.
 */
function describeError(errors: readonly { message: string; extensions?: Readonly<Record<string, unknown>> }[]): { error: string; errorCode?: string } {
  const code = errors.some((error) => error.extensions?.code === INTERNAL_ERROR) ? INTERNAL_ERROR : errors.map(errorCodeOf).find((c) => c !== undefined);
  const message = [...new Set(errors.map((e) => e.message))].join('; ');
  return { error: code && !message.startsWith(code) ? `${code}: ${message}` : message, ...(code ? { errorCode: code } : {}) };
}

/** The connector's code when the engine names one, else the error's own code. */
function errorCodeOf(error: { extensions?: Readonly<Record<string, unknown>> }): string | undefined {
  const extensions = error.extensions as { code?: unknown; connectors?: { code?: unknown }[] } | undefined;
  const candidate = extensions?.connectors?.find((c) => typeof c.code === 'string')?.code ?? extensions?.code;
  return typeof candidate === 'string' ? candidate : undefined;
}

/** Marks each finding with the exception that covers it; a FAIL whose every finding is waived becomes WAIVED. */
export function applyExceptions(result: CheckResult, exceptions: readonly CheckException[], now: Date): void {
  if (result.status !== 'FAIL') return;
  for (const finding of result.findings) {
    const matching = exceptionsFor(exceptions, { ...result, resource: finding.resource });
    // An active exception wins; otherwise the latest expired one explains why the finding is no longer waived.
    const chosen = matching.find((e) => !isExpired(e, now)) ?? [...matching].sort((a, b) => b.expires.getTime() - a.expires.getTime())[0];
    if (chosen) finding.exception = applied(chosen, now);
  }
  if (result.findings.every((f) => f.exception?.state === 'active')) result.status = 'WAIVED';
}

function applied(exception: CheckException, now: Date): AppliedException {
  return {
    state: isExpired(exception, now) ? 'expired' : 'active',
    owner: exception.owner,
    reason: exception.reason,
    expires: exception.expires.toISOString(),
    source: exception.source,
  };
}

/**
 * Exceptions within the run's scope (their check and connector ran and gave
 * a verdict) that matched no finding. Out-of-scope ones are not judged.
 */
function staleExceptions(exceptions: readonly CheckException[], results: readonly CheckResult[], now: Date): StaleException[] {
  return exceptions.flatMap((e) => {
    const result = results.find((r) => coversAccount(e, r));
    if (!result || result.status === 'ERROR') return [];
    if (result.findings.some((f) => exceptionsFor([e], { ...result, resource: f.resource }).length > 0)) return [];
    return [{
      check: e.check,
      connector: result.connector,
      ...(e.account !== undefined ? { account: e.account } : {}),
      ...(e.resource !== undefined ? { resource: e.resource } : {}),
      owner: e.owner,
      expires: e.expires.toISOString(),
      expired: isExpired(e, now),
      source: e.source,
    }];
  });
}

/**
 * Each account's identity, looked up once per run through the session: the
 * account id of every result, and the asset of account-level findings
 * (resource: the account id, else the connector id).
 */
class AccountIdentities {
  private readonly cache = new Map<string, Promise<AssetIdentity>>();

  constructor(private readonly engine: RunnerEngine, private readonly session: Session) {}

  of(connector: string): Promise<AssetIdentity> {
    let identity = this.cache.get(connector);
    if (!identity) {
      const unknown: AssetIdentity = { resource: connector, name: null, accountId: null, type: null };
      identity = this.engine
        .query('{ connectors { __typename id name accountId } }', undefined, { connectors: [connector], session: this.session })
        .then((response) => {
          const fields = ((response.data?.connectors as unknown[] | undefined)?.[0] ?? {}) as Record<string, unknown>;
          const accountId = typeof fields.accountId === 'string' && fields.accountId !== '' ? fields.accountId : null;
          return { resource: accountId ?? connector, name: typeof fields.name === 'string' ? fields.name : null, accountId, type: typeof fields.__typename === 'string' ? fields.__typename : null };
        })
        // An identity is not a verdict: the check's own query decides whether the account could be read.
        .catch(() => unknown);
      this.cache.set(connector, identity);
    }
    return identity;
  }
}
