import type { SourceAt, SourceSpec } from './source.js';

/**
 * The contract between the engine and the places account data comes from.
 *
 * A connector stands for one AWS account. The engine asks it for sources
 * (one AWS operation each, see source.ts) only as queries need them, each at
 * most once per run and region. `read` answers with the value the AWS CLI
 * prints for the source's command, or with its "not configured" answer
 * (`{"Error": {"Code": ...}}` with one of the source's codes). A source that
 * cannot be read rejects with a `ConnectorError` (the account's ERROR); any
 * other rejection is reported as an internal error, a fault of the code
 * rather than of the account's data. `read` never resolves to an empty value
 * in place of data it could not read.
 */
export interface Connector {
  /** Connector id from the config (or the account id for discovered accounts). */
  readonly id: string;
  /** Always "aws" for now. */
  readonly provider: 'aws';
  /** The regions the config names for this account; absent: every region the account has enabled. */
  readonly regions?: readonly string[];
  /** The account id and a display name. */
  identify(): Promise<AccountIdentity>;
  /** A source's value for this account (and region). `parent` is the parent source's value, for per-resource sources. */
  read(source: SourceSpec, at: SourceAt, parent?: unknown): Promise<SourceRead>;
}

export interface SourceRead {
  /** What the AWS CLI prints for the command (or its "not configured" answer). */
  value: unknown;
  /** Where it came from, for messages: a snapshot file relative to the config, or the API operation. */
  origin: string;
}

export interface AccountIdentity {
  accountId: string;
  /** Configured name, else an account alias, else the connector id. */
  name: string;
}

/**
 * Why an account's data could not be had. `code` is the AWS error code
 * (AccessDenied, ...) or a local one (SnapshotMissing, CredentialReportMalformed, ...).
 * Messages never carry credentials.
 */
export class ConnectorError extends Error {
  override readonly name = 'ConnectorError';
  constructor(
    readonly connectorId: string,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`connector ${connectorId}: ${message}`, options);
  }
}
