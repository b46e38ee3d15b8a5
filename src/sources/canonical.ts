/**
 * What the SDK answers, turned into what the AWS CLI prints for the same
 * command: no `$metadata`, no undefined members, timestamps as ISO-8601
 * text, blobs as base64, maps as objects. Pagination is merged by `paginate`.
 */
export function toCliJson(value: unknown): unknown {
  if (value === undefined || value === null) return value;
  if (value instanceof Date) return cliTimestamp(value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof Map) return Object.fromEntries([...value].map(([key, item]) => [key, toCliJson(item)]));
  if (Array.isArray(value)) return value.map(toCliJson);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (key === '$metadata' || item === undefined) continue;
      out[key] = toCliJson(item);
    }
    return out;
  }
  return value;
}

/** `2024-01-02T03:04:05+00:00`, as AWS CLI v2 prints times (milliseconds only when there are some). */
export function cliTimestamp(date: Date): string {
  const iso = date.toISOString();
  return `${iso.endsWith('.000Z') ? iso.slice(0, -5) : iso.slice(0, -1)}+00:00`;
}

/**
 * IAM answers policy documents URL-encoded (RFC 3986); the AWS CLI decodes
 * them to JSON objects. Undecodable text is kept as it came, for the shape
 * check to refuse.
 */
export function decodePolicyDocument(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(decodeURIComponent(value));
  } catch {
    return value;
  }
}

export interface Pagination {
  /** The request member carrying the token (`Marker`, `NextToken`). */
  inputToken: string;
  /** The answer member carrying the next token. */
  outputToken: string;
  /** A member that says whether there are more pages (`IsTruncated`), when the service has one. */
  moreResults?: string;
  /** The list members merged across pages. */
  resultKeys: readonly string[];
}

/** More pages than any account has (GetAccountAuthorizationDetails of 100,000 entities is 100 pages): a runaway endpoint is stopped. */
export const MAX_PAGES = 10_000;

/**
 * Every page of a paginated call merged as the AWS CLI merges them: the
 * result lists concatenated, the other members of the first page, the
 * pagination members dropped. A token seen twice ends in an error.
 */
export async function paginate(page: (token: string | undefined) => Promise<Record<string, unknown>>, pagination: Pagination): Promise<Record<string, unknown>> {
  const merged: Record<string, unknown> = {};
  const seen = new Set<string>();
  let token: string | undefined;
  for (let pages = 0; ; pages++) {
    if (pages >= MAX_PAGES) throw new PaginationError(`more than ${MAX_PAGES} pages; stopped`);
    const answer = await page(token);
    for (const [key, value] of Object.entries(answer)) {
      if (key === pagination.outputToken || key === pagination.moreResults || key === '$metadata') continue;
      if (pagination.resultKeys.includes(key)) merged[key] = [...((merged[key] as unknown[] | undefined) ?? []), ...((value as unknown[] | undefined) ?? [])];
      else if (!(key in merged)) merged[key] = value;
    }
    const next = answer[pagination.outputToken] as string | undefined;
    const more = pagination.moreResults === undefined ? next !== undefined && next !== '' : answer[pagination.moreResults] === true;
    if (!more || next === undefined || next === '') break;
    if (seen.has(next)) throw new PaginationError('the same page token came back twice; stopped');
    seen.add(next);
    token = next;
  }
  for (const key of pagination.resultKeys) merged[key] ??= [];
  return merged;
}

export class PaginationError extends Error {
  override readonly name = 'PaginationRunaway';
  readonly code = 'PaginationRunaway';
}
