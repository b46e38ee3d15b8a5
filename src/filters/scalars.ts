import {
  GraphQLBoolean,
  GraphQLError,
  GraphQLFloat,
  GraphQLID,
  GraphQLInt,
  GraphQLScalarType,
  GraphQLString,
  Kind,
  valueFromASTUntyped,
  type ObjectValueNode,
  type ValueNode,
} from 'graphql';
import { RE2JS } from 're2js';
import { DateTimeScalar } from './date-time.js';

/** The scalar types filters know how to compare. */
export const FILTERABLE_SCALARS: Record<string, GraphQLScalarType> = {
  String: GraphQLString,
  ID: GraphQLID,
  Int: GraphQLInt,
  Float: GraphQLFloat,
  Boolean: GraphQLBoolean,
  DateTime: DateTimeScalar,
};

export const equalityScalarName = (scalar: string) => `${scalar}Equality`;

/**
 * `f: v` and `f: { eq: v }` must both be valid for the same field, and GraphQL
 * inputs have no unions, so the equality position takes a scalar that accepts
 * either form and checks the value with the base scalar (errors point at it).
 */
export function equalityScalar(base: GraphQLScalarType): GraphQLScalarType {
  const parseWrapped = (inner: unknown) => (inner === null ? null : base.parseValue(inner));
  return new GraphQLScalarType({
    name: equalityScalarName(base.name),
    description: `A ${base.name}, or \`{ eq: ${base.name} }\`: both mean "equal to" (null matches null or missing).`,
    serialize: (value) => value,
    parseValue(value) {
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        const keys = Object.keys(value);
        if (keys.length !== 1 || keys[0] !== 'eq') throw new GraphQLError(`${base.name} equality takes a value or { eq: value }`);
        return parseWrapped((value as { eq: unknown }).eq);
      }
      return base.parseValue(value);
    },
    parseLiteral(ast, variables) {
      if (ast.kind === Kind.OBJECT) return parseEqObject(ast, base, variables);
      if (ast.kind === Kind.VARIABLE) return parseWrapped(variables?.[ast.name.value] ?? null);
      return base.parseLiteral(ast, variables);
    },
  });
}

function parseEqObject(ast: ObjectValueNode, base: GraphQLScalarType, variables: Record<string, unknown> | null | undefined) {
  const [field, ...rest] = ast.fields;
  if (!field || rest.length > 0 || field.name.value !== 'eq') {
    throw new GraphQLError(`${base.name} equality takes a value or { eq: value }, found ${ast.fields.map((f) => f.name.value).join(', ') || 'an empty object'}`, { nodes: ast });
  }
  const value = field.value;
  if (value.kind === Kind.NULL) return null;
  if (value.kind === Kind.VARIABLE) {
    const bound = variables?.[value.name.value];
    return bound === null || bound === undefined ? null : base.parseValue(bound);
  }
  return base.parseLiteral(value, variables);
}

/**
 * A `_MATCHES` pattern as validated input. It stays plain data (compiled
 * queries may copy argument values), and is compiled when the filter is.
 */
export interface RegexInput {
  readonly regex: string;
}

/** Compiled patterns by source: validation, variables and the filter compiler all ask for the same few. */
const COMPILED_PATTERNS = new Map<string, RE2JS>();
const COMPILED_PATTERN_CACHE_SIZE = 1_000;

function compilePattern(source: string): RE2JS {
  let re = COMPILED_PATTERNS.get(source);
  if (re) return re;
  try {
    re = RE2JS.compile(source);
  } catch (error) {
    throw new GraphQLError(`invalid regular expression ${JSON.stringify(source)}: ${(error as Error).message}`);
  }
  if (COMPILED_PATTERNS.size >= COMPILED_PATTERN_CACHE_SIZE) COMPILED_PATTERNS.delete(COMPILED_PATTERNS.keys().next().value!);
  COMPILED_PATTERNS.set(source, re);
  return re;
}

/** Whole-string matching with RE2 semantics: linear time, no catastrophic backtracking. */
export function compileRegex(source: string): (text: string) => boolean {
  const re = compilePattern(source);
  return (text) => re.matches(text);
}

/**
 * RE2's measure of what a pattern costs to match (instructions of its
 * program: about one per character, `x{n}` counts n times); undefined
 * when it does not compile, which validation reports with its reason.
 */
export function regexProgramSize(source: string): number | undefined {
  try {
    return compilePattern(source).programSize();
  } catch {
    return undefined;
  }
}

function parseRegex(source: string): RegexInput {
  compileRegex(source); // fail validation, not execution
  return { regex: source };
}

export const RegexScalar = new GraphQLScalarType({
  name: 'Regex',
  description: 'A regular expression (RE2 syntax) that must match the whole string; a `(?i)` prefix makes it case-insensitive.',
  serialize: (value) => (value as RegexInput).regex ?? value,
  parseValue(value) {
    if (typeof value !== 'string') throw new GraphQLError('Regex must be a string');
    return parseRegex(value);
  },
  parseLiteral(ast: ValueNode, variables) {
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError(`Regex must be a string, found ${JSON.stringify(valueFromASTUntyped(ast, variables))}`, { nodes: ast });
    }
    return parseRegex(ast.value);
  },
});
