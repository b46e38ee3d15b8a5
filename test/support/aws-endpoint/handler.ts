import { AwsFault } from './aws-fault.js';
import type { OperationModel, SdkPackage, ServiceModel } from './services.js';
import type { FakeAccount, KeyHolder, World } from './world.js';

/** One signed request, decoded. */
export interface AwsRequest {
  readonly service: ServiceModel;
  readonly operation: OperationModel;
  /** The input members under their schema names (what the SDK's command took). */
  readonly input: Record<string, unknown>;
  /** The signing region of the credential scope. */
  readonly region: string;
  readonly accessKeyId: string;
  readonly caller: KeyHolder;
  readonly requestId: string;
}

/** Answers one operation with its output, as the SDK's command would return it (dates as Date, bytes as Uint8Array). */
export type Handler = (request: AwsRequest, world: World) => Promise<Record<string, unknown>> | Record<string, unknown>;

/** Operations that are more than a file to serve (the credential report flow, sessions, the Organization), by service. */
export interface CustomOperations {
  readonly sdk: SdkPackage;
  readonly handlers: Readonly<Record<string, Handler>>;
}

export function callerAccount(request: AwsRequest, world: World): FakeAccount {
  const account = world.accounts.get(request.caller.accountId);
  if (!account) throw new AwsFault('InvalidClientTokenId', 403, 'The security token included in the request is invalid.');
  return account;
}
