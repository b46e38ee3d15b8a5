/** Shortest bearer token accepted, wherever it comes from (config, ASSETQL_TOKEN, code). */
export const MIN_TOKEN_LENGTH = 16;

/**
 * What is wrong with a bearer token, or undefined. One rule for every
 * source: a short token is guessable, and one with spaces or control
 * characters could never be sent in an `Authorization: Bearer` header.
 */
export function tokenProblem(token: string): string | undefined {
  if (!/^[\x21-\x7e]*$/.test(token)) return 'only visible ASCII characters, no spaces';
  if (token.length < MIN_TOKEN_LENGTH) return `at least ${MIN_TOKEN_LENGTH} characters (found ${token.length})`;
  return undefined;
}
