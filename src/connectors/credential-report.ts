import { csvParseRows } from 'd3-dsv';
import { ConnectorError, type CredentialReportSource } from './types.js';

/** The 22 columns of the IAM credential report, in AWS's order. */
export const CREDENTIAL_REPORT_COLUMNS = [
  'user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'password_last_changed',
  'password_next_rotation', 'mfa_active', 'access_key_1_active', 'access_key_1_last_rotated',
  'access_key_1_last_used_date', 'access_key_1_last_used_region', 'access_key_1_last_used_service',
  'access_key_2_active', 'access_key_2_last_rotated', 'access_key_2_last_used_date',
  'access_key_2_last_used_region', 'access_key_2_last_used_service', 'cert_1_active', 'cert_1_last_rotated',
  'cert_2_active', 'cert_2_last_rotated',
] as const;

export const ROOT_USER = '<root_account>';

/** Values AWS writes where there is no value; they read as null. */
const NO_VALUE = new Set(['N/A', 'no_information', 'not_supported']);
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

type ColumnKind = 'text' | 'boolean' | 'timestamp';
const kindOf = (column: string): ColumnKind =>
  column === 'user' || column === 'arn' ? 'text'
  : /_(active|enabled)$/.test(column) ? 'boolean'
  : /_(time|used|changed|rotation|rotated|date)$/.test(column) ? 'timestamp'
  : 'text';

/** `access_key_1_last_rotated` → `accessKey1LastRotated`: the GraphQL field of a column. */
export const fieldOf = (column: string) => column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * One report row. Cells stay text until a field is read, so a query pays
 * only for the columns it touches; a cell that is neither a value of its
 * type nor one of AWS's placeholders fails the read, naming file and line.
 */
export class CredentialRow {
  declare readonly user: string;
  declare readonly arn: string;
  constructor(
    readonly cells: readonly string[],
    readonly line: number,
    readonly report: CredentialReport,
  ) {}

  get reportGeneratedAt(): Date | null {
    return this.report.generatedAt;
  }

  get raw(): RawCredentialRow {
    return new RawCredentialRow(this.cells);
  }

  get isRoot(): boolean {
    return this.cells[0] === ROOT_USER;
  }
}

/** The same row as AWS wrote it, every column a string. */
export class RawCredentialRow {
  constructor(readonly cells: readonly string[]) {}
}

CREDENTIAL_REPORT_COLUMNS.forEach((column, index) => {
  const field = fieldOf(column);
  Object.defineProperty(RawCredentialRow.prototype, field, { get(this: RawCredentialRow) { return this.cells[index]; } });
  const kind = kindOf(column);
  const read =
    kind === 'text' ? (text: string) => (NO_VALUE.has(text) ? null : text)
    : kind === 'boolean' ? (text: string) => (text === 'true' ? true : text === 'false' ? false : NO_VALUE.has(text) ? null : undefined)
    : (text: string) => (NO_VALUE.has(text) ? null : TIMESTAMP.test(text) ? text : undefined);
  Object.defineProperty(CredentialRow.prototype, field, {
    get(this: CredentialRow) {
      const text = this.cells[index];
      const value = read(text);
      if (value === undefined) this.report.fail(this.line, `${column}: "${text}" is not a ${kind === 'boolean' ? 'boolean' : 'timestamp'}`);
      return value;
    },
  });
});

/**
 * A credential report, parsed lazily: the header at once, the root row (the
 * first data row) on its own when only root is asked for, the rest on demand.
 */
export class CredentialReport {
  readonly generatedAt: Date | null;
  private readonly csv: string;
  private readonly origin: string;
  private readonly order: number[] | null;
  private readonly width: number;
  private rootRow?: CredentialRow | null;
  private allRows?: CredentialRow[];

  constructor(readonly connectorId: string, source: CredentialReportSource) {
    this.csv = source.csv.charCodeAt(0) === 0xfeff ? source.csv.slice(1) : source.csv;
    this.origin = source.origin;
    this.generatedAt = source.generatedAt;
    const headerEnd = this.csv.indexOf('\n');
    const header = (csvParseRows(headerEnd === -1 ? this.csv : this.csv.slice(0, headerEnd))[0] ?? []).map((h) => h.trim());
    const missing = CREDENTIAL_REPORT_COLUMNS.filter((column) => !header.includes(column));
    if (missing.length > 0) {
      this.fail(1, `header lacks ${missing.join(', ')} (a credential report starts with user,arn,user_creation_time,...)`);
    }
    this.width = header.length;
    const inOrder = CREDENTIAL_REPORT_COLUMNS.every((column, i) => header[i] === column);
    // Extra or reordered columns: pick ours by name so a future column cannot break parsing.
    this.order = inOrder ? null : CREDENTIAL_REPORT_COLUMNS.map((column) => header.indexOf(column));
  }

  /** The root row, or null when the report has none. */
  root(): CredentialRow | null {
    if (this.rootRow !== undefined) return this.rootRow;
    if (this.allRows) return (this.rootRow = this.allRows.find((row) => row.isRoot) ?? null);
    // The root row is the first data row: parse the first two lines only.
    const firstEnd = this.csv.indexOf('\n');
    const secondEnd = firstEnd === -1 ? -1 : this.csv.indexOf('\n', firstEnd + 1);
    const head = secondEnd === -1 ? this.csv : this.csv.slice(0, secondEnd);
    const rows = this.toRows(csvParseRows(head), 1);
    if (rows[0]?.isRoot) return (this.rootRow = rows[0]);
    return (this.rootRow = this.rows().find((row) => row.isRoot) ?? null);
  }

  /** Every row but root. */
  users(): CredentialRow[] {
    return this.rows().filter((row) => !row.isRoot);
  }

  rows(): CredentialRow[] {
    this.allRows ??= this.toRows(csvParseRows(this.csv), Infinity);
    return this.allRows;
  }

  /** Throws the error for a malformed report, naming where. */
  fail(line: number, problem: string): never {
    throw new ConnectorError(this.connectorId, 'CredentialReportMalformed', `${this.origin} line ${line}: ${problem}`);
  }

  private toRows(records: string[][], limit: number): CredentialRow[] {
    const rows: CredentialRow[] = [];
    for (let i = 1; i < records.length && rows.length < limit; i++) {
      let cells = records[i];
      if (cells.length === 1 && cells[0] === '') continue; // blank line, e.g. a trailing newline
      if (cells.length !== this.width) this.fail(i + 1, `expected ${this.width} fields, found ${cells.length}`);
      if (this.order) cells = this.order.map((index) => records[i][index]);
      rows.push(new CredentialRow(cells, i + 1, this));
    }
    return rows;
  }
}
