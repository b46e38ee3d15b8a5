/**
 * The one parser of written instants, shared by filters (`DateTime`), the
 * clock options (`--now`, `now:`), exception expiry and the source readers:
 * whatever the machine's time zone, the same text is the same instant.
 */

// Date, then optionally time (seconds and fraction optional), then optionally a zone.
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|z|[+-]\d{2}:?\d{2})?)?$/;

export interface InstantOptions {
  /** Refuse text without an explicit zone (AWS always writes one). @default false: no zone means UTC */
  requireZone?: boolean;
  /** Refuse a date without a time. @default false: a date alone is the start of that day, UTC */
  requireTime?: boolean;
}

/**
 * Milliseconds since the epoch of an ISO-8601 date or date-time, or NaN.
 * Strict where `Date.parse` is lenient: the date must exist (no 30
 * February, no month 13), hours 0-23, minutes and seconds 0-59, zone
 * offsets within ±18:00; a date or time without a zone is UTC, never the
 * machine's local time.
 */
export function parseInstant(text: string, options: InstantOptions = {}): number {
  const match = ISO_8601.exec(text);
  if (!match) return NaN;
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  if (h === undefined ? options.requireTime : options.requireZone && zone === undefined) return NaN;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h ?? 0);
  const minute = Number(mi ?? 0);
  const second = Number(s ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  if (hour > 23 || minute > 59 || second > 59) return NaN;
  let offsetMinutes = 0;
  if (zone !== undefined && zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMins = Number(digits.slice(2));
    if (offsetHours > 18 || offsetMins > 59) return NaN;
    offsetMinutes = sign * (offsetHours * 60 + offsetMins);
  }
  const ms = fraction === undefined ? 0 : Math.floor(Number(fraction) * 1000);
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC maps years 0-99 to 1900-1999; set the year again, with month and day, or
  // 0000-02-29 (a leap day) would first roll over to 1900-03-01 (not one) and stay March.
  const date = new Date(utc);
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime() - offsetMinutes * 60_000;
}

/** Days in a month (1-12) of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** A clock option (`--now`, `now:`) as a Date; null when the text is not an ISO-8601 instant. */
export function parseClock(value: Date | string): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  const ms = parseInstant(value.trim());
  return Number.isNaN(ms) ? null : new Date(ms);
}
