import type { SchemaExtension } from '../../engine/schema.js';
import { checkApiResolvers, type CheckApiEngine, type CheckApiOptions } from './resolvers.js';
import { checkApiTypeDefs } from './type-defs.js';

export type { CheckApiEngine, CheckApiOptions } from './resolvers.js';

/** The check API (query `checks`, `check`; mutations `registerCheck`, `runChecks`) as a layer on the asset schema. */
export function checkApi(engine: CheckApiEngine, options: CheckApiOptions): SchemaExtension {
  return { typeDefs: checkApiTypeDefs, resolvers: checkApiResolvers(engine, options) };
}
