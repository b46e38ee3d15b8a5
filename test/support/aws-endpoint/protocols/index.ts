import { awsJson } from './aws-json.js';
import { awsQuery, ec2Query } from './aws-query.js';
import type { ServiceModel } from '../services.js';
import type { WireProtocol, WireRequest } from './protocol.js';
import { restJson } from './rest-json.js';
import { restXml } from './rest-xml.js';

export type { Decoded, ProtocolFamily, WireError, WireProtocol, WireReply, WireRequest } from './protocol.js';

/** The wire protocols, by the Smithy shape id a client's `config.protocol.getShapeId()` gives. */
export const PROTOCOLS: Readonly<Record<string, WireProtocol>> = {
  'aws.protocols#awsQuery': awsQuery,
  'aws.protocols#ec2Query': ec2Query,
  'aws.protocols#awsJson1_0': awsJson('1.0'),
  'aws.protocols#awsJson1_1': awsJson('1.1'),
  'aws.protocols#restJson1': restJson,
  'aws.protocols#restXml': restXml,
};

/**
 * The protocol a request speaks: its service's, except that a JSON service
 * that kept its Query API (CloudWatch) is spoken to in Query by clients
 * older than the switch (the AWS CLI v1, early v2): form-encoded requests.
 */
export function protocolOf(service: ServiceModel, request: WireRequest): WireProtocol | undefined {
  const form = String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  return service.awsQueryCompatible && form ? awsQuery : PROTOCOLS[service.protocol];
}
