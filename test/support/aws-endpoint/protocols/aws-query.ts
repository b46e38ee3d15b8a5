import type { Schema } from '../sdk-runtime.js';
import { formInput, formParams } from './form-input.js';
import type { WireError, WireProtocol, WireReply } from './protocol.js';
import { escapeXml, xmlMembers } from './xml.js';

const xmlReply = (status: number, body: string, requestId: string): WireReply => ({
  status,
  headers: { 'content-type': 'text/xml', 'x-amzn-RequestId': requestId },
  body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`,
});

/** Query-protocol parameter names: the member's xmlName, else its name; lists as `Name.member.N` (`Name.N` when flattened). */
const QUERY_DIALECT = {
  wireName: (member: Schema, name: string) => member.getMergedTraits().xmlName ?? name,
  listItem: (list: Schema, wire: string, index: number) =>
    list.getMergedTraits().xmlFlattened ? `${wire}.${index}` : `${wire}.${list.getValueSchema().getMergedTraits().xmlName ?? 'member'}.${index}`,
};

/**
 * AWS Query (IAM, STS, SNS, RDS): form-encoded `Action=...` requests;
 * answers `<OpResponse><OpResult>...</OpResult><ResponseMetadata/></OpResponse>`,
 * errors `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`.
 */
export const awsQuery: WireProtocol = {
  family: 'query',
  unknownOperation: { code: 'InvalidAction', status: 400 },

  decode(request, service) {
    const params = formParams(request.body, request.query);
    const operation = params.get('Action') ?? '';
    const model = service.operations.get(operation);
    return { operation, input: model ? formInput(model.input, params, QUERY_DIALECT) : {} };
  },

  reply(service, operation, output, requestId) {
    const name = operation.name;
    const result = operation.output.isUnitSchema() ? '' : `<${name}Result>${xmlMembers(operation.output, output)}</${name}Result>`;
    return xmlReply(200, `<${name}Response xmlns="${service.xmlNamespace}">${result}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${name}Response>`, requestId);
  },

  error: (service, error, requestId) => queryError(error, requestId, service.xmlNamespace),
};

/** The Query protocol's ErrorResponse; credential-report errors come without a Message, like IAM's. */
export function queryError(error: WireError, requestId: string, xmlNamespace?: string): WireReply {
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  const message = error.message === undefined ? '' : `<Message>${escapeXml(error.message)}</Message>`;
  const xmlns = xmlNamespace ? ` xmlns="${xmlNamespace}"` : '';
  return xmlReply(error.status, `<ErrorResponse${xmlns}><Error><Type>${type}</Type><Code>${escapeXml(error.code)}</Code>${message}</Error><RequestId>${requestId}</RequestId></ErrorResponse>`, requestId);
}

/** EC2 Query parameter names: the member's ec2QueryName, else its xmlName or name capitalised; lists as `Name.N`. */
const EC2_DIALECT = {
  wireName: (member: Schema, name: string) => {
    const traits = member.getMergedTraits() as { xmlName?: string; ec2QueryName?: string };
    const base = traits.xmlName ?? name;
    return traits.ec2QueryName ?? base.charAt(0).toUpperCase() + base.slice(1);
  },
  listItem: (_list: Schema, wire: string, index: number) => `${wire}.${index}`,
};

/**
 * EC2's Query dialect: the same requests, answers without a result
 * element (`<OpResponse><requestId/>...members...</OpResponse>`), errors as
 * `<Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>`.
 */
export const ec2Query: WireProtocol = {
  family: 'ec2',
  unknownOperation: { code: 'InvalidAction', status: 400 },

  decode(request, service) {
    const params = formParams(request.body, request.query);
    const operation = params.get('Action') ?? '';
    const model = service.operations.get(operation);
    return { operation, input: model ? formInput(model.input, params, EC2_DIALECT) : {} };
  },

  reply(service, operation, output, requestId) {
    const name = operation.name;
    return xmlReply(200, `<${name}Response xmlns="${service.xmlNamespace?.replace(/\/?$/, '/')}"><requestId>${requestId}</requestId>${xmlMembers(operation.output, output)}</${name}Response>`, requestId);
  },

  error(_service, error, requestId) {
    const message = error.message === undefined ? '' : `<Message>${escapeXml(error.message)}</Message>`;
    return xmlReply(error.status, `<Response><Errors><Error><Code>${escapeXml(error.code)}</Code>${message}</Error></Errors><RequestID>${requestId}</RequestID></Response>`, requestId);
  },
};
