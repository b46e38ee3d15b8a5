import { awsJson } from './aws-json.js';
import { awsQuery, ec2Query } from './aws-query.js';
import type { WireProtocol } from './protocol.js';
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
