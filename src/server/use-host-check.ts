import type { Plugin } from 'graphql-yoga';

export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'] as const;

export interface HostCheckOptions {
  /** Host names (no port) requests may be addressed to. */
  allowed: readonly string[];
}

/**
 * Answers 403 to a request whose `Host` is not one of ours. A web page that
 * rebinds its own name to 127.0.0.1 reaches a loopback server as "same
 * origin", but its requests still name the page's host.
 */
export function useHostCheck(options: HostCheckOptions): Plugin {
  const allowed = new Set(options.allowed.map((host) => host.toLowerCase()));
  return {
    onRequest({ url, fetchAPI, endResponse }) {
      // Over node:http the URL is built from the Host header; over fetch it is the URL asked for.
      const host = url.hostname.toLowerCase();
      if (allowed.has(host)) return;
      endResponse(
        new fetchAPI.Response(JSON.stringify({ errors: [{ message: `host "${host}" is not served here`, extensions: { code: 'FORBIDDEN_HOST' } }] }), {
          status: 403,
          headers: { 'content-type': 'application/json; charset=utf-8' },
        }),
      );
    },
  };
}
