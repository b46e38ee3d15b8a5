import { useReadinessCheck, type Plugin } from 'graphql-yoga';

export interface ReadinessOptions {
  /** The probe's path. */
  endpoint: string;
}

/**
 * Ready means "this process can serve requests": the config is loaded, the
 * schema built and the stored checks loaded, all of which happened before
 * the server existed. The probe never reads an account: an unreadable
 * account is an error in the results that need it, not a reason to take the
 * whole server out of rotation, and a probe must neither flap with AWS nor
 * fan out to it. It answers before authentication, so it names nothing.
 */
export function useReadiness(options: ReadinessOptions): Plugin {
  return useReadinessCheck({
    endpoint: options.endpoint,
    check: ({ fetchAPI }) => new fetchAPI.Response('ready\n', { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' } }),
  });
}
