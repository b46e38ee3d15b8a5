/**
 * A loopback AWS endpoint for tests: IAM and STS (Query protocol, XML) and
 * Organizations ListAccounts (JSON 1.1) on 127.0.0.1, an ephemeral port.
 * Accounts are told apart by the access key in the SigV4 Authorization
 * header (signatures are not verified). Faults are injectable per test and
 * every request is recorded so tests can count calls.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { seededRandom } from '../seeded-random.js';
import { FAULT_STATUS, Faults, ORGANIZATIONS_FAULT_TYPE, type FaultRule } from './faults.js';
import { IAM_HANDLERS } from './iam.js';
import { organizationsHandlers, type Paging } from './organizations.js';
import { AwsFault, type AwsRequest, type Handler } from './protocol.js';
import { IAM_NAMESPACE, STS_NAMESPACE, queryError, queryResponse, type XmlValue } from './query-xml.js';
import { STS_HANDLERS } from './sts.js';
import { World, type FakeAccountInput } from './world.js';

export { activeKey, credentialReportCsv, type ReportRow } from './credential-report-csv.js';
export type { FaultCode, FaultRule } from './faults.js';
export { DEFAULT_SUMMARY, REPORT_REUSE_MS, type FakeAccountInput } from './world.js';

export interface AwsEndpointOptions {
  accounts: FakeAccountInput[];
  /** The Organization's management account: the only one ListAccounts answers. */
  managementAccountId?: string;
  faults?: FaultRule[];
  /** Seed for fault rates. @default 1 */
  seed?: number;
  /** ListAccounts page size, small so pagination is exercised. @default 2 */
  pageSize?: number;
  /** ListAccounts paging fault. @default 'normal' */
  paging?: Paging;
}

/** One request as the endpoint saw it. */
export interface RecordedCall {
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
  /** `http://127.0.0.1:<port>`, for the AWS_ENDPOINT_URL_* settings. */
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
  const handlers: Record<AwsRequest['service'], Record<string, Handler>> = {
    iam: IAM_HANDLERS,
    sts: STS_HANDLERS,
    organizations: organizationsHandlers(options.managementAccountId ?? '', options.pageSize ?? 2, options.paging),
  };
  const calls: RecordedCall[] = [];

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBody(req);
    const requestId = randomUUID();
    const scope = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(req.headers.authorization ?? '');
    const accessKeyId = scope?.[1] ?? '';
    const service = scope?.[3] as AwsRequest['service'] | undefined;
    const isJson = service === 'organizations';
    const params = new URLSearchParams(isJson ? '' : text);
    const json = isJson && text ? (JSON.parse(text) as Record<string, unknown>) : {};
    const action = isJson ? String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? '' : params.get('Action') ?? '';
    const holder = world.keys.get(accessKeyId);
    const targetAccount = action === 'AssumeRole' ? /^arn:aws:iam::(\d{12}):/.exec(params.get('RoleArn') ?? '')?.[1] : undefined;
    const call: RecordedCall = {
      service: service ?? 'unknown', action, account: targetAccount ?? holder?.accountId ?? null, accessKeyId, region: scope?.[2] ?? '', status: 200,
    };
    calls.push(call);

    const send = (status: number, contentType: string, body: string, errorCode?: string) => {
      call.status = status;
      if (errorCode) call.error = errorCode;
      res.writeHead(status, { 'content-type': contentType, 'x-amzn-RequestId': requestId, 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    const fail = (fault: AwsFault) => {
      if (isJson) {
        send(fault.status, 'application/x-amz-json-1.1', JSON.stringify({ __type: fault.code, Message: fault.awsMessage ?? fault.code }), fault.code);
      } else {
        send(fault.status, 'text/xml', queryError(fault.code, fault.awsMessage, requestId), fault.code);
      }
    };

    try {
      if (!service || !holder) throw new AwsFault('InvalidClientTokenId', 403, 'The security token included in the request is invalid.');
      if (holder.sessionToken !== undefined && req.headers['x-amz-security-token'] !== holder.sessionToken) {
        throw new AwsFault('InvalidClientTokenId', 403, 'The security token included in the request is invalid.');
      }
      const handler = handlers[service]?.[action];
      if (!handler) throw new AwsFault('InvalidAction', 400, `Could not find operation ${action}`);

      const decision = faults.decide(action, call.account);
      if (decision.latencyMs > 0) await sleep(decision.latencyMs);
      if (decision.error) {
        const account = call.account ? world.accounts.get(call.account) : undefined;
        if (decision.error === 'ReportExpired' && account) world.expireReport(account);
        const code = isJson ? ORGANIZATIONS_FAULT_TYPE[decision.error] : decision.error;
        const message = decision.error.startsWith('Report') ? undefined : faultMessage(decision.error, holder.arn, `${service}:${action}`);
        throw new AwsFault(code, isJson && decision.error !== 'ServiceFailure' ? 400 : FAULT_STATUS[decision.error], message);
      }

      const reply = handler({ service, action, params, json, accessKeyId, caller: holder, requestId }, world);
      if (isJson) {
        send(200, 'application/x-amz-json-1.1', JSON.stringify(reply.body));
      } else {
        const namespace = service === 'sts' ? STS_NAMESPACE : IAM_NAMESPACE;
        send(200, 'text/xml', queryResponse(action, namespace, reply.body as { [tag: string]: XmlValue }, requestId));
      }
    } catch (error) {
      if (!(error instanceof AwsFault)) throw error;
      fail(error);
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
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
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
