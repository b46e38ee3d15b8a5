import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildASTSchema, concatAST, isInterfaceType, isObjectType, parse, type DocumentNode, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { attachResolvers, type ResolverMap } from './attach-resolvers.js';
import { DateTimeScalar } from '../filters/date-time.js';
import { generateFilters, type FilterPlan } from '../filters/generate.js';
import { FILTERABLE_SCALARS, RegexScalar, equalityScalar, equalityScalarName } from '../filters/scalars.js';
import { MODULES, type Registry } from '../model/registry.js';
import { SCHEMA_DIR } from '../paths.js';
import { engineFields } from './graph.js';
import { ViewFields } from '../views/view-fields.js';
import type { LoadedViews } from '../views/load-views.js';
import { assetResolvers, assetsWhere, relationReader, type QueryContext } from './resolvers.js';

export const FRAGMENT_LIBRARY_FILE = 'fragments.graphql';
const BASE_SDL_FILE = 'assets.graphql';

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

/**
 * The schema, from the registry: the `Asset` interface, every module's
 * types (and `extend type`s), the `where` inputs generated from the built
 * types, one root field per asset type, and one per view. Refuses to build when a field
 * of an asset or value type is backed by nothing that writes it.
 */
export function buildEngineSchema(registry: Registry, extensions: readonly SchemaExtension[] = [], views: LoadedViews = { views: [], problems: [] }): EngineSchema {
  const parts = engineSchemaParts(registry, extensions, views);
  // One build of graphql-js, resolvers put on in place. assetql's own SDL is validated by
  // test/engine/schema-sdl.test.ts and views' SDL is generated from checked names: validating it
  // again on every start was a third of `assetql query`'s start-up (and so is the built schema,
  // which the first query would validate again). SDL from elsewhere (modules or
  // extensions handed in through the library) is validated here, as graphql-js would.
  const schema = buildASTSchema(parts.document, { assumeValidSDL: parts.ownSdl, assumeValid: parts.ownSdl });
  attachResolvers(schema, parts.resolvers);
  parts.viewFields.bind(schema, parts.plan);
  return { schema, plan: parts.plan, fragments: readFileSync(path.join(SCHEMA_DIR, FRAGMENT_LIBRARY_FILE), 'utf8') };
}

/**
 * The schema's SDL as one document (asset types, generated filters, root
 * fields, views, extensions) and the resolvers for it: what
 * `buildEngineSchema` builds, and what the SDL test validates.
 */
export function engineSchemaParts(registry: Registry, extensions: readonly SchemaExtension[] = [], views: LoadedViews = { views: [], problems: [] }) {
  const base = readFileSync(path.join(SCHEMA_DIR, BASE_SDL_FILE), 'utf8');
  const assets = parse([base, ...registry.sdl].join('\n'));
  // The asset types alone, built, so filters follow every `extend type` of every module.
  const ownSdl = extensions.length === 0 && registry.modules.every((module) => MODULES.includes(module));
  const types = buildASTSchema(assets, { assumeValidSDL: ownSdl });
  assertFieldsBacked(types, registry);
  const generated = generateFilters(types, { fieldReader: relationReader(registry) });
  const query = `type Query {\n${[...registry.types.values()].map((type) => `  ${JSON.stringify(type.description)}\n  ${type.root}(where: ${type.name}Where): [${type.name}!]!`).join('\n')}\n}\n`;
  const scalars: Record<string, unknown> = { DateTime: DateTimeScalar, Regex: RegexScalar };
  for (const [name, scalar] of Object.entries(FILTERABLE_SCALARS)) scalars[equalityScalarName(name)] = equalityScalar(scalar);
  const roots = { types: new Set(registry.types.keys()), roots: new Set([...registry.types.values()].map((type) => type.root)) };
  // The bundled views are tested against the schema of every bundled module and no other SDL.
  const trustBundled = ownSdl && MODULES.every((module) => registry.modules.includes(module));
  const viewFields = new ViewFields<QueryContext>(views.views, roots, assetsWhere, views.problems, { trustBundled });
  const more = [query, viewFields.sdl(), ...extensions.map((e) => e.typeDefs)].filter((sdl) => sdl !== '');
  const document: DocumentNode = concatAST([assets, generated.document, ...more.map((sdl) => parse(sdl))]);
  const resolvers: ResolverMap[] = [scalars, assetResolvers(registry), viewFields.resolvers(), ...extensions.map((e) => e.resolvers)];
  return { document, resolvers, plan: generated.plan, viewFields, ownSdl };
}

/** Thrown at start-up: the schema promises a field that no module writes. */
export class SchemaError extends Error {
  override readonly name = 'SchemaError';
}

/**
 * No silent nulls: every field of every asset type is written by its rows
 * (declared `fields`), by the engine, or resolved by a relation; every field
 * of a value type is declared. Otherwise a positive filter on it would never
 * match and a check would pass on data it never read.
 */
function assertFieldsBacked(schema: GraphQLSchema, registry: Registry): void {
  const problems: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const isAsset = type.getInterfaces().some((i) => i.name === 'Asset');
    const registered = registry.type(type.name);
    const value = registry.values.get(type.name);
    if (isAsset && !registered) {
      problems.push(`${type.name} implements Asset but no module builds its rows`);
      continue;
    }
    if (!isAsset && !value) {
      problems.push(`${type.name} is neither an asset type nor a declared value type of any module`);
      continue;
    }
    const backed = new Set<string>(registered ? [...registered.fields, ...engineFields(registered)] : value);
    for (const field of Object.keys(type.getFields())) {
      if (backed.has(field) || registry.relationOf(type.name, field)) continue;
      problems.push(`${type.name}.${field} is not written by ${registered ? `module ${registered.module}'s rows (fields)` : 'its value type\'s fields'} and is not a relation`);
    }
  }
  for (const interfaceType of Object.values(schema.getTypeMap()).filter(isInterfaceType)) {
    for (const implementation of schema.getPossibleTypes(interfaceType) as GraphQLObjectType[]) {
      if (!registry.type(implementation.name)) problems.push(`${implementation.name} implements ${interfaceType.name} but no module builds its rows`);
    }
  }
  if (problems.length > 0) throw new SchemaError(`the asset schema has fields nothing writes (they would read as null):\n${[...new Set(problems)].map((p) => `  ${p}`).join('\n')}`);
}
