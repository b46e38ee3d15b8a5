import type { FakeAccount, KeyHolder, World } from './world.js';

/** One signed request, decoded. */
export interface AwsRequest {
  service: 'iam' | 'sts' | 'organizations';
  action: string;
  /** Query-protocol parameters, or the JSON 1.1 body for Organizations. */
  params: URLSearchParams;
  json: Record<string, unknown>;
  accessKeyId: string;
  caller: KeyHolder;
  requestId: string;
}

export interface Reply {
  /** The result element's children (Query) or the JSON body (Organizations). */
  body: Record<string, unknown>;
}

/** An AWS error answer; `message` undefined leaves `<Message>` out, as IAM does for report errors. */
export class AwsFault extends Error {
  constructor(readonly code: string, readonly status: number, readonly awsMessage?: string) {
    super(awsMessage ?? code);
  }
}

export type Handler = (request: AwsRequest, world: World) => Reply;

export function callerAccount(request: AwsRequest, world: World): FakeAccount {
  const account = world.accounts.get(request.caller.accountId);
  if (!account) throw new AwsFault('InvalidClientTokenId', 403, 'The security token included in the request is invalid.');
  return account;
}
