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
  const expected = digest(options.token);
  return {
    onRequest({ request, fetchAPI, endResponse }) {
      const match = /^Bearer[ ]+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '');
      // Hashing both sides first makes the comparison constant-time whatever the lengths.
      if (match && timingSafeEqual(digest(match[1]), expected)) return;
      const message = match ? 'invalid bearer token' : 'missing bearer token: send Authorization: Bearer <token>';
      endResponse(
        new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] }), {
          status: 401,
          headers: { 'content-type': 'application/json; charset=utf-8', 'www-authenticate': 'Bearer realm="assetql"' },
        }),
      );
    },
  };
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
