import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { AwsFault } from './aws-fault.js';
import { cliToSdk } from './cli-to-sdk.js';
import { faultAnswer, type Faults } from './faults.js';
import { callerAccount, type AwsRequest } from './handler.js';
import { protocolOf, type Decoded, type WireProtocol, type WireReply, type WireRequest } from './protocols/index.js';
import { awsQuery, queryError } from './protocols/aws-query.js';
import type { Router } from './router.js';
import type { ServiceModel } from './services.js';
import { answerSource } from './source-answer.js';
import type { KeyHolder, World } from './world.js';

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

export interface EndpointState {
  readonly router: Router;
  readonly world: World;
  readonly faults: Faults;
  readonly pageSize: number;
}

/** Larger than any request a read-only client sends. */
const MAX_BODY_BYTES = 1024 * 1024;
const CREDENTIAL_SCOPE = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;
const ROLE_ACCOUNT = /^arn:aws:iam::(\d{12}):/;

/**
 * The answer to one request, recorded in `call` as it is worked out: who
 * signed it (the SigV4 credential scope: key, region, service), which
 * operation it asks for (in the protocol of that service), any fault a
 * test injected for it, and then the operation's own answer.
 */
export async function answerRequest(state: EndpointState, req: IncomingMessage, call: RecordedCall): Promise<WireReply> {
  const requestId = randomUUID();
  const url = new URL(req.url ?? '/', 'http://loopback');
  const scope = CREDENTIAL_SCOPE.exec(req.headers.authorization ?? url.searchParams.get('X-Amz-Credential') ?? '');
  const signingName = scope?.[3];
  Object.assign(call, { service: signingName ?? 'unknown', accessKeyId: scope?.[1] ?? '', region: scope?.[2] ?? '' });
  const services = state.router.services(signingName);
  // Until the request is decoded, errors are written as its service's first client would read them.
  let target: { service: ServiceModel; protocol: WireProtocol } | undefined = services[0] && { service: services[0], protocol: awsQuery };
  try {
    const request: WireRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, host: (req.headers.host ?? '').replace(/:\d+$/, ''), body: await readBody(req) };
    if (target) target.protocol = protocolOf(target.service, request) ?? awsQuery;
    if (!target) throw signingName ? new AwsFault('UnknownService', 400, `the loopback endpoint serves no operation of ${signingName}: no source uses it`) : invalidToken();
    const decoded = decode(state, services, request);
    if (decoded) target = decoded;
    const { service, protocol } = target;
    call.action = decoded?.operation ?? '';
    const input = decoded?.input ?? {};
    const holder = state.world.keys.get(call.accessKeyId);
    const assumed = call.action === 'AssumeRole' ? ROLE_ACCOUNT.exec(String(input.RoleArn ?? ''))?.[1] : undefined;
    call.account = assumed ?? holder?.accountId ?? null;
    if (!holder || (holder.sessionToken !== undefined && req.headers['x-amz-security-token'] !== holder.sessionToken)) throw invalidToken();
    const operation = decoded && service.operations.get(decoded.operation);
    if (!operation || !state.router.served(service, operation.name)) {
      throw new AwsFault(protocol.unknownOperation.code, protocol.unknownOperation.status, `Could not find operation ${call.action || `for ${request.method} ${request.path}`}`);
    }
    await injectedFault(state, call, protocol, service, holder);

    const awsRequest: AwsRequest = { service, operation, input, region: call.region, accessKeyId: call.accessKeyId, caller: holder, requestId };
    const handler = state.router.handler(service, operation.name);
    const output = handler
      ? await handler(awsRequest, state.world)
      : (cliToSdk(operation.output, await answerSource(state.router.source(service, operation.name)!, callerAccount(awsRequest, state.world).store, service, awsRequest, state.pageSize)) as Record<string, unknown>);
    try {
      return protocol.reply(service, operation, output, requestId);
    } catch (error) {
      throw new AwsFault('LoopbackFixtureMalformed', 400, `loopback endpoint: the ${operation.name} answer does not fit its output schema: ${(error as Error).message}`);
    }
  } catch (error) {
    if (!(error instanceof AwsFault)) throw error;
    call.error = error.code;
    const wire = { code: error.code, status: error.status, message: error.awsMessage };
    // A request naming no service the endpoint knows gets the Query protocol's error, the most common.
    return target ? target.protocol.error(target.service, wire, requestId) : queryError(wire, requestId);
  }
}

/**
 * The first of the services signing with this name whose protocol finds an
 * operation in the request that the endpoint serves, else the first that
 * finds one at all (S3 reads S3 Control's `<account id>.host/v20180820/...`
 * as GetObject of a bucket named like the account).
 */
function decode(state: EndpointState, services: readonly ServiceModel[], request: WireRequest): (Decoded & { service: ServiceModel; protocol: WireProtocol }) | undefined {
  let first: (Decoded & { service: ServiceModel; protocol: WireProtocol }) | undefined;
  for (const service of services) {
    const protocol = protocolOf(service, request);
    const decoded = protocol?.decode(request, service, (operation) => state.router.served(service, operation));
    if (!protocol || !decoded) continue;
    if (state.router.served(service, decoded.operation)) return { ...decoded, service, protocol };
    first ??= { ...decoded, service, protocol };
  }
  return first;
}

/** A fault a test added for this operation and account: its latency, then its error as the service spells it. */
async function injectedFault(state: EndpointState, call: RecordedCall, protocol: WireProtocol, service: ServiceModel, holder: KeyHolder): Promise<void> {
  const decision = state.faults.decide(call.action, call.account, call.region);
  if (decision.latencyMs > 0) await sleep(decision.latencyMs);
  if (!decision.error) return;
  const account = call.account ? state.world.accounts.get(call.account) : undefined;
  if (decision.error === 'ReportExpired' && account) state.world.expireReport(account);
  const { code, status } = faultAnswer(decision.error, protocol.family);
  const message = decision.error.startsWith('Report') ? undefined : faultMessage(decision.error, holder.arn, `${service.signingName}:${call.action}`);
  throw new AwsFault(code, status, message);
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
