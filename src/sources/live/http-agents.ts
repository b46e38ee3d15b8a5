import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

/**
 * Connections per host, for every account together. The SDK's own agent
 * allows 50 per client, that is per account and service; one pool for all
 * accounts needs room for every account in flight (32 at the highest
 * concurrency the benchmarks use, each with several calls to one host).
 */
const SOCKETS_PER_HOST = 512;

/**
 * One keep-alive connection pool for every SDK client of the process. Each
 * account has clients of its own (its own credentials), and each client
 * would otherwise open its own connections: a TCP (and TLS) handshake per
 * account and service, where one pool lets the next account reuse the
 * connection the last one left idle. Requests are signed one by one, so a
 * connection carries nothing of the account that used it before.
 */
export const SHARED_AGENTS = {
  httpAgent: new HttpAgent({ keepAlive: true, maxSockets: SOCKETS_PER_HOST, maxFreeSockets: SOCKETS_PER_HOST }),
  httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: SOCKETS_PER_HOST, maxFreeSockets: SOCKETS_PER_HOST }),
};
