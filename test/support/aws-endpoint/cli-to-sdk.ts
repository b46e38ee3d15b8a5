import { parseInstant } from '../../../src/time/instant.js';
import type { Schema } from './sdk-runtime.js';

/**
 * What the AWS CLI printed, turned back into what the SDK's serializers
 * take, by walking the operation's output schema: ISO-8601 timestamps to
 * dates, base64 to bytes, and policy documents the CLI decoded to objects
 * back to the URL-encoded JSON text IAM sends where the schema says string.
 * Members the schema does not know are dropped, as the SDK would drop them.
 * A value that does not fit its member's type is left as it is: the
 * serializer writes it or refuses it, either way not silently "fixed".
 */
export function cliToSdk(schema: Schema, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (schema.isStructSchema()) {
    if (!isPlainObject(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [name, member] of schema.structIterator()) if (Object.hasOwn(value, name)) out[name] = cliToSdk(member, value[name]);
    return out;
  }
  if (schema.isListSchema()) return Array.isArray(value) ? value.map((item) => cliToSdk(schema.getValueSchema(), item)) : value;
  if (schema.isMapSchema()) return isPlainObject(value) ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, cliToSdk(schema.getValueSchema(), item)])) : value;
  if (schema.isTimestampSchema()) {
    if (typeof value === 'number') return new Date(value * 1000);
    const ms = typeof value === 'string' ? parseInstant(value, { requireTime: true, requireZone: true }) : NaN;
    return Number.isNaN(ms) ? value : new Date(ms);
  }
  if (schema.isBlobSchema()) return typeof value === 'string' ? new Uint8Array(Buffer.from(value, 'base64')) : value;
  if (schema.isStringSchema() && typeof value === 'object') return encodeURIComponent(JSON.stringify(value));
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
