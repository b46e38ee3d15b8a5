import type { ServiceModel } from '../services.js';
import { restInput, splitOutput } from './http-bindings.js';
import type { WireProtocol, WireRequest } from './protocol.js';
import { matchRoute } from './rest-routes.js';
import { escapeXml, xmlDocument } from './xml.js';

/** Host names the endpoint answers on; anything before them is a virtual host (`my-bucket.localhost`). */
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1'];

/**
 * REST-XML (S3, S3 Control): routed like REST-JSON, with S3's two ways of
 * naming a bucket: path-style (`/my-bucket?policy`, what the SDK does with
 * an IP endpoint) and virtual-host (`my-bucket.localhost`). Answers bound
 * to status, headers and an XML body, or a payload member as the whole body
 * (GetBucketPolicy's policy text); errors as `<Error><Code/><Message/></Error>`.
 */
export const restXml: WireProtocol = {
  family: 'rest-xml',
  unknownOperation: { code: 'UnknownOperationException', status: 404 },

  decode(request, service, served) {
    const match = matchRoute(service, request.method, pathWithBucket(request, service), request.query, served);
    if (!match) return undefined;
    return { operation: match.operation.name, input: restInput(match.operation, match.labels, request) };
  },

  reply(service, operation, output, requestId) {
    const { status, headers, payload, body } = splitOutput(operation, output);
    const base = { 'x-amzn-RequestId': requestId, 'x-amz-request-id': requestId, ...headers };
    if (payload?.member.isBlobSchema()) return { status, headers: { 'content-type': 'application/octet-stream', ...base }, body: payload.value as Uint8Array };
    if (payload?.member.isStringSchema()) return { status, headers: { 'content-type': 'text/plain', ...base }, body: String(payload.value) };
    const document = payload ? xmlDocument(payload.member, payload.value, service.xmlNamespace) : Object.keys(body).length > 0 ? xmlDocument(operation.output, body, service.xmlNamespace) : '';
    return { status, headers: { 'content-type': 'application/xml', ...base }, body: document && `<?xml version="1.0" encoding="UTF-8"?>\n${document}` };
  },

  error(_service, error, requestId) {
    const message = error.message === undefined ? '' : `<Message>${escapeXml(error.message)}</Message>`;
    return {
      status: error.status,
      headers: { 'content-type': 'application/xml', 'x-amzn-RequestId': requestId, 'x-amz-request-id': requestId },
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(error.code)}</Code>${message}<RequestId>${requestId}</RequestId></Error>`,
    };
  },
};

/** S3's virtual-host style turned into the path style the routes are written in. */
function pathWithBucket(request: WireRequest, service: ServiceModel): string {
  if (service.serviceId !== 'S3') return request.path;
  const base = LOOPBACK_HOSTS.find((host) => request.host.endsWith(`.${host}`));
  if (!base) return request.path;
  return `/${request.host.slice(0, -base.length - 1)}${request.path}`;
}
