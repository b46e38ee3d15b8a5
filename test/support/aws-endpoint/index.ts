/**
 * A loopback AWS endpoint for tests and manual trials: every operation a
 * source of assetql reads (src/model/registry.ts), in the wire protocol
 * the pinned SDK client speaks for its service, answered from a snapshot
 * folder (or the same files held in memory), on 127.0.0.1. Accounts are
 * told apart by the access key in the SigV4 credential scope (signatures
 * are not verified). Faults are injectable per test and every request is
 * recorded so tests can count calls.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from '../../../src/model/registry.js';
import type { SourceSpec } from '../../../src/sources/source.js';
import { seededRandom } from '../seeded-random.js';
import { answerRequest, type RecordedCall } from './answer-request.js';
import { Faults, type FaultRule } from './faults.js';
import { IAM_OPERATIONS } from './iam.js';
import { organizationsOperations, type Paging } from './organizations.js';
import { Router } from './router.js';
import { STS_OPERATIONS } from './sts.js';
import { World, type AccountInput } from './world.js';

export { activeKey, credentialReportCsv, type ReportRow } from './credential-report-csv.js';
export type { RecordedCall } from './answer-request.js';
export type { FaultCode, FaultRule } from './faults.js';
export { DEFAULT_REGIONS, DEFAULT_SUMMARY, REPORT_REUSE_MS, type AccountInput, type FakeAccountInput, type SnapshotAccountInput } from './world.js';

export interface AwsEndpointOptions {
  /** Made-up accounts (`credentialReport`, `summary`, ...) or snapshot folders (`snapshot`). */
  accounts: AccountInput[];
  /** The Organization's management account: the only one ListAccounts answers. */
  managementAccountId?: string;
  faults?: FaultRule[];
  /** Seed for fault rates. @default 1 */
  seed?: number;
  /** Page size of ListAccounts and of every paginated source, small so that clients page. @default 2 */
  pageSize?: number;
  /** ListAccounts paging fault. @default 'normal' */
  paging?: Paging;
  /** Sources to serve besides the registry's (families still to come, declared by a test). */
  sources?: readonly SourceSpec[];
  /** @default 0: an ephemeral port */
  port?: number;
}

export interface AwsEndpoint {
  /** `http://127.0.0.1:<port>`, for AWS_ENDPOINT_URL. */
  readonly url: string;
  readonly calls: readonly RecordedCall[];
  readonly world: World;
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  /** Calls of `action`, optionally only for one account and only successful ones. */
  count(action: string, filter?: { account?: string; ok?: boolean }): number;
  resetCalls(): void;
  close(): Promise<void>;
}

export async function startAwsEndpoint(options: AwsEndpointOptions): Promise<AwsEndpoint> {
  const world = new World(options.accounts, () => new Date());
  const faults = new Faults(seededRandom(options.seed ?? 1));
  for (const rule of options.faults ?? []) faults.add(rule);
  const pageSize = options.pageSize ?? 2;
  const router = await Router.create([...new Registry().sources, ...(options.sources ?? [])], [
    IAM_OPERATIONS,
    STS_OPERATIONS,
    organizationsOperations(options.managementAccountId ?? '', pageSize, options.paging),
  ]);
  const calls: RecordedCall[] = [];
  const state = { router, world, faults, pageSize };

  const server = createServer((req, res) => {
    const call: RecordedCall = { service: 'unknown', action: '', account: null, accessKeyId: '', region: '', status: 200 };
    calls.push(call);
    answerRequest(state, req, call).then(
      (reply) => {
        call.status = reply.status;
        res.writeHead(reply.status, { ...reply.headers, 'content-length': Buffer.byteLength(reply.body) });
        res.end(reply.body);
      },
      (error: unknown) => {
        // A fault of the endpoint itself, not an AWS answer.
        call.status = 500;
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`loopback endpoint: ${String(error)}`);
      },
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    world,
    addFault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    count: (action, filter = {}) =>
      calls.filter((c) => c.action === action && (filter.account === undefined || c.account === filter.account) && (filter.ok === undefined || (c.status === 200) === filter.ok)).length,
    resetCalls: () => {
      calls.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

