import type { CheckDefinition, Severity } from './definition.js';

export type CheckStatus = 'PASS' | 'FAIL' | 'ERROR' | 'WAIVED';

/** An exception that matched a finding: `active` waives it, `expired` says it no longer does and since when. */
export interface AppliedException {
  state: 'active' | 'expired';
  owner: string;
  reason: string;
  /** ISO-8601. */
  expires: string;
  /** Where the exception is written (`file:line`). */
  source: string;
}

/** One violating asset (or the account, when the subject is not a list of assets). */
export interface Finding {
  /**
   * Stable identity: `<check>|<account id>|<resource>` (the connector id
   * stands in when the account id could not be read). Renaming a connector
   * or moving to Organization discovery does not change it.
   */
  id: string;
  /** The asset at fault: its ARN, else its asset id, else the account id (else the connector id). */
  resource: string;
  name: string | null;
  accountId: string | null;
  /** The asset's GraphQL type, when the query selected `__typename`. */
  type: string | null;
  severity: Severity;
  remediation: string | null;
  message: string;
  /** The result element narrowed by `returnPath`, as the query returned it. */
  value: unknown;
  exception?: AppliedException;
}

/** The outcome of one check on one account. */
export interface CheckResult {
  check: string;
  title: string;
  severity: Severity;
  connector: string;
  /** The AWS account id behind the connector; null when it could not be read (then the result is usually an ERROR). */
  accountId: string | null;
  /** The check's framework mappings: framework id to control ids. */
  compliance: Record<string, string[]>;
  status: CheckStatus;
  findings: Finding[];
  /** With ERROR: what went wrong, led by the connector error code when there is one. */
  error?: string;
  /** With ERROR: the connector's error code (AccessDenied, SnapshotMissing, ...), or INTERNAL_ERROR for a fault in assetql. */
  errorCode?: string;
}

/** An exception that matched no finding in the run (it may be lifted). */
export interface StaleException {
  check: string;
  /** The connector of the account it names (by connector or by account id). */
  connector: string;
  /** Set when the exception names its account by account id. */
  account?: string;
  resource?: string;
  owner: string;
  expires: string;
  expired: boolean;
  source: string;
}

/**
 * An exception naming a check or connector that does not exist, so it
 * waives nothing. A warning: the findings it meant to waive still FAIL.
 */
export interface UnknownException {
  check: string;
  /** As the exception names its account: by connector id, or by account id. */
  connector?: string;
  account?: string;
  resource?: string;
  owner: string;
  expires: string;
  source: string;
  /** Which of its ids name nothing. */
  unknown: ('check' | 'connector' | 'account')[];
}

export interface RunSummary {
  /** The clock the run used (ISO-8601). */
  now: string;
  checks: number;
  connectors: number;
  results: number;
  pass: number;
  fail: number;
  error: number;
  waived: number;
  /** Findings across FAIL results that no active exception covers. */
  findings: number;
  staleExceptions: StaleException[];
  /** Exceptions whose check or connector id is unknown (they do not change the exit code). */
  unknownExceptions: UnknownException[];
  exitCode: ExitCode;
}

export interface CheckRunReport {
  results: CheckResult[];
  summary: RunSummary;
  /** The checks that ran, for reports that describe rules (SARIF). Not part of the JSON contract. */
  checks: CheckDefinition[];
}

/** 0: every result PASS or WAIVED; 1: some FAIL; 2: some ERROR (or invalid input); 3: an internal error. */
export type ExitCode = 0 | 1 | 2 | 3;

export const EXIT = { ok: 0, failed: 1, error: 2, internal: 3 } as const satisfies Record<string, ExitCode>;

/** The error code of a fault inside assetql itself, as opposed to data that could not be read. */
export const INTERNAL_ERROR = 'INTERNAL_ERROR';

/** An internal error wins over an ERROR (it may hide anything), an ERROR over a FAIL. */
export function exitCodeFor(results: readonly Pick<CheckResult, 'status' | 'errorCode'>[]): ExitCode {
  if (results.some((r) => r.status === 'ERROR' && r.errorCode === INTERNAL_ERROR)) return EXIT.internal;
  if (results.some((r) => r.status === 'ERROR')) return EXIT.error;
  if (results.some((r) => r.status === 'FAIL')) return EXIT.failed;
  return EXIT.ok;
}
