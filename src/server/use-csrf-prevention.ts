import type { Plugin } from 'graphql-yoga';

/** Content types a browser only sends cross-origin after a CORS preflight, which same-origin CORS refuses. */
const PREFLIGHTED = /^application\/(json|graphql\+json|graphql-response\+json|graphql)\s*(;|$)/i;

/**
 * Refuses POST bodies that a foreign web page could send without a
 * preflight (forms, text/plain), so no page can make a logged-in or
 * loopback browser register a check. GET never runs mutations (graphql-yoga).
 */
export function useCsrfPrevention(): Plugin {
  return {
    onRequest({ request, fetchAPI, endResponse }) {
      if (request.method !== 'POST' || PREFLIGHTED.test(request.headers.get('content-type') ?? '')) return;
      endResponse(
        new fetchAPI.Response(JSON.stringify({ errors: [{ message: 'POST requests must be Content-Type: application/json', extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' } }] }), {
          status: 415,
          headers: { 'content-type': 'application/json; charset=utf-8' },
        }),
      );
    },
  };
}
