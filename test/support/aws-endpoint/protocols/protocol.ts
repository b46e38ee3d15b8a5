import type { IncomingHttpHeaders } from 'node:http';
import type { OperationModel, ServiceModel } from '../services.js';

/** One HTTP request as the endpoint received it. */
export interface WireRequest {
  readonly method: string;
  /** The path as sent, still percent-encoded. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Lower-case names, as Node gives them. */
  readonly headers: IncomingHttpHeaders;
  /** The Host header without its port (`127.0.0.1`, `my-bucket.localhost`). */
  readonly host: string;
  readonly body: string;
}

/** The operation a request asks for, and its input members under their schema names. */
export interface Decoded {
  readonly operation: string;
  readonly input: Record<string, unknown>;
}

export interface WireReply {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array;
}

/** An AWS error as a protocol writes it; `message` undefined leaves the message out, as IAM does for report errors. */
export interface WireError {
  readonly code: string;
  readonly status: number;
  readonly message?: string;
}

/** How fault codes are spelled by services of a protocol (faults.ts). */
export type ProtocolFamily = 'query' | 'ec2' | 'json' | 'rest-json' | 'rest-xml';

/**
 * One AWS wire protocol, server side: reads requests the way the SDK's
 * client protocol writes them, and writes answers (from the operation's
 * output schema) and errors the way it reads them.
 */
export interface WireProtocol {
  readonly family: ProtocolFamily;
  /** What the service answers an operation it does not have. */
  readonly unknownOperation: { code: string; status: number };
  /** The operation and input, or undefined when the request matches no operation of the service (REST routes). */
  decode(request: WireRequest, service: ServiceModel, served: (operation: string) => boolean): Decoded | undefined;
  reply(service: ServiceModel, operation: OperationModel, output: Record<string, unknown>, requestId: string): WireReply;
  error(service: ServiceModel, error: WireError, requestId: string): WireReply;
}
