/** Waits, back-offs and deadlines of live AWS calls. Defaults suit real AWS; tests use milliseconds. */
export interface AwsTiming {
  /** First wait between credential report polls, ms. @default 500 */
  pollInitialMs: number;
  /** Longest wait between credential report polls, ms. @default 5000 */
  pollMaxMs: number;
  /** How long an account's credential report may take, polls and retries included, ms. @default 120000 */
  reportDeadlineMs: number;
  /** First back-off after Throttling, LimitExceeded or a 5xx that outlasted the SDK's own retries, ms. @default 1000 */
  retryInitialMs: number;
  /** Longest back-off, ms. @default 10000 */
  retryMaxMs: number;
  /** How long any other call may take, retries included, ms. @default 60000 */
  callDeadlineMs: number;
  /** SDK attempts per call (standard retry mode). @default the SDK's own: 3, or AWS_MAX_ATTEMPTS */
  maxAttempts?: number;
}

export const DEFAULT_TIMING: AwsTiming = {
  pollInitialMs: 500,
  pollMaxMs: 5_000,
  reportDeadlineMs: 120_000,
  retryInitialMs: 1_000,
  retryMaxMs: 10_000,
  callDeadlineMs: 60_000,
};

export function resolveTiming(timing: Partial<AwsTiming> = {}): AwsTiming {
  return { ...DEFAULT_TIMING, ...withoutUndefined(timing) };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
