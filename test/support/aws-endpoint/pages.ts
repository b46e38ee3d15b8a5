import type { Pagination } from '../../../src/sources/canonical.js';
import { AwsFault } from './aws-fault.js';

const TOKEN_PREFIX = 'loopback-page:';

/**
 * One page of a whole answer, the way the operation pages (the source's
 * `sdk.paginate`): `size` items of each result list from the offset the
 * token names, the next token (and `IsTruncated`, where the service has
 * it) when there is more. Tokens are opaque to clients; one the endpoint
 * did not hand out is refused, as AWS refuses it.
 */
export function pageOf(whole: Record<string, unknown>, pagination: Pagination, token: unknown, size: number): Record<string, unknown> {
  const offset = token === undefined || token === null || token === '' ? 0 : offsetOf(token);
  const page: Record<string, unknown> = { ...whole };
  delete page[pagination.outputToken];
  let more = false;
  for (const key of pagination.resultKeys) {
    const list = whole[key];
    if (!Array.isArray(list)) continue;
    page[key] = list.slice(offset, offset + size);
    if (list.length > offset + size) more = true;
  }
  if (pagination.moreResults) page[pagination.moreResults] = more;
  if (more) page[pagination.outputToken] = Buffer.from(`${TOKEN_PREFIX}${offset + size}`).toString('base64url');
  return page;
}

function offsetOf(token: unknown): number {
  const text = typeof token === 'string' ? Buffer.from(token, 'base64url').toString('utf8') : '';
  const offset = text.startsWith(TOKEN_PREFIX) ? Number(text.slice(TOKEN_PREFIX.length)) : NaN;
  if (!Number.isSafeInteger(offset) || offset < 0) throw new AwsFault('InvalidParameterValue', 400, 'the pagination token is not one this endpoint handed out');
  return offset;
}
