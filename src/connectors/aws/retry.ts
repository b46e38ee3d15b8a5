import { setTimeout as sleep } from 'node:timers/promises';
import { LocalAwsError, awsErrorCode, awsErrorMessage, isRetryable } from './aws-error.js';

export interface RetryPolicy {
  /** Epoch ms after which no new attempt starts and the running one is aborted. */
  deadline: number;
  initialMs: number;
  maxMs: number;
  /** Names the work in the deadline error, e.g. "GetAccountSummary". */
  operation: string;
}

/**
 * Runs `attempt` until it succeeds, retrying retryable errors (throttling,
 * LimitExceeded, 5xx) with exponential back-off and jitter, on top of the
 * SDK's own retries, until the deadline. Each attempt gets a signal that
 * aborts it at the deadline, so a hung call cannot hold an account longer.
 */
export async function withRetry<T>(attempt: (signal: AbortSignal) => Promise<T>, policy: RetryPolicy): Promise<T> {
  let backoff = policy.initialMs;
  for (;;) {
    const remaining = policy.deadline - Date.now();
    if (remaining <= 0) throw deadlineError(policy, undefined);
    const signal = AbortSignal.timeout(remaining);
    try {
      return await attempt(signal);
    } catch (error) {
      if (signal.aborted) throw deadlineError(policy, undefined);
      if (!isRetryable(error)) throw error;
      // Equal jitter: accounts throttled together do not retry together.
      const wait = backoff / 2 + Math.random() * (backoff / 2);
      if (Date.now() + wait >= policy.deadline) throw deadlineError(policy, error);
      await sleep(wait);
      backoff = Math.min(backoff * 2, policy.maxMs);
    }
  }
}

export function deadlineError(policy: Pick<RetryPolicy, 'operation'>, lastError: unknown, detail?: string): LocalAwsError {
  const last = lastError === undefined ? '' : ` (last error ${awsErrorCode(lastError)}: ${awsErrorMessage(lastError)})`;
  return new LocalAwsError('Timeout', `${policy.operation}: no answer before the deadline${detail ? `, ${detail}` : ''}${last}`);
}
