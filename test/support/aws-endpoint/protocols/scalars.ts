import type { Schema } from '../sdk-runtime.js';

/** A request parameter's text as its member's type (the input a handler or a page token reads). */
export function scalarFrom(member: Schema, text: string): unknown {
  if (member.isNumericSchema()) return Number(text);
  if (member.isBooleanSchema()) return text === 'true';
  return text;
}

/** A member that a query string, form field or header can carry alone. */
export function isScalar(member: Schema): boolean {
  return !member.isStructSchema() && !member.isListSchema() && !member.isMapSchema() && !member.isDocumentSchema();
}
