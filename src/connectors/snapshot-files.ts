/** File names of a snapshot folder: what the AWS CLI writes, plus optional metadata. */
export const SNAPSHOT_FILES = {
  /** `aws iam get-credential-report --query Content --output text | base64 -d` (required). */
  credentialReport: 'credential-report.csv',
  /** `aws iam get-account-summary` (required when a query asks for the summary). */
  accountSummary: 'account-summary.json',
  /** `aws iam get-account-password-policy`; absent = the account has no custom policy. */
  passwordPolicy: 'password-policy.json',
  /** Optional: `{ "reportGeneratedAt": ISO, "accountAliases": [..] }`, written by `assetql snapshot`. */
  metadata: 'snapshot.json',
} as const;
