/**
 * Child-process entry for the server benchmark: drives HTTP load with
 * autocannon from its own process, so the load tool does not share the
 * server's event loop. `node load-generator.js <json options>`; the result
 * goes back to the parent.
 */
import autocannon, { type Options } from 'autocannon';

const options = JSON.parse(process.argv[2] ?? '{}') as Options;
if (!process.send) throw new Error('forked by bench/server.ts');
const result = await autocannon(options);
process.send(
  {
    requestsPerSecond: result.requests.average,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, average: result.latency.average },
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  },
  () => process.exit(0),
);
