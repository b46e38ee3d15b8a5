import {
  GraphQLError,
  GraphQLScalarType,
  GraphQLSchema,
  Kind,
  execute,
  getOperationAST,
  getVariableValues,
  type DocumentNode,
  type ExecutionResult,
  type OperationDefinitionNode,
} from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';

/**
 * A query compiled once and run many times: graphql-js coerces the
 * variables, graphql-jit runs the operation.
 *
 * graphql-jit unrolls variable coercion into generated code type by type,
 * and never stops on a recursive input type (every generated `where` filter
 * is one): `query($w: ConnectorWhere)` grew the process to 4 GB and aborted
 * it (an open upstream issue). So the document jit compiles declares every
 * variable as an opaque pass-through scalar, and the values it receives were
 * already coerced by graphql-js, whose coercion follows the value (bounded by
 * its size), not the type. The operation itself keeps compiled speed.
 */
export interface CompiledOperation {
  execute(context: unknown, variables: Record<string, unknown> | undefined): Promise<ExecutionResult> | ExecutionResult;
}

const PASS_THROUGH = new GraphQLScalarType({
  name: 'AssetqlCoercedVariable',
  description: 'Internal: a variable value already coerced by graphql-js.',
  serialize: (value) => value,
  parseValue: (value) => value,
});

/** The schema jit compiles against: the same types plus the pass-through scalar (never in the public schema). */
const jitSchemas = new WeakMap<GraphQLSchema, GraphQLSchema>();

function jitSchemaFor(schema: GraphQLSchema): GraphQLSchema {
  let jit = jitSchemas.get(schema);
  if (!jit) {
    const config = schema.toConfig();
    jit = new GraphQLSchema({ ...config, types: [...config.types, PASS_THROUGH] });
    jitSchemas.set(schema, jit);
  }
  return jit;
}

/** How documents are executed: compiled by graphql-jit (fast), or interpreted by graphql-js (the reference, for differential tests). */
export type ExecutionMode = 'compiled' | 'interpreted';

/** Compiles a validated document; returns errors (no operation, an operation jit refuses) as a result. */
export function compileOperation(schema: GraphQLSchema, document: DocumentNode, operationName?: string, mode: ExecutionMode = 'compiled'): CompiledOperation | ExecutionResult {
  const operation = getOperationAST(document, operationName);
  if (!operation) {
    const message = operationName ? `Unknown operation named "${operationName}".` : 'Must provide an operation (or operationName when the document has several).';
    return { errors: [new GraphQLError(message)] };
  }
  if (mode === 'interpreted') {
    return { execute: (contextValue, variableValues) => execute({ schema, document, operationName, contextValue, variableValues }) };
  }
  const compiled = compileQuery(jitSchemaFor(schema), withOpaqueVariables(document, operation), operationName);
  if (!isCompiledQuery(compiled)) return compiled;
  const definitions = operation.variableDefinitions ?? [];
  if (definitions.length === 0) return { execute: (context) => compiled.query(undefined, context, {}) };
  return {
    execute(context, variables) {
      const coerced = getVariableValues(schema, definitions, variables ?? {}, { maxErrors: 50 });
      if (coerced.errors) {
        // Coercion recurses with the value: a hostile nesting overflows the stack (graphql-js returns that error, too).
        if (coerced.errors.some((error) => (error as unknown) instanceof RangeError)) {
          return { errors: [new GraphQLError('Variables nest too deeply to read.', { extensions: { code: 'VARIABLES_TOO_DEEP' } })] };
        }
        return { errors: coerced.errors };
      }
      return compiled.query(undefined, context, coerced.coerced);
    },
  };
}

/** The same document with each variable of `operation` typed as the pass-through scalar, defaults dropped (graphql-js applied them). */
function withOpaqueVariables(document: DocumentNode, operation: OperationDefinitionNode): DocumentNode {
  if (!operation.variableDefinitions?.length) return document;
  const opaque: OperationDefinitionNode = {
    ...operation,
    variableDefinitions: operation.variableDefinitions.map((definition) => ({
      ...definition,
      type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: PASS_THROUGH.name } },
      defaultValue: undefined,
    })),
  };
  return { ...document, definitions: document.definitions.map((definition) => (definition === operation ? opaque : definition)) };
}
