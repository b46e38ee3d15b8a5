import { restInput, splitOutput } from './http-bindings.js';
import { jsonDocument, parseJsonBody } from './json.js';
import type { WireProtocol } from './protocol.js';
import { matchRoute } from './rest-routes.js';

/**
 * REST-JSON (Access Analyzer, Security Hub, EFS): the operation is the
 * route (method and path) of its http trait; input from labels, query,
 * headers and body; answers bound to status, headers and a JSON body;
 * errors named in `x-amzn-ErrorType`.
 */
export const restJson: WireProtocol = {
  family: 'rest-json',
  unknownOperation: { code: 'UnknownOperationException', status: 404 },

  decode(request, service, served) {
    const match = matchRoute(service, request, served);
    if (!match) return undefined;
    return { operation: match.operation.name, input: restInput(match.operation, match.labels, request, parseJsonBody(request.body)) };
  },

  reply(_service, operation, output, requestId) {
    const { status, headers, payload, body } = splitOutput(operation, output);
    const base = { 'x-amzn-RequestId': requestId, ...headers };
    if (!payload) return { status, headers: { 'content-type': 'application/json', ...base }, body: jsonDocument(operation.output, body, { jsonName: true }) };
    if (payload.member.isBlobSchema()) return { status, headers: { 'content-type': 'application/octet-stream', ...base }, body: payload.value as Uint8Array };
    if (payload.member.isStringSchema()) return { status, headers: { 'content-type': 'text/plain', ...base }, body: String(payload.value) };
    return { status, headers: { 'content-type': 'application/json', ...base }, body: jsonDocument(payload.member, payload.value, { jsonName: true }) };
  },

  error(_service, error, requestId) {
    return {
      status: error.status,
      headers: { 'content-type': 'application/json', 'x-amzn-RequestId': requestId, 'x-amzn-ErrorType': error.code },
      body: JSON.stringify({ message: error.message }),
    };
  },
};
