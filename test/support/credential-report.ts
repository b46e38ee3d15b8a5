import { csvFormatRow } from 'd3-dsv';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CREDENTIAL_REPORT_COLUMNS } from '../../src/model/iam-credential-report/report.js';

export type Column = (typeof CREDENTIAL_REPORT_COLUMNS)[number];
export type RowSpec = Partial<Record<Column, string>>;

export const HEADER = CREDENTIAL_REPORT_COLUMNS.join(',');

/** A credential report row with AWS's "nothing here" values, overridden by `spec`. */
export function row(spec: RowSpec & { user: string }, accountId = '123456789012'): string[] {
  const isRoot = spec.user === '<root_account>';
  const defaults: Record<Column, string> = {
    user: spec.user,
    arn: isRoot ? `arn:aws:iam::${accountId}:root` : `arn:aws:iam::${accountId}:user/${spec.user}`,
    user_creation_time: '2020-01-01T00:00:00+00:00',
    password_enabled: isRoot ? 'not_supported' : 'false',
    password_last_used: 'N/A',
    password_last_changed: isRoot ? 'not_supported' : 'N/A',
    password_next_rotation: isRoot ? 'not_supported' : 'N/A',
    mfa_active: 'false',
    access_key_1_active: 'false',
    access_key_1_last_rotated: 'N/A',
    access_key_1_last_used_date: 'N/A',
    access_key_1_last_used_region: 'N/A',
    access_key_1_last_used_service: 'N/A',
    access_key_2_active: 'false',
    access_key_2_last_rotated: 'N/A',
    access_key_2_last_used_date: 'N/A',
    access_key_2_last_used_region: 'N/A',
    access_key_2_last_used_service: 'N/A',
    cert_1_active: 'false',
    cert_1_last_rotated: 'N/A',
    cert_2_active: 'false',
    cert_2_last_rotated: 'N/A',
  };
  const values = { ...defaults, ...spec };
  return CREDENTIAL_REPORT_COLUMNS.map((column) => values[column]);
}

/** CSV text: quotes only where a field needs them, as AWS writes it. */
export function csv(rows: string[][], options: { eol?: string; trailingNewline?: boolean; header?: string } = {}): string {
  const eol = options.eol ?? '\n';
  const text = [options.header ?? HEADER, ...rows.map((cells) => csvFormatRow(cells))].join(eol);
  return options.trailingNewline === false ? text : text + eol;
}

export interface SnapshotSpec {
  csv?: string;
  summary?: Record<string, number> | string;
  policy?: Record<string, unknown> | string;
  metadata?: Record<string, unknown>;
  /** More files by their path in the layout (`ec2/describe-regions.json`), as JSON values or text. */
  files?: Record<string, unknown>;
}

/** `ec2/describe-regions.json` of an account with these regions enabled (and one not opted in). */
export function regionsFile(enabled: string[] = ['us-east-1', 'eu-west-1'], notOptedIn: string[] = ['ap-east-1']): Record<string, unknown> {
  return {
    'ec2/describe-regions.json': {
      Regions: [
        ...enabled.map((name) => ({ RegionName: name, OptInStatus: 'opt-in-not-required', Endpoint: `ec2.${name}.amazonaws.com` })),
        ...notOptedIn.map((name) => ({ RegionName: name, OptInStatus: 'not-opted-in', Endpoint: `ec2.${name}.amazonaws.com` })),
      ],
    },
  };
}

/** Writes a snapshot folder in a fresh temp dir and returns its path. */
export function writeSnapshot(spec: SnapshotSpec, parent = mkdtempSync(path.join(tmpdir(), 'assetql-'))): string {
  const dir = mkdtempSync(path.join(parent, 'account-'));
  if (spec.csv !== undefined) writeFileSync(path.join(dir, 'credential-report.csv'), spec.csv);
  if (spec.summary !== undefined) {
    writeFileSync(path.join(dir, 'account-summary.json'), typeof spec.summary === 'string' ? spec.summary : JSON.stringify({ SummaryMap: spec.summary }));
  }
  if (spec.policy !== undefined) {
    writeFileSync(path.join(dir, 'password-policy.json'), typeof spec.policy === 'string' ? spec.policy : JSON.stringify({ PasswordPolicy: spec.policy }));
  }
  if (spec.metadata !== undefined) writeFileSync(path.join(dir, 'snapshot.json'), JSON.stringify(spec.metadata));
  for (const [file, value] of Object.entries(spec.files ?? {})) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), typeof value === 'string' ? value : JSON.stringify(value, null, 4));
  }
  return dir;
}

/** Writes `text` as `assetql.config.yaml` in a fresh temp dir (with these folders beside it) and returns the file's path. */
export function writeConfigText(text: string, options: { folders?: string[] } = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'assetql-config-'));
  for (const folder of options.folders ?? []) mkdirSync(path.join(dir, folder), { recursive: true });
  const file = path.join(dir, 'assetql.config.yaml');
  writeFileSync(file, text);
  return file;
}
