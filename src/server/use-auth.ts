import { createHash, timingSafeEqual } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';

export interface AuthOptions {
  /** The token every request must present as `Authorization: Bearer <token>`. */
  token: string;
}

/**
 * Bearer-token authentication: anything that reaches it without the token
 * gets 401. Plugins before it (health probes, the GraphiQL page and its
 * assets, which hold no data) answer without a token.
 */
export function useAuth(options: AuthOptions): Plugin {
  const check = bearerCheck(options.token);
  return {
    onRequest({ request, fetchAPI, endResponse }) {
      const found = check(request.headers.get('authorization') ?? undefined);
      if (found === 'valid') return;
      const message = found === 'invalid' ? 'invalid bearer token' : 'missing bearer token: send Authorization: Bearer <token>';
      endResponse(
        new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] }), {
          status: 401,
          headers: { 'content-type': 'application/json; charset=utf-8', 'www-authenticate': 'Bearer realm="assetql"' },
        }),
      );
    },
  };
}

/** What an `Authorization` header holds: the token, another token, or none. */
export function bearerCheck(token: string): (authorization: string | undefined) => 'valid' | 'invalid' | 'missing' {
  const expected = digest(token);
  return (authorization) => {
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) return 'missing';
    // Hashing both sides first makes the comparison constant-time whatever the lengths.
    return timingSafeEqual(digest(match[1]), expected) ? 'valid' : 'invalid';
  };
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
