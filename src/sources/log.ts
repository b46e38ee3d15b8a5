/** How much is told: errors only, up to every request (`debug`). */
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** One thing worth telling an operator: a request and its AWS request id, a retry decision, a report's state. */
export interface LogEvent {
  level: LogLevel;
  message: string;
  /** The account (connector id), the AWS operation, region, request id, status, attempt, duration... */
  detail?: Record<string, string | number | boolean | undefined>;
}

export type Log = (event: LogEvent) => void;

/** A log that tells nothing, for when none was asked for. */
export const silent: Log = () => {};
