import { ConnectorError } from '../connector.js';

/** A failure found by assetql itself rather than answered by AWS (a deadline, a malformed answer). */
export class LocalAwsError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** Codes worth another try after a pause: throttling, quota and server-side failures. */
const RETRYABLE_CODES = new Set([
  'Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'LimitExceeded',
  'LimitExceededException', 'ServiceFailure', 'ServiceFailureException', 'ServiceUnavailable', 'InternalFailure',
  'InternalError', 'ServiceException', 'RequestTimeout', 'RequestTimeoutException', 'IDPCommunicationError',
]);

/** Network hiccups; a refused connection is left out because it usually means a wrong endpoint. */
const TRANSIENT_NETWORK_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'TimeoutError']);

/** The AWS error code (`AccessDenied`, `ReportExpired`, ...): Query errors carry `Code`, JSON errors their type as `name`. */
export function awsErrorCode(error: unknown): string {
  if (error instanceof LocalAwsError) return error.code;
  const e = error as { Code?: unknown; name?: unknown; code?: unknown } | null;
  if (typeof e?.Code === 'string' && e.Code) return e.Code;
  if (typeof e?.code === 'string' && e.code) return e.code;
  if (typeof e?.name === 'string' && e.name && e.name !== 'Error') return e.name;
  return 'UnknownError';
}

export function isRetryable(error: unknown): boolean {
  const code = awsErrorCode(error);
  if (RETRYABLE_CODES.has(code) || TRANSIENT_NETWORK_CODES.has(code)) return true;
  const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  return status !== undefined && status >= 500;
}

/** AWS's message, or "no message": credential-report errors come without one and the SDK then says "Unknown". */
export function awsErrorMessage(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  if (typeof message !== 'string' || message === '' || message === 'Unknown' || message === 'UnknownError') return 'no message';
  return redactSecrets(message);
}

/**
 * `connector prod: GetCredentialReport: AccessDenied: User ... is not authorized ... (request id ...)`.
 * The SDK error is not kept as `cause`: printing a cause chain must not be able to show request details.
 */
export function toConnectorError(connectorId: string, operation: string, error: unknown): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const code = awsErrorCode(error);
  const requestId = (error as { $metadata?: { requestId?: string } } | null)?.$metadata?.requestId;
  const suffix = requestId ? ` (request id ${requestId})` : '';
  return new ConnectorError(connectorId, code, `${operation}: ${code}: ${awsErrorMessage(error)}${suffix}`);
}

/** Secrets have no business in a message; strip anything shaped like one should a message ever echo it. */
export function redactSecrets(text: string): string {
  return text
    .replace(/((?:aws_)?secret_?access_?key|session_?token|security-token|signature)(["'\s:=]+)[^\s"',;&]+/gi, '$1$2[redacted]')
    .replace(/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, '[access key id]');
}

/**
 * Whether an error is an answer (or the lack of one) from AWS: an SDK service
 * exception, a network failure, a deadline, or assetql's own finding about an
 * answer. A TypeError from code that handles the answer is none of these.
 */
export function isAwsFailure(error: unknown): boolean {
  if (error instanceof LocalAwsError || error instanceof ConnectorError) return true;
  const e = error as { $metadata?: unknown; $fault?: unknown; name?: unknown; code?: unknown } | null;
  if (e && (e.$metadata !== undefined || e.$fault !== undefined)) return true;
  const code = typeof e?.code === 'string' ? e.code : typeof e?.name === 'string' ? e.name : '';
  return /^(E[A-Z]+|TimeoutError|AbortError|CredentialsProviderError|ProviderError)$/.test(code);
}
