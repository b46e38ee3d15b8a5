import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLInputObjectType,
  type GraphQLInputType,
} from 'graphql';

/**
 * Random `where` values drawn from the built schema's input types, so every
 * generated operator is reachable; values come from small pools that match
 * the test fixtures often enough to be interesting.
 */
const NAMES = ['u-alpha', 'u-beta', "o'brien, pat", 'u-gamma', '<root_account>'];
const DATES = ['2023-01-01T00:00:00Z', '2024-01-01T00:00:00+00:00', '2024-06-01', 'now', 'now-90d', 'now-2w', 'now+1d'];
const STRINGS = [...NAMES, 'us-east-1', 's3', 'u-', 'a', '', 'Production', '123456789012', 'arn:aws:iam::123456789012:user/u-alpha'];
const PATTERNS = ['u-.*', '(?i)U-ALPHA', '.*', 'us-(east|west)-1', '[0-9]{12}'];

/** Random values of a where input type, drawn from the schema itself (so every generated operator is reachable). */
export function whereValue(type: GraphQLInputObjectType, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const fields = Object.values(type.getFields()).filter((field) => depth > 0 || !isInputObjectType(getNamedType(field.type)));
  // A few keys at a time: sibling keys are AND-ed, so many would rarely match anything.
  return fc.subarray(fields, { maxLength: 3 }).chain((chosen) =>
    fc.record(Object.fromEntries(chosen.map((field) => [field.name, inputValue(field.type, depth - 1)]))),
  );
}

function inputValue(type: GraphQLInputType, depth: number, nullable = true): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return inputValue(type.ofType, depth, false);
  const orNull = (arbitrary: fc.Arbitrary<unknown>, weight = 4) => (nullable ? fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight, arbitrary }) : arbitrary);
  if (isListType(type)) return orNull(fc.array(inputValue(type.ofType, depth), { maxLength: 3 }), 1);
  if (isInputObjectType(type)) return orNull(whereValue(type, depth));
  if (isEnumType(type)) return orNull(fc.constantFrom(...type.getValues().map((value) => value.name)));
  if (!isScalarType(type)) throw new Error(`unexpected input type ${String(type)}`);
  const base = type.name.replace(/Equality$/, '');
  const plain = scalarValue(base);
  if (base !== type.name) return orNull(fc.oneof(plain, plain.map((eq) => ({ eq }))));
  return orNull(plain);
}

function scalarValue(scalar: string): fc.Arbitrary<unknown> {
  switch (scalar) {
    case 'Boolean': return fc.boolean();
    case 'Int': return fc.integer({ min: -1, max: 30 });
    case 'Float': return fc.double({ min: -1, max: 30, noNaN: true });
    case 'DateTime': return fc.constantFrom(...DATES);
    case 'Regex': return fc.constantFrom(...PATTERNS);
    case 'String':
    case 'ID': return fc.constantFrom(...STRINGS);
    default: throw new Error(`no generator for scalar ${scalar}`);
  }
}

/** A JSON value as a GraphQL literal. */
export function graphqlLiteral(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(graphqlLiteral).join(', ')}]`;
  if (typeof value === 'object') return `{ ${Object.entries(value as Record<string, unknown>).map(([key, inner]) => `${key}: ${graphqlLiteral(inner)}`).join(', ')} }`;
  return JSON.stringify(value);
}

