/** Builds credential report CSV for fake accounts, in IAM's exact column order. */

export const REPORT_COLUMNS = [
  'user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'password_last_changed',
  'password_next_rotation', 'mfa_active', 'access_key_1_active', 'access_key_1_last_rotated',
  'access_key_1_last_used_date', 'access_key_1_last_used_region', 'access_key_1_last_used_service',
  'access_key_2_active', 'access_key_2_last_rotated', 'access_key_2_last_used_date',
  'access_key_2_last_used_region', 'access_key_2_last_used_service', 'cert_1_active', 'cert_1_last_rotated',
  'cert_2_active', 'cert_2_last_rotated',
] as const;

export type ReportRow = Partial<Record<(typeof REPORT_COLUMNS)[number], string>>;

const NO_KEYS: ReportRow = {
  access_key_1_active: 'false', access_key_1_last_rotated: 'N/A', access_key_1_last_used_date: 'N/A',
  access_key_1_last_used_region: 'N/A', access_key_1_last_used_service: 'N/A',
  access_key_2_active: 'false', access_key_2_last_rotated: 'N/A', access_key_2_last_used_date: 'N/A',
  access_key_2_last_used_region: 'N/A', access_key_2_last_used_service: 'N/A',
  cert_1_active: 'false', cert_1_last_rotated: 'N/A', cert_2_active: 'false', cert_2_last_rotated: 'N/A',
};

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

/** Root row first (as IAM writes it), then one row per user; names go through a quoting CSV writer. */
export function credentialReportCsv(accountId: string, report: { root?: ReportRow; users?: (ReportRow & { user: string })[] }): string {
  const root: ReportRow = {
    user: '<root_account>', arn: `arn:aws:iam::${accountId}:root`, user_creation_time: '2015-06-24T12:45:00+00:00',
    password_enabled: 'not_supported', password_last_used: '2024-04-07T14:30:00+00:00', password_last_changed: 'not_supported',
    password_next_rotation: 'not_supported', mfa_active: 'true', ...NO_KEYS, ...report.root,
  };
  const users = (report.users ?? []).map((row): ReportRow => ({
    arn: `arn:aws:iam::${accountId}:user/${row.user}`, user_creation_time: '2020-02-01T09:00:00+00:00',
    password_enabled: 'true', password_last_used: 'no_information', password_last_changed: '2020-02-01T09:00:00+00:00',
    password_next_rotation: 'N/A', mfa_active: 'false', ...NO_KEYS, ...row,
  }));
  const lines = [REPORT_COLUMNS.join(','), ...[root, ...users].map((row) => REPORT_COLUMNS.map((column) => csvField(row[column] ?? 'N/A')).join(','))];
  return `${lines.join('\n')}\n`;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
