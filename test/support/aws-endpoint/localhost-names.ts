import dns from 'node:dns';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../../../src/paths.js';

/**
 * The `--import` option that installs the same resolution in a child Node
 * process (the built CLI): the compiled preload, which `npm run build`
 * writes, whether this runs from the sources (vitest) or from dist.
 */
export const LOCALHOST_NAMES_IMPORT = `--import=${pathToFileURL(path.join(PACKAGE_ROOT, 'dist/test/support/aws-endpoint/localhost-preload.js')).href}`;

/**
 * S3 Control puts the account id in front of the endpoint's host
 * (`123456789012.<endpoint>`), which an IP address cannot take: the SDK
 * reaches the loopback endpoint as `localhost` for it, and names under
 * `.localhost` resolve to the loopback address (RFC 6761) in this process
 * while installed. Returns the undo.
 */
export function resolveLocalhostNames(): () => void {
  const original = dns.lookup;
  const lookup = function (this: unknown, host: string, options: unknown, callback?: unknown) {
    const done = (typeof options === 'function' ? options : callback) as (error: Error | null, address: unknown, family?: number) => void;
    const settings = (typeof options === 'object' && options !== null ? options : {}) as { all?: boolean };
    if (typeof host === 'string' && /\.localhost$/i.test(host)) {
      process.nextTick(() => (settings.all ? done(null, [{ address: '127.0.0.1', family: 4 }]) : done(null, '127.0.0.1', 4)));
      return;
    }
    return (original as (...args: unknown[]) => unknown).call(this, host, options, callback);
  };
  dns.lookup = lookup as typeof dns.lookup;
  return () => {
    if (dns.lookup === (lookup as typeof dns.lookup)) dns.lookup = original;
  };
}
