/**
 * The contract between the engine and the places account data comes from.
 *
 * A connector stands for one AWS account. Every method is asynchronous and
 * independent, so the engine loads only what a query asks for, and each
 * method is called at most once per run (the engine puts DataLoaders in
 * front). A method that cannot produce its data rejects with a
 * `ConnectorError` (the account's ERROR); any other rejection is reported as
 * an internal error, a fault of the code rather than of the account's data.
 * It never resolves to an empty value in place of data it
 * could not read.
 */
export interface Connector {
  /** Connector id from the config (or the account id for discovered accounts). */
  readonly id: string;
  /** Always "aws" for now. */
  readonly provider: 'aws';
  /** The account id and a display name. */
  identify(): Promise<AccountIdentity>;
  /** The IAM credential report exactly as AWS returns it. */
  credentialReport(): Promise<CredentialReportSource>;
  /** `aws iam get-account-summary` → SummaryMap. */
  accountSummary(): Promise<AccountSummaryMap>;
  /** `aws iam get-account-password-policy` → PasswordPolicy, or null when the account has no custom policy. */
  passwordPolicy(): Promise<AwsPasswordPolicy | null>;
}

export interface AccountIdentity {
  accountId: string;
  /** Configured name, else an account alias, else the connector id. */
  name: string;
}

export interface CredentialReportSource {
  /** The CSV text (header line first). */
  csv: string;
  /** When IAM generated the report, when known. */
  generatedAt: Date | null;
  /** Where the CSV came from, for error messages (a file path or "GetCredentialReport"). */
  origin: string;
}

/** SummaryMap of GetAccountSummary: `{ AccountAccessKeysPresent: 0, AccountMFAEnabled: 1, ... }`. */
export type AccountSummaryMap = Record<string, number>;

/** PasswordPolicy of GetAccountPasswordPolicy, in AWS's own field names. */
export interface AwsPasswordPolicy {
  MinimumPasswordLength?: number;
  RequireSymbols?: boolean;
  RequireNumbers?: boolean;
  RequireUppercaseCharacters?: boolean;
  RequireLowercaseCharacters?: boolean;
  AllowUsersToChangePassword?: boolean;
  ExpirePasswords?: boolean;
  MaxPasswordAge?: number;
  PasswordReusePrevention?: number;
  HardExpiry?: boolean;
}

/**
 * Why an account's data could not be had. `code` is the AWS error code
 * (AccessDenied, ...) or a local one (SnapshotMissing, CsvMalformed, ...).
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
