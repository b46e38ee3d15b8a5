import pRetry from 'p-retry';
import { LocalAwsError, awsErrorCode, awsErrorMessage, isRetryable } from './aws-error.js';

export interface RetryPolicy {
  /** Epoch ms after which no new attempt starts and the running one is aborted. */
  deadline: number;
  initialMs: number;
  maxMs: number;
  /** Names the work in the deadline error, e.g. "GetAccountSummary". */
  operation: string;
  /** Wraps each attempt (not the waits between them): how an account holds a slot only while it has a request in flight. */
  gate?: Gate;
  /** Told of each failed attempt and whether another follows (for `--log-level info`). */
  onFailedAttempt?: (error: unknown, attempt: number, retrying: boolean) => void;
}

export type Gate = <T>(attempt: () => Promise<T>) => Promise<T>;

/**
 * Runs `attempt` until it succeeds, retrying retryable errors (throttling,
 * LimitExceeded, 5xx) with randomized exponential back-off (p-retry), on
 * top of the SDK's own retries, until the deadline. Attempts share a signal
 * that aborts at the deadline, so a hung call cannot hold an account longer.
 */
export async function withRetry<T>(attempt: (signal: AbortSignal) => Promise<T>, policy: RetryPolicy): Promise<T> {
  const remaining = policy.deadline - Date.now();
  if (remaining <= 0) throw deadlineError(policy, undefined);
  const signal = AbortSignal.timeout(remaining);
  try {
    const gate = policy.gate ?? ((run) => run());
    return await pRetry(() => gate(() => attempt(signal)), {
      retries: Number.POSITIVE_INFINITY,
      factor: 2,
      minTimeout: policy.initialMs,
      maxTimeout: policy.maxMs,
      // Accounts throttled together do not retry together.
      randomize: true,
      maxRetryTime: remaining,
      shouldRetry: ({ error }) => isRetryable(error),
      onFailedAttempt: ({ error, attemptNumber }) => policy.onFailedAttempt?.(error, attemptNumber, isRetryable(error) && Date.now() < policy.deadline),
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw deadlineError(policy, undefined);
    // Still retryable here means the time ran out before an attempt succeeded.
    if (isRetryable(error)) throw deadlineError(policy, error);
    throw error;
  }
}

export function deadlineError(policy: Pick<RetryPolicy, 'operation'>, lastError: unknown, detail?: string): LocalAwsError {
  const last = lastError === undefined ? '' : ` (last error ${awsErrorCode(lastError)}: ${awsErrorMessage(lastError)})`;
  return new LocalAwsError('Timeout', `${policy.operation}: no answer before the deadline${detail ? `, ${detail}` : ''}${last}`);
}
