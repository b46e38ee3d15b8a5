import { AwsFault } from '../aws-fault.js';
import { serde, type Schema } from '../sdk-runtime.js';

/**
 * A value as the SDK's JSON serializer writes it: timestamps as epoch
 * seconds unless a member's trait says otherwise; member names as they are
 * (JSON RPC) or as their `jsonName` says (REST-JSON).
 */
export function jsonDocument(schema: Schema, value: unknown, options: { jsonName: boolean }): string {
  if (schema.isUnitSchema()) return '{}';
  const serializer = new serde.JsonShapeSerializer({ timestampFormat: { useTrait: true, default: 7 }, jsonName: options.jsonName });
  serializer.write(schema, value);
  return serializer.flush() as string;
}

/** A request's JSON body; anything else is the SerializationException AWS answers. */
export function parseJsonBody(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AwsFault('SerializationException', 400, 'the request body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AwsFault('SerializationException', 400, 'the request body is not a JSON object');
  return value as Record<string, unknown>;
}
