/**
 * Policy documents as statements, for every family that reads one
 * (identity and trust policies now; bucket, key and queue policies later):
 * the reader, and the GraphQL value types its statements are shown as.
 */
export { PolicyDocumentError } from './document-error.js';
export type { IAMPolicyCondition } from './conditions.js';
export type { IAMPolicyPrincipal } from './principals.js';
export { readPolicyStatements, type IAMPolicyStatement, type PolicyContext } from './statements.js';
export { POLICY_STATEMENT_SDL, POLICY_STATEMENT_VALUES, STATEMENT_FIELDS, STATEMENT_FIELDS_SDL } from './sdl.js';
