import { csv, row, type RowSpec } from '../credential-report.js';

/** Columns of one report row, as IAM writes them; unset columns read "nothing here". */
export type ReportRow = RowSpec;

/** An active access key in slot 1 or 2, rotated and used at the given times. */
export function activeKey(slot: 1 | 2, rotated = '2023-01-10T08:00:00+00:00'): ReportRow {
  return {
    [`access_key_${slot}_active`]: 'true',
    [`access_key_${slot}_last_rotated`]: rotated,
    [`access_key_${slot}_last_used_date`]: '2024-05-01T10:00:00+00:00',
    [`access_key_${slot}_last_used_region`]: 'us-east-1',
    [`access_key_${slot}_last_used_service`]: 's3',
  };
}

/** Credential report CSV for a fake account: root row first (as IAM writes it), then one row per user. */
export function credentialReportCsv(accountId: string, report: { root?: ReportRow; users?: (ReportRow & { user: string })[] }): string {
  const root = row({ user: '<root_account>', user_creation_time: '2015-06-24T12:45:00+00:00', password_last_used: '2024-04-07T14:30:00+00:00', mfa_active: 'true', ...report.root }, accountId);
  const users = (report.users ?? []).map((user) =>
    row({ user_creation_time: '2020-02-01T09:00:00+00:00', password_enabled: 'true', password_last_used: 'no_information', password_last_changed: '2020-02-01T09:00:00+00:00', ...user }, accountId),
  );
  return csv([root, ...users]);
}
