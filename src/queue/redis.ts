import { Redis } from 'ioredis';
import pRetry from 'p-retry';
import { QueueError } from './errors.js';

/** A `--queue` URL, checked: what BullMQ connects with, and how messages show it (never with its password). */
export interface QueueAddress {
  url: string;
  /** `redis://host:6379/0`, the password replaced by `***`. */
  shown: string;
}

/** Tries before giving up on Redis, and the back-off between them: 0.25 s doubling to 2 s, about 6 s in all. */
export const REDIS_RETRY = { retries: 5, minTimeout: 250, maxTimeout: 2_000, factor: 2 } as const;

/** `redis://[user:password@]host[:port][/db]` or `rediss://...` (TLS). Anything else is the user's mistake, named. */
export function parseQueueUrl(text: string): QueueAddress {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new QueueError(`--queue ${redact(text)}: not a URL; expected redis://host:6379 or rediss://host:6380 (TLS)`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new QueueError(`--queue ${redact(text)}: expected a redis:// or rediss:// (TLS) URL`);
  if (url.hostname === '') throw new QueueError(`--queue ${redact(text)}: no host`);
  if (url.pathname !== '' && url.pathname !== '/' && !/^\/\d{1,2}$/.test(url.pathname)) throw new QueueError(`--queue ${redact(text)}: the path is a database number (/0 to /15), not ${url.pathname}`);
  return { url: text, shown: redact(text) };
}

/** The URL without its password (it may be in a shell history already; it need not be in logs too). */
function redact(text: string): string {
  try {
    const url = new URL(text);
    if (url.password) url.password = '***';
    return url.toString().replace(/\/$/, '');
  } catch {
    return text.replace(/\/\/[^@/]*@/, '//***@');
  }
}

/**
 * Options for every Redis client of a queue: a lost connection is retried
 * with back-off a bounded number of times, then the client gives up, so a
 * Redis that stays away ends the process instead of hanging it. BullMQ's
 * blocking worker connection needs `maxRetriesPerRequest: null`.
 */
export function connectionOptions(address: QueueAddress): { url: string; maxRetriesPerRequest: null; retryStrategy: (times: number) => number | null } {
  return {
    url: address.url,
    maxRetriesPerRequest: null,
    retryStrategy: (times: number) => (times > REDIS_RETRY.retries ? null : Math.min(REDIS_RETRY.maxTimeout, REDIS_RETRY.minTimeout * 2 ** (times - 1))),
  };
}

/**
 * Connects and PINGs, retrying with back-off; rejects with a
 * QueueError naming the address and the last reason. Used before
 * BullMQ starts (so an unreachable Redis is one clear message) and by the
 * health watch while a run goes on.
 */
export async function pingRedis(address: QueueAddress, retry: { retries: number; minTimeout: number; maxTimeout: number; factor?: number } = REDIS_RETRY): Promise<void> {
  const attempts = retry.retries + 1;
  const started = Date.now();
  try {
    await pRetry(
      async () => {
        // One connection attempt per try: the retries and their pacing are ours, not ioredis'.
        const client = new Redis(address.url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: 2_000 });
        // ioredis rejects with "Connection is closed"; the reason (ECONNREFUSED, a TLS or AUTH refusal) comes as an event.
        let cause: unknown;
        client.on('error', (error: unknown) => (cause ??= error));
        try {
          await client.connect();
          await client.ping();
        } catch (error) {
          throw cause instanceof Error ? cause : error;
        } finally {
          client.disconnect();
        }
      },
      retry,
    );
  } catch (error) {
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    throw new QueueError(`cannot reach Redis at ${address.shown}: ${reasonOf(error)} (${attempts} attempts over ${seconds} s)`);
  }
}

function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}

/**
 * Calls `onLost` once when Redis has been unreachable through every retry
 * of a watching connection (BullMQ's own connections would wait for it
 * forever). PINGs every few seconds, so a silent network loss is noticed
 * too. Returns the stop.
 */
export function watchRedis(address: QueueAddress, onLost: (error: QueueError) => void): () => void {
  const client = new Redis(address.url, { ...connectionOptions(address), maxRetriesPerRequest: 1 });
  let lastError = 'connection closed';
  let stopped = false;
  client.on('error', (error: Error) => {
    lastError = reasonOf(error);
  });
  client.on('end', () => {
    if (!stopped) onLost(new QueueError(`lost Redis at ${address.shown}: ${lastError} (gave up after ${REDIS_RETRY.retries} reconnects)`));
  });
  const timer = setInterval(() => client.ping().catch(() => {}), 5_000);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
    client.disconnect();
  };
}
