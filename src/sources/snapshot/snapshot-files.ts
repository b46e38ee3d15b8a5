/** Written by `assetql snapshot` beside the AWS CLI files: what a folder holds and when it was taken. */
export const SNAPSHOT_METADATA_FILE = 'snapshot.json';

/** `aws sts get-caller-identity`: the account id, for a folder without snapshot.json. */
export const STS_IDENTITY_FILE = 'sts/get-caller-identity.json';

/** The fields of snapshot.json. Every one is optional: hand-made folders may have none. */
export interface SnapshotMetadata {
  /** When the snapshot was taken (ISO-8601). */
  takenAt?: string;
  accountId?: string;
  accountAliases?: string[];
  /** When IAM generated the credential report (ISO-8601). */
  reportGeneratedAt?: string;
  /** The regions the snapshot read (its `regions/<region>/` folders). */
  regions?: string[];
}
