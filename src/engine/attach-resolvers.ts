import { isEnumType, isInterfaceType, isObjectType, isScalarType, isUnionType, type GraphQLFieldResolver, type GraphQLScalarType, type GraphQLSchema } from 'graphql';

/** Resolvers by type name: field functions, `__resolveType` for an abstract type, or a scalar's implementation. */
export type ResolverMap = Record<string, unknown>;

/**
 * Puts resolvers on the types of a schema just built from SDL, in place:
 * copying every type to add them cost a tenth of start-up. A name the schema
 * does not have is a mistake in the code, so it throws rather than being
 * ignored (a scalar's implementation excepted). Interface field resolvers are inherited by the object types that
 * implement the interface and resolve the field themselves not at all.
 */
export function attachResolvers(schema: GraphQLSchema, maps: readonly ResolverMap[]): void {
  const interfaceFields = new Map<string, Record<string, GraphQLFieldResolver<unknown, unknown>>>();
  for (const map of maps) {
    for (const [typeName, value] of Object.entries(map)) {
      const type = schema.getType(typeName);
      // Scalars are offered whole (every equality scalar); the SDL declares those its filters use.
      if (!type && isScalarType(value)) continue;
      if (!type) throw new Error(`resolvers for ${typeName}, which the schema has no type of`);
      if (isScalarType(type)) {
        const scalar = value as GraphQLScalarType;
        type.serialize = scalar.serialize;
        type.parseValue = scalar.parseValue;
        type.parseLiteral = scalar.parseLiteral;
        // The implementation's own description is the one printed, as it is the one kept next to the code.
        if (scalar.description) type.description = scalar.description;
        continue;
      }
      if (isEnumType(type)) throw new Error(`resolvers for enum ${typeName}: enum values come from the SDL`);
      const entries = Object.entries(value as Record<string, unknown>);
      if (isUnionType(type) || isInterfaceType(type)) {
        for (const [name, resolver] of entries) {
          if (name === '__resolveType') type.resolveType = resolver as never;
          else if (isInterfaceType(type) && type.getFields()[name]) interfaceFields.set(typeName, { ...interfaceFields.get(typeName), [name]: resolver as GraphQLFieldResolver<unknown, unknown> });
          else throw new Error(`resolver ${typeName}.${name}: no such field`);
        }
        continue;
      }
      if (!isObjectType(type)) throw new Error(`resolvers for ${typeName}, which is not an output type`);
      const fields = type.getFields();
      for (const [name, resolver] of entries) {
        if (name === '__isTypeOf') type.isTypeOf = resolver as never;
        else if (fields[name]) fields[name].resolve = resolver as GraphQLFieldResolver<unknown, unknown>;
        else throw new Error(`resolver ${typeName}.${name}: no such field`);
      }
    }
  }
  if (interfaceFields.size === 0) return;
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type)) continue;
    const fields = type.getFields();
    for (const implemented of type.getInterfaces()) {
      for (const [name, resolver] of Object.entries(interfaceFields.get(implemented.name) ?? {})) fields[name].resolve ??= resolver;
    }
  }
}
