import { printable } from '../checks/report/printable.js';
import { LOG_LEVELS, type Log, type LogLevel } from '../sources/log.js';
import { UsageError, type CliIO } from './io.js';

/** `--log-level` and `-v` of a command: the level asked for, else errors only (results already carry every failure). */
export function logLevelOf(options: { logLevel?: string; verbose?: boolean }): LogLevel {
  if (options.verbose) return 'debug';
  const level = options.logLevel ?? 'error';
  if (!(LOG_LEVELS as readonly string[]).includes(level)) throw new UsageError(`--log-level ${level}: expected one of ${LOG_LEVELS.join(', ')}`);
  return level as LogLevel;
}

/**
 * Log lines on stderr, one per event at or above the level:
 * `assetql debug: GetAccountSummary 200 account=prod region=us-east-1 requestId=... ms=41`.
 * Everything from AWS is shown escaped (it may hold terminal escapes).
 */
export function stderrLog(io: Pick<CliIO, 'stderr'>, level: LogLevel): Log | undefined {
  if (level === 'error') return undefined;
  const threshold = LOG_LEVELS.indexOf(level);
  return (event) => {
    if (LOG_LEVELS.indexOf(event.level) > threshold) return;
    const detail = Object.entries(event.detail ?? {})
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${key}=${String(value)}`)
      .join(' ');
    io.stderr.write(`assetql ${event.level}: ${printable(detail ? `${event.message} ${detail}` : event.message)}\n`);
  };
}
