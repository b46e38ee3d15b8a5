import { parseClock } from '../time/instant.js';
import { UsageError } from './io.js';

/**
 * `--now`, read by the one instant parser the engine and the DateTime
 * filters use: the command line accepts exactly the instants a query does.
 */
export function parseNowOption(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const now = parseClock(value);
  if (!now) throw new UsageError(`--now "${value}": expected an ISO-8601 date or timestamp (e.g. 2026-01-31 or 2026-01-31T12:00:00Z; no zone means UTC)`);
  return now;
}
