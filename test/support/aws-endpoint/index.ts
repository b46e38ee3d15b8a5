/**
 * A loopback AWS endpoint for tests and manual trials: every operation a
 * source of assetql reads (src/model/registry.ts), in the wire protocol
 * the pinned SDK client speaks for its service, answered from a snapshot
 * folder (or the same files held in memory), on 127.0.0.1. Accounts are
 * told apart by the access key in the SigV4 credential scope (signatures
 * are not verified). Faults are injectable per test and every request is
 * recorded so tests can count calls.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from '../../../src/model/registry.js';
import type { SourceSpec } from '../../../src/sources/source.js';
import { seededRandom } from '../seeded-random.js';
import { AwsFault } from './aws-fault.js';
import { cliToSdk } from './cli-to-sdk.js';
import { Faults, faultAnswer, type FaultRule } from './faults.js';
import { callerAccount, type AwsRequest } from './handler.js';
import { IAM_OPERATIONS } from './iam.js';
import { organizationsOperations, type Paging } from './organizations.js';
import { PROTOCOLS, protocolOf, type WireProtocol, type WireReply, type WireRequest } from './protocols/index.js';
import { awsQuery, queryError } from './protocols/aws-query.js';
import { Router } from './router.js';
import type { ServiceModel } from './services.js';
import { answerSource } from './source-answer.js';
import { STS_OPERATIONS } from './sts.js';
import { World, type AccountInput } from './world.js';

export { activeKey, credentialReportCsv, type ReportRow } from './credential-report-csv.js';
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

/** One request as the endpoint saw it. */
export interface RecordedCall {
  /** The signing name of the credential scope (`iam`, `ec2`, `s3`). */
  service: string;
  action: string;
  /** The signer's account (the target account for AssumeRole); null for an unknown key. */
  account: string | null;
  accessKeyId: string;
  /** The signing region of the credential scope. */
  region: string;
  status: number;
  /** The AWS error code answered, if any. */
  error?: string;
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

/** Larger than any request a read-only client sends. */
const MAX_BODY_BYTES = 1024 * 1024;
const CREDENTIAL_SCOPE = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;
const ROLE_ACCOUNT = /^arn:aws:iam::(\d{12}):/;

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

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A fault of the endpoint itself, not an AWS answer.
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`loopback endpoint: ${String(error)}`);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const url = new URL(req.url ?? '/', 'http://loopback');
    const scope = CREDENTIAL_SCOPE.exec(req.headers.authorization ?? url.searchParams.get('X-Amz-Credential') ?? '');
    const [accessKeyId, region, signingName] = [scope?.[1] ?? '', scope?.[2] ?? '', scope?.[3]];
    const call: RecordedCall = { service: signingName ?? 'unknown', action: '', account: null, accessKeyId, region, status: 200 };
    calls.push(call);
    const services = router.services(signingName);
    let service: ServiceModel | undefined = services[0];
    let protocol: WireProtocol = service ? PROTOCOLS[service.protocol] ?? awsQuery : awsQuery;

    const send = (reply: WireReply, errorCode?: string) => {
      call.status = reply.status;
      if (errorCode) call.error = errorCode;
      res.writeHead(reply.status, { ...reply.headers, 'content-length': Buffer.byteLength(reply.body) });
      res.end(reply.body);
    };
    const fail = (fault: AwsFault) => {
      const error = { code: fault.code, status: fault.status, message: fault.awsMessage };
      // A request naming no service the endpoint knows gets the Query protocol's error, the most common.
      send(service ? protocol.error(service, error, requestId) : queryError(error, requestId), fault.code);
    };

    try {
      const body = await readBody(req);
      const wire: WireRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, host: (req.headers.host ?? '').replace(/:\d+$/, ''), body };
      if (!service) throw signingName ? new AwsFault('UnknownService', 400, `the loopback endpoint serves no operation of ${signingName}: no source uses it`) : invalidToken();
      let decoded;
      for (const candidate of services) {
        const candidateProtocol = protocolOf(candidate, wire);
        if (!candidateProtocol) continue;
        decoded = candidateProtocol.decode(wire, candidate, (operation) => router.served(candidate, operation));
        if (decoded) {
          [service, protocol] = [candidate, candidateProtocol];
          break;
        }
      }
      call.action = decoded?.operation ?? '';
      const input = decoded?.input ?? {};
      const holder = world.keys.get(accessKeyId);
      const target = call.action === 'AssumeRole' ? ROLE_ACCOUNT.exec(String(input.RoleArn ?? ''))?.[1] : undefined;
      call.account = target ?? holder?.accountId ?? null;
      if (!holder || (holder.sessionToken !== undefined && req.headers['x-amz-security-token'] !== holder.sessionToken)) throw invalidToken();
      const operation = decoded && service.operations.get(decoded.operation);
      if (!operation || !router.served(service, operation.name)) {
        throw new AwsFault(protocol.unknownOperation.code, protocol.unknownOperation.status, `Could not find operation ${call.action || `for ${wire.method} ${wire.path}`}`);
      }

      const decision = faults.decide(call.action, call.account);
      if (decision.latencyMs > 0) await sleep(decision.latencyMs);
      if (decision.error) {
        const account = call.account ? world.accounts.get(call.account) : undefined;
        if (decision.error === 'ReportExpired' && account) world.expireReport(account);
        const { code, status } = faultAnswer(decision.error, protocol.family);
        const message = decision.error.startsWith('Report') ? undefined : faultMessage(decision.error, holder.arn, `${service.signingName}:${call.action}`);
        throw new AwsFault(code, status, message);
      }

      const request: AwsRequest = { service, operation, input, region, accessKeyId, caller: holder, requestId };
      const handler = router.handler(service, operation.name);
      const output = handler
        ? await handler(request, world)
        : (cliToSdk(operation.output, await answerSource(router.source(service, operation.name)!, callerAccount(request, world).store, service, request, pageSize)) as Record<string, unknown>);
      let reply: WireReply;
      try {
        reply = protocol.reply(service, operation, output, requestId);
      } catch (error) {
        throw new AwsFault('LoopbackFixtureMalformed', 400, `loopback endpoint: the ${operation.name} answer does not fit its output schema: ${(error as Error).message}`);
      }
      send(reply);
    } catch (error) {
      if (!(error instanceof AwsFault)) throw error;
      fail(error);
    }
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
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

const invalidToken = () => new AwsFault('InvalidClientTokenId', 403, 'The security token included in the request is invalid.');

function faultMessage(code: string, principal: string, permission: string): string {
  switch (code) {
    case 'AccessDenied':
      return `User: ${principal} is not authorized to perform: ${permission} because no identity-based policy allows the ${permission} action`;
    case 'Throttling':
      return 'Rate exceeded';
    case 'LimitExceeded':
      return 'Cannot exceed quota for ReportsPerAccount: 1';
    default:
      return 'Internal failure';
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new AwsFault('RequestEntityTooLarge', 413, `request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
