import { restInput, splitOutput } from './http-bindings.js';
import type { WireProtocol } from './protocol.js';
import { matchRoute } from './rest-routes.js';
import { escapeXml, xmlDocument } from './xml.js';

/** Host names the endpoint answers on; anything before them is a virtual host (`my-bucket.localhost`). */
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1'];

/**
 * REST-XML (S3, S3 Control): routed like REST-JSON, with S3's two ways of
 * naming a bucket: path-style (`/my-bucket?policy`, what the SDK and the
 * AWS CLI do with an IP endpoint) and virtual-host (`my-bucket.localhost`).
 * Answers bound to status, headers and an XML body, or a payload member as
 * the whole body (GetBucketPolicy's policy text); errors as
 * `<Error><Code/><Message/></Error>`.
 */
export const restXml: WireProtocol = {
  family: 'rest-xml',
  unknownOperation: { code: 'UnknownOperationException', status: 404 },

  decode(request, service, served) {
    const match = matchRoute(service, { ...request, virtualHost: virtualHost(request.host) }, served);
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

/** `my-bucket` of `my-bucket.localhost`: S3's virtual-host style (path-style puts the bucket first in the path). */
function virtualHost(host: string): string | undefined {
  const base = LOOPBACK_HOSTS.find((name) => host.endsWith(`.${name}`));
  return base ? host.slice(0, -base.length - 1) : undefined;
}
