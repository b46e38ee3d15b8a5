/**
 * Every cell of a credential report row is read by its column's type when
 * the row is built, on the quick paths (a switch over AWS's placeholders and
 * booleans, IAM's one timestamp form read by character codes): what a cell
 * reads as, and which cells make the report unreadable, naming line and column.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CREDENTIAL_REPORT_COLUMNS, CredentialReport, fieldOf } from '../../src/model/iam-credential-report/report.js';
import { parseInstant } from '../../src/time/instant.js';
import { csv, row, type Column } from '../support/credential-report.js';

const ROOT = row({ user: '<root_account>' });
const report = (text: string) => new CredentialReport('acct', { csv: text, generatedAt: null, origin: 'credential-report.csv' });
/** The one user row of a report, its `column` set to `text`. */
const userWith = (column: Column, text: string) => report(csv([ROOT, row({ user: 'alice', [column]: text })])).users()[0] as unknown as Record<string, unknown>;
const field = (column: Column) => fieldOf(column);

describe('credential report cells', () => {
  it.each(['N/A', 'no_information', 'not_supported'])('reads %s as null in text, boolean and timestamp columns, and keeps it in raw', (placeholder) => {
    for (const column of ['access_key_1_last_used_region', 'mfa_active', 'password_last_used'] as const) {
      const user = userWith(column, placeholder);
      expect(user[field(column)]).toBeNull();
      expect((user.raw as Record<string, unknown>)[field(column)]).toBe(placeholder);
    }
  });

  it('reads true and false as booleans, an IAM timestamp as its text, other text as itself', () => {
    expect(userWith('mfa_active', 'true').mfaActive).toBe(true);
    expect(userWith('mfa_active', 'false').mfaActive).toBe(false);
    expect(userWith('password_last_used', '2024-02-29T23:59:59+00:00').passwordLastUsed).toBe('2024-02-29T23:59:59+00:00');
    expect(userWith('access_key_1_last_used_service', 'ec2').accessKey1LastUsedService).toBe('ec2');
  });

  it('reads a timestamp in another ISO-8601 form with a zone (IAM never writes one) through the strict parser', () => {
    expect(userWith('password_last_used', '2024-01-02T03:04:05Z').passwordLastUsed).toBe('2024-01-02T03:04:05Z');
    expect(userWith('password_last_used', '2024-01-02T03:04:05.5-05:00').passwordLastUsed).toBe('2024-01-02T03:04:05.5-05:00');
  });

  it.each([
    ['mfa_active', 'TRUE'], ['mfa_active', 'True'], ['mfa_active', 'true '], ['mfa_active', 'n/a'], ['mfa_active', 'NA'], ['mfa_active', ''],
    ['mfa_active', 'No_information'], ['password_last_used', 'N/A '], ['password_last_used', 'not_supported\u001b[2J'],
    ['password_last_used', '2023-02-29T00:00:00+00:00'], ['password_last_used', '2024-06-01T24:00:00+00:00'],
    ['password_last_used', '2024-6-01T00:00:00+00:00'], ['password_last_used', '2024-06-01T00:00:00+00:00x'],
    ['password_last_used', '2024-06-01 00:00:00+00:00'], ['password_last_used', '2024-06-01T00:00:00'], ['password_last_used', '2024-06-01'],
    ['access_key_2_last_rotated', '2024-06-01T00:00:00+25:00'], ['cert_2_last_rotated', '0000-02-30T00:00:00+00:00'],
  ] as [Column, string][])('makes the report unreadable on %s %j, naming the line and the column', (column, text) => {
    expect(() => userWith(column, text)).toThrow(new RegExp(`credential-report\\.csv line 3: ${column}: ".*" is not `));
  });

  it('names the second root row where it is, before the rows after it are read', () => {
    const text = csv([ROOT, row({ user: 'alice' }), row({ user: '<root_account>' }), row({ user: 'bob', mfa_active: 'maybe' })]);
    expect(() => report(text).rows()).toThrow(/line 4: a second <root_account> row \(the first is on line 2\)/);
  });

  // A line that could start a root row sends a root-only read to the whole parse, which decides.
  it.each([
    ['<root_account>,', /line 4: a second <root_account> row/],
    ['"<root_account>",', /line 4: a second <root_account> row/],
    ['"<root_account>,', /line 4: expected 22 fields/],
    ['<root_account>",', null],
    ['x<root_account>,', null],
    ['<root_account>x,', null],
  ])('a root-only read of a report with a later line starting %j', (start, error) => {
    const text = csv([ROOT, row({ user: 'alice' })]) + start + row({ user: 'bob' }).slice(1).join(',') + '\r\n';
    const read = () => report(text).root();
    if (error) expect(read).toThrow(error);
    else expect(read()?.arn).toBe('arn:aws:iam::123456789012:root');
  });

  /** The reading before the quick paths: a Set of placeholders, and every timestamp through the strict parser. */
  const reference = (kind: 'text' | 'boolean' | 'timestamp', text: string): unknown => {
    if (['N/A', 'no_information', 'not_supported'].includes(text)) return null;
    if (kind === 'boolean') return text === 'true' ? true : text === 'false' ? false : 'unreadable';
    if (kind === 'timestamp') return !Number.isNaN(parseInstant(text, { requireTime: true, requireZone: true })) && text.includes('T') ? text : 'unreadable';
    return text;
  };
  const kindOf = (column: Column) => (column === 'user' || column === 'arn' ? 'text' : /_(active|enabled)$/.test(column) ? 'boolean' : /_(time|used|changed|rotation|rotated|date)$/.test(column) ? 'timestamp' : 'text');
  const cellText = fc.oneof(
    fc.constantFrom('N/A', 'no_information', 'not_supported', 'true', 'false', 'N/A ', 'n/a', 'TRUE', '', 'eu-west-1'),
    fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((date) => `${date.toISOString().slice(0, 19)}+00:00`),
    fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), fc.constantFrom('+00:00', 'Z', '+01:00', '', '+00:00 '))
      .map(([y, m, d, zone]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T12:00:00${zone}`),
  );

  it('reads any cell of any column as the strict reading does, or fails where it fails', () => {
    const columns = CREDENTIAL_REPORT_COLUMNS.filter((column) => column !== 'user' && column !== 'arn');
    fc.assert(
      fc.property(fc.constantFrom(...columns), cellText, (column, text) => {
        const expected = reference(kindOf(column), text);
        let actual: unknown;
        try {
          actual = userWith(column, text)[field(column)];
        } catch (error) {
          if (!/is not /.test((error as Error).message)) throw error;
          actual = 'unreadable';
        }
        return Object.is(actual, expected);
      }),
      { numRuns: 3000 },
    );
  });
});
