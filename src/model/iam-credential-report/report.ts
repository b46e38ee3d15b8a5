import { csvParseRows } from 'd3-dsv';
import { ConnectorError } from '../../sources/connector.js';
import { parseIamInstant } from '../../time/iam-instant.js';

/** A report's text and where it came from. */
export interface CredentialReportSource {
  /** The CSV text (header line first). */
  csv: string;
  /** When IAM generated the report, when known. */
  generatedAt: Date | null;
  /** Where the CSV came from, for error messages (a snapshot file, or GetCredentialReport). */
  origin: string;
}

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

/** Values AWS writes where there is no value; they read as null. A switch, not a Set: no hash of every cell. */
function isPlaceholder(text: string): boolean {
  switch (text) {
    case 'N/A':
    case 'no_information':
    case 'not_supported':
      return true;
    default:
      return false;
  }
}

/** AWS writes `2015-06-24T12:45:00+00:00`: a real instant, with a time and a zone; anything else is unreadable. */
const isTimestamp = (text: string) => !Number.isNaN(parseIamInstant(text)) && text.includes('T');

type ColumnKind = 'text' | 'boolean' | 'timestamp';
const kindOf = (column: string): ColumnKind =>
  column === 'user' || column === 'arn' ? 'text'
  : /_(active|enabled)$/.test(column) ? 'boolean'
  : /_(time|used|changed|rotation|rotated|date)$/.test(column) ? 'timestamp'
  : 'text';

/** A cell quoted for an error message: short, and with no control characters that could drive a terminal. */
function quoteCell(text: string): string {
  const shown = text.length > 40 ? `${text.slice(0, 40)}...` : text;
  return JSON.stringify(shown).replace(/[\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `access_key_1_last_rotated` → `accessKey1LastRotated`: the GraphQL field of a column. */
export const fieldOf = (column: string) => column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

type Cell = string | boolean | null;

const readText = (text: string): Cell | undefined => (isPlaceholder(text) ? null : text);
function readBoolean(text: string): Cell | undefined {
  switch (text) {
    case 'true':
      return true;
    case 'false':
      return false;
    default:
      return isPlaceholder(text) ? null : undefined;
  }
}
const readTimestamp = (text: string): Cell | undefined => (isPlaceholder(text) ? null : isTimestamp(text) ? text : undefined);

/** How each column's text reads: its field, and the value or `undefined` when the text is not of the column's type. */
const COLUMNS = CREDENTIAL_REPORT_COLUMNS.map((column) => {
  const kind = kindOf(column);
  const read = kind === 'text' ? readText : kind === 'boolean' ? readBoolean : readTimestamp;
  const expected = kind === 'boolean' ? 'true, false or N/A' : 'an ISO-8601 timestamp with a zone (or N/A)';
  return { column, field: fieldOf(column), read, expected };
});

/**
 * One report row, every cell read and checked when the row is built: a cell
 * that is neither a value of its type nor one of AWS's placeholders makes
 * the row (and so the account's IAM users) unreadable, naming file, line and
 * column. Never later: assets are read by compiled queries outside any
 * resolver, where a throwing property would take the process down.
 */
export class CredentialRow {
  declare readonly user: string;
  declare readonly arn: string;
  readonly raw: RawCredentialRow;
  constructor(
    cells: readonly string[],
    readonly line: number,
    private readonly report: CredentialReport,
  ) {
    const fields = this as unknown as Record<string, Cell>;
    for (let i = 0; i < COLUMNS.length; i++) {
      const { column, field, read, expected } = COLUMNS[i];
      const value = read(cells[i]);
      if (value === undefined) report.fail(line, `${column}: ${quoteCell(cells[i])} is not ${expected}`);
      fields[field] = value;
    }
    this.raw = new RawCredentialRow(cells);
  }

  get reportGeneratedAt(): Date | null {
    return this.report.generatedAt;
  }

  get isRoot(): boolean {
    return this.user === ROOT_USER;
  }
}

/** The same row as AWS wrote it, every column a string. */
export class RawCredentialRow {
  constructor(readonly cells: readonly string[]) {}
}

COLUMNS.forEach(({ field }, index) => {
  Object.defineProperty(RawCredentialRow.prototype, field, { get(this: RawCredentialRow) { return this.cells[index]; } });
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

  /**
   * The root row, or null when the report has none. Two root rows make the
   * report malformed: which one would be true? Read alone, it checks the
   * header, every cell of the root row and (by a scan) that no later line
   * is another root row; the users' rows are checked when users are read.
   * Checking every line's structure too would cost more than the whole
   * root-only query of a 20,000-user report (BENCHMARKS.md, section 1).
   */
  root(): CredentialRow | null {
    if (this.rootRow !== undefined) return this.rootRow;
    if (this.allRows) return (this.rootRow = this.allRows.find((row) => row.isRoot) ?? null);
    // The root row is the first data row: parse the first two lines only.
    const firstEnd = this.csv.indexOf('\n');
    const secondEnd = firstEnd === -1 ? -1 : this.csv.indexOf('\n', firstEnd + 1);
    const head = secondEnd === -1 ? this.csv : this.csv.slice(0, secondEnd);
    const rows = this.toRows(csvParseRows(head), 1);
    if (!rows[0]?.isRoot) return (this.rootRow = this.rows().find((row) => row.isRoot) ?? null);
    if (secondEnd !== -1 && hasRootLine(this.csv, secondEnd)) return (this.rootRow = this.rows().find((row) => row.isRoot) ?? null);
    return (this.rootRow = rows[0]);
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

  /** Rows of parsed records (the header first); two root rows make the report malformed: which one would be true? */
  private toRows(records: string[][], limit: number): CredentialRow[] {
    const rows: CredentialRow[] = [];
    let rootLine = 0;
    for (let i = 1; i < records.length && rows.length < limit; i++) {
      let cells = records[i];
      if (cells.length === 1 && cells[0] === '') continue; // blank line, e.g. a trailing newline
      if (cells.length !== this.width) this.fail(i + 1, `expected ${this.width} fields, found ${cells.length}`);
      if (this.order) cells = this.order.map((index) => records[i][index]);
      const row = new CredentialRow(cells, i + 1, this);
      if (row.isRoot) {
        if (rootLine !== 0) this.fail(i + 1, `a second ${ROOT_USER} row (the first is on line ${rootLine}): a report has one root user`);
        rootLine = i + 1;
      }
      rows.push(row);
    }
    return rows;
  }
}

const [NEWLINE, QUOTE, COMMA] = [0x0a, 0x22, 0x2c];

/**
 * Whether a line after `from` starts with a root user cell (`<root_account>,`,
 * quoted or not). IAM user names cannot hold "<" or a line break, so such a
 * line is a second root row: scan, not parse. indexOf, not a regular
 * expression: several times faster over a 5 MB report (bench/, 1 x 20,000).
 */
function hasRootLine(csv: string, from: number): boolean {
  for (let at = csv.indexOf(ROOT_USER, from); at !== -1; at = csv.indexOf(ROOT_USER, at + ROOT_USER.length)) {
    const before = csv.charCodeAt(at - 1) === QUOTE ? at - 2 : at - 1;
    const after = csv.charCodeAt(at + ROOT_USER.length) === QUOTE ? at + ROOT_USER.length + 1 : at + ROOT_USER.length;
    if (csv.charCodeAt(before) === NEWLINE && csv.charCodeAt(after) === COMMA) return true;
  }
  return false;
}
