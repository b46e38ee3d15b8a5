/**
 * The fast reading of IAM's timestamps must give exactly the strict
 * parser's answer (`parseInstant` with a time and a zone required) for any
 * text: the same instant for every real one, NaN for everything else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIamInstant } from '../../src/time/iam-instant.js';
import { parseInstant } from '../../src/time/instant.js';

const strict = (text: string) => parseInstant(text, { requireTime: true, requireZone: true });
const HOUR = 3_600_000;

describe('parseIamInstant', () => {
  it.each([
    ['2026-01-31T12:00:00+00:00', Date.UTC(2026, 0, 31, 12)],
    ['1970-01-01T00:00:00+00:00', 0],
    ['1969-12-31T23:59:59+00:00', -1000],
    ['2015-06-24T12:45:07+00:00', Date.UTC(2015, 5, 24, 12, 45, 7)],
    // Leap days: every 4 years, not every 100, but every 400.
    ['2024-02-29T23:59:59+00:00', Date.UTC(2024, 1, 29, 23, 59, 59)],
    ['2000-02-29T00:00:00+00:00', Date.UTC(2000, 1, 29)],
    ['2024-03-01T00:00:00+00:00', Date.UTC(2024, 2, 1)],
    ['2023-12-31T23:59:59+00:00', Date.UTC(2023, 11, 31, 23, 59, 59)],
    // Years Date.UTC would read as 19xx; year 0 is a leap year of the proleptic calendar.
    ['0000-01-01T00:00:00+00:00', -62_167_219_200_000],
    ['0000-02-29T00:00:00+00:00', -62_162_121_600_000],
    ['0000-03-01T00:00:00+00:00', -62_162_035_200_000],
    ['0099-12-31T23:59:59+00:00', -59_011_459_201_000],
    ['9999-12-31T23:59:59+00:00', 253_402_300_799_000],
  ])('reads %s as IAM writes it', (text, ms) => {
    expect(parseIamInstant(text)).toBe(ms);
    expect(strict(text)).toBe(ms);
  });

  it.each([
    ['2026-01-31T12:00:00Z', Date.UTC(2026, 0, 31, 12)],
    ['2026-01-31T12:00:00z', Date.UTC(2026, 0, 31, 12)],
    ['2026-01-31T12:00:00+01:00', Date.UTC(2026, 0, 31, 12) - HOUR],
    ['2026-01-31T12:00:00-05:30', Date.UTC(2026, 0, 31, 12) + 5.5 * HOUR],
    ['2026-01-31T12:00:00+0000', Date.UTC(2026, 0, 31, 12)],
    ['2026-01-31T12:00:00.250+00:00', Date.UTC(2026, 0, 31, 12, 0, 0, 250)],
    ['2026-01-31T12:00+00:00', Date.UTC(2026, 0, 31, 12)],
    ['2026-01-31 12:00:00+00:00', Date.UTC(2026, 0, 31, 12)],
  ])('reads %s, a form IAM never writes, as the strict parser does', (text, ms) => {
    expect(parseIamInstant(text)).toBe(ms);
  });

  it.each([
    // Not a date or time of the calendar, in exactly IAM's shape.
    '2023-02-29T00:00:00+00:00', '1900-02-29T00:00:00+00:00', '2100-02-29T00:00:00+00:00', '2026-04-31T00:00:00+00:00',
    '2026-00-10T00:00:00+00:00', '2026-13-10T00:00:00+00:00', '2026-01-00T00:00:00+00:00', '2026-01-32T00:00:00+00:00',
    '2026-01-31T24:00:00+00:00', '2026-01-31T12:60:00+00:00', '2026-01-31T12:00:60+00:00',
    // One-digit fields, also padded back to IAM's 25 characters.
    '2026-1-31T12:00:00+00:00', '2026-01-3T12:00:00+00:00', '2026-01-31T1:00:00+00:00', '2026-01-31T12:0:00+00:00',
    '2026-1-031T12:00:00+00:00', '2026-01-31T12:0:000+00:00', '226-01-31T12:00:00+00:000',
    // Other separators or offsets in the same width.
    '2026/01/31T12:00:00+00:00', '2026-01-31t12:00:00+00:00', '2026-01-31T12.00.00+00:00', '2026-01-31T12:00:00+24:00',
    '2026-01-31T12:00:00+00:60', '2026-01-31T12:00:00*00:00', '2026-01-31T12:00:00+00-00',
    // Trailing or leading garbage.
    '2026-01-31T12:00:00+00:00x', '2026-01-31T12:00:00+00:00\n', '2026-01-31T12:00:00+00:00 ', ' 2026-01-31T12:00:00+00:00',
    '2026-01-31T12:00:00+00:00+00:00', 'x026-01-31T12:00:00+00:00',
    // Digits that are not ASCII digits.
    '２０２６-01-31T12:00:00+00:00', '2026-01-31T12:00:0٠+00:00',
    // No zone, no time, AWS's placeholders.
    '2026-01-31T12:00:00', '2026-01-31', 'N/A', 'no_information', 'not_supported', '',
  ])('refuses %j, as the strict parser does', (text) => {
    expect(parseIamInstant(text)).toBeNaN();
    expect(strict(text)).toBeNaN();
  });

  const digit = fc.integer({ min: 0, max: 9 }).map(String);
  const twoDigits = fc.tuple(digit, digit).map(([a, b]) => a + b);
  /** IAM's shape with any digits in it: most of these are no date (month 47, day 00), some are. */
  const iamShaped = fc
    .tuple(twoDigits, twoDigits, twoDigits, twoDigits, twoDigits, twoDigits, twoDigits)
    .map(([c, y, mo, d, h, mi, s]) => `${c}${y}-${mo}-${d}T${h}:${mi}:${s}+00:00`);
  /** Real dates and times of years 0-9999, as IAM writes them. */
  const iamInstant = fc
    .date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true })
    .map((date) => `${date.toISOString().slice(0, 19)}+00:00`);
  /** A character of one of those replaced, inserted or removed. */
  const nearMiss = fc
    .tuple(iamInstant, fc.nat({ max: 25 }), fc.constantFrom('0', '9', '-', ':', 'T', 't', ' ', 'Z', '+', '.', '/', 'x', '\n', '٠', ''), fc.constantFrom('replace', 'insert'))
    .map(([text, at, char, how]) => text.slice(0, at) + char + text.slice(how === 'replace' ? at + 1 : at));

  it.each([
    ['any digits in IAM\'s shape', iamShaped],
    ['real instants of years 0-9999', iamInstant],
    ['one character off', nearMiss],
  ])('gives the strict parser\'s answer for %s', (_name, texts) => {
    fc.assert(fc.property(texts, (text) => Object.is(parseIamInstant(text), strict(text))), { numRuns: 5000 });
  });

  it('reads every real instant of years 0-9999 (none falls back to NaN)', () => {
    fc.assert(fc.property(iamInstant, (text) => parseIamInstant(text) === new Date(text.replace('+00:00', 'Z')).getTime()), { numRuns: 2000 });
  });
});
