import type { OperationModel } from '../services.js';
import type { Schema } from '../sdk-runtime.js';
import type { WireRequest } from './protocol.js';
import { isScalar, scalarFrom } from './scalars.js';

/**
 * A REST request's input, member by member as the operation's schema binds
 * them: path labels, query parameters, headers, and (REST-JSON) the body's
 * members under their `jsonName`.
 */
export function restInput(operation: OperationModel, labels: Record<string, string>, request: WireRequest, body: Record<string, unknown> = {}): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  if (!operation.input.isStructSchema()) return input;
  for (const [name, member] of operation.input.structIterator()) {
    const traits = member.getMergedTraits();
    if (traits.httpLabel) {
      if (labels[name] !== undefined) input[name] = labels[name];
    } else if (typeof traits.httpQuery === 'string') {
      const values = request.query.getAll(traits.httpQuery);
      if (values.length === 0) continue;
      if (member.isListSchema()) input[name] = values.map((value) => scalarFrom(member.getValueSchema(), value));
      else if (isScalar(member)) input[name] = scalarFrom(member, values[0]);
    } else if (typeof traits.httpHeader === 'string') {
      const value = request.headers[traits.httpHeader.toLowerCase()];
      if (typeof value === 'string' && isScalar(member)) input[name] = scalarFrom(member, value);
    } else if (!traits.httpPayload && !traits.httpPrefixHeaders && !traits.httpQueryParams) {
      const wire = (traits.jsonName as string | undefined) ?? name;
      if (body[wire] !== undefined) input[name] = body[wire];
    }
  }
  return input;
}

/** An output split the way its schema binds it to the HTTP answer. */
export interface RestOutput {
  status: number;
  headers: Record<string, string>;
  /** The member that is the whole body (GetBucketPolicy's policy text), when there is one. */
  payload?: { member: Schema; value: unknown };
  /** The members that go into the body document. */
  body: Record<string, unknown>;
}

export function splitOutput(operation: OperationModel, output: Record<string, unknown>): RestOutput {
  const split: RestOutput = { status: operation.http?.[2] ?? 200, headers: {}, body: {} };
  if (!operation.output.isStructSchema()) return split;
  for (const [name, member] of operation.output.structIterator()) {
    const value = output[name];
    if (value === undefined || value === null) continue;
    const traits = member.getMergedTraits();
    if (traits.httpResponseCode) split.status = Number(value);
    else if (typeof traits.httpHeader === 'string') split.headers[traits.httpHeader] = headerText(member, value);
    else if (typeof traits.httpPrefixHeaders === 'string') {
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) split.headers[`${traits.httpPrefixHeaders}${key}`] = String(item);
    } else if (traits.httpPayload) split.payload = { member, value };
    else split.body[name] = value;
  }
  return split;
}

/** Header values: lists comma-separated, timestamps as HTTP dates (the header default). */
function headerText(member: Schema, value: unknown): string {
  if (Array.isArray(value)) return value.map((item) => headerText(member.getValueSchema(), item)).join(', ');
  if (value instanceof Date) return value.toUTCString();
  return String(value);
}
