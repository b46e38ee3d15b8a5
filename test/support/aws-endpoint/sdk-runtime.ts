import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * The SDK's own schema and serde code, taken from the same (CommonJS) copy
 * the `@aws-sdk/client-*` packages load, so the schemas they export and the
 * serializers that write them agree on every internal detail.
 */
export const schemas = require('@smithy/core/schema') as typeof import('@smithy/core/schema');
export const serde = require('@aws-sdk/core/protocols') as typeof import('@aws-sdk/core/protocols');

export type Schema = import('@smithy/core/schema').NormalizedSchema;
