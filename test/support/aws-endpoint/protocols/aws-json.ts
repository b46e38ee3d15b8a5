import type { ServiceModel } from '../services.js';
import { jsonDocument, parseJsonBody } from './json.js';
import type { WireError, WireProtocol } from './protocol.js';

/**
 * AWS JSON 1.0 / 1.1 (CloudTrail, KMS, Logs, Config, Organizations,
 * CloudWatch): `X-Amz-Target: <target>.<Op>` and a JSON body of the input;
 * answers the output as JSON, errors as `{"__type": code, "message": ...}`,
 * with the Query code in `x-amzn-query-error` for Query-compatible services.
 */
export function awsJson(version: '1.0' | '1.1'): WireProtocol {
  const contentType = `application/x-amz-json-${version}`;
  return {
    family: 'json',
    unknownOperation: { code: 'UnknownOperationException', status: 400 },

    decode(request) {
      const target = String(request.headers['x-amz-target'] ?? '');
      return { operation: target.slice(target.lastIndexOf('.') + 1), input: parseJsonBody(request.body) };
    },

    reply(_service, operation, output, requestId) {
      return { status: 200, headers: { 'content-type': contentType, 'x-amzn-RequestId': requestId }, body: jsonDocument(operation.output, output, { jsonName: false }) };
    },

    error(service, error, requestId) {
      return { status: error.status, headers: { 'content-type': contentType, 'x-amzn-RequestId': requestId, ...queryErrorHeader(service, error) }, body: JSON.stringify({ __type: error.code, message: error.message }) };
    },
  };
}

function queryErrorHeader(service: ServiceModel, error: WireError): Record<string, string> {
  return service.awsQueryCompatible ? { 'x-amzn-query-error': `${error.code};${error.status >= 500 ? 'Receiver' : 'Sender'}` } : {};
}
