import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { parse, type GraphQLSchema } from 'graphql';
import { DateTimeScalar } from '../filters/date-time.js';
import { generateFilters, type FilterPlan } from '../filters/generate.js';
import { FILTERABLE_SCALARS, RegexScalar, equalityScalar, equalityScalarName } from '../filters/scalars.js';
import { SCHEMA_DIR } from '../paths.js';
import { assetResolvers } from './resolvers.js';

export const FRAGMENT_LIBRARY_FILE = 'fragments.graphql';

/** More SDL and resolvers layered on the asset schema (the check API does this). */
export interface SchemaExtension {
  typeDefs: string;
  resolvers: Record<string, unknown>;
}

export interface EngineSchema {
  schema: GraphQLSchema;
  plan: FilterPlan;
  /** The fragment library's source. */
  fragments: string;
}

/** Reads the asset SDL, generates the `where` inputs from it, and wires resolvers. */
export function buildEngineSchema(extensions: readonly SchemaExtension[] = []): EngineSchema {
  const files = readdirSync(SCHEMA_DIR).filter((file) => file.endsWith('.graphql') && file !== FRAGMENT_LIBRARY_FILE).sort();
  const assetSdl = files.map((file) => readFileSync(path.join(SCHEMA_DIR, file), 'utf8')).join('\n');
  const generated = generateFilters(parse(assetSdl));
  const scalars: Record<string, unknown> = { DateTime: DateTimeScalar, Regex: RegexScalar };
  for (const [name, base] of Object.entries(FILTERABLE_SCALARS)) scalars[equalityScalarName(name)] = equalityScalar(base);
  const schema = makeExecutableSchema({
    typeDefs: [assetSdl, generated.sdl, ...extensions.map((e) => e.typeDefs)],
    resolvers: [scalars, assetResolvers(), ...extensions.map((e) => e.resolvers)] as never,
    inheritResolversFromInterfaces: true,
  });
  return { schema, plan: generated.plan, fragments: readFileSync(path.join(SCHEMA_DIR, FRAGMENT_LIBRARY_FILE), 'utf8') };
}
