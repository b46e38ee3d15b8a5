import { getAccountSummary } from '../src/model/iam-account-summary/sources.js';
import { getCredentialReport } from '../src/model/iam-credential-report/sources.js';
import { getAccountPasswordPolicy } from '../src/model/iam-password-policy/sources.js';
import { snapshotPath } from '../src/sources/layout.js';
import { SNAPSHOT_METADATA_FILE } from '../src/sources/snapshot/snapshot-files.js';

/** The files of the IAM families in a snapshot folder, by the layout rule (src/sources/layout.ts). */
export const SNAPSHOT_FILES = {
  credentialReport: snapshotPath(getCredentialReport),
  accountSummary: snapshotPath(getAccountSummary),
  passwordPolicy: snapshotPath(getAccountPasswordPolicy),
  metadata: SNAPSHOT_METADATA_FILE,
} as const;
