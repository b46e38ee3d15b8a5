import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  GraphQLError,
  Kind,
  TypeInfo,
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  typeFromAST,
  validate,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
  type VariableDefinitionNode,
} from 'graphql';
import type { FilterPlan } from '../filters/generate.js';
import { RegexScalar, regexProgramSize } from '../filters/scalars.js';
import { OptionError } from './types.js';

/**
 * Bounds on what one document may ask of the engine. The engine applies them
 * to every document it prepares (API requests, `assetql query`, stored
 * checks), so whatever the server refuses, a stored check cannot sneak in.
 * Defaults leave every catalogue query and GraphiQL's introspection well
 * inside them. In the config they are `server.limits.<name>`.
 */
export interface DocumentLimits {
  /** Deepest field selection, fragments followed; introspection is exempt. @default 10 */
  maxDepth?: number;
  /** Aliased fields in one operation: aliases are how one request multiplies work. @default 30 */
  maxAliases?: number;
  /** Directives in one operation. @default 50 */
  maxDirectives?: number;
  /** Lexical tokens in one document (bounds parsing). @default 10000 */
  maxTokens?: number;
  /** Static cost (graphql-armor: object 2, scalar 1, x1.5 per level); introspection is exempt. @default 5000 */
  maxCost?: number;
  /**
   * Field selections, fragment spreads and inline fragments in one document,
   * as written; validation compares same-named fields pairwise, so its time
   * grows with the square of this. @default 250
   */
  maxSelections?: number;
  /** Values in one `_IN` / `_NOT_IN` list of a `where` filter. @default 1000 */
  maxInListLength?: number;
  /** Nesting of input objects inside one `where` filter (the documented query has 3). @default 10 */
  maxFilterDepth?: number;
  /** Characters of a document's distinct `_MATCHES` patterns together: compiling one takes time before its size is known. @default 500 */
  maxRegexLength?: number;
  /**
   * RE2 program size of a document's distinct `_MATCHES` patterns together
   * (about one per character, `x{n}` counts n times): matching time per value
   * grows with it. @default 1000
   */
  maxRegexSize?: number;
}

export type ResolvedDocumentLimits = Readonly<Required<DocumentLimits>>;

export const DEFAULT_DOCUMENT_LIMITS: ResolvedDocumentLimits = {
  maxDepth: 10,
  maxAliases: 30,
  maxDirectives: 50,
  maxTokens: 10_000,
  maxCost: 5_000,
  maxSelections: 250,
  maxInListLength: 1_000,
  maxFilterDepth: 10,
  maxRegexLength: 500,
  maxRegexSize: 1_000,
};

type LimitName = keyof DocumentLimits;

/** The config key that raises a limit, named in every error. */
export const limitKey = (name: LimitName) => `server.limits.${name}`;

/**
 * The limits in effect: each later source overrides the earlier ones, key by
 * key; keys that are not document limits (the server's body size, timeout) are
 * left out. A value that is not a whole number in range is an `OptionError`.
 */
export function resolveDocumentLimits(...sources: (DocumentLimits | undefined)[]): ResolvedDocumentLimits {
  const limits: Record<string, number> = { ...DEFAULT_DOCUMENT_LIMITS };
  for (const source of sources) {
    for (const [name, value] of Object.entries(source ?? {})) {
      if (!Object.hasOwn(DEFAULT_DOCUMENT_LIMITS, name) || value === undefined) continue;
      const least = name === 'maxAliases' ? 0 : 1;
      if (!Number.isSafeInteger(value) || (value as number) < least) {
        throw new OptionError(`limits.${name}: expected a whole number of at least ${least}, found ${JSON.stringify(value)}`);
      }
      limits[name] = value as number;
    }
  }
  return limits as unknown as ResolvedDocumentLimits;
}

/** A limit exceeded: a GraphQL error whose code says what kind, naming the limit and its config key. */
export function limitError(name: LimitName, code: string, message: string): GraphQLError {
  return new GraphQLError(`${message} (${limitKey(name)}).`, { extensions: { code, limit: limitKey(name) } });
}

/**
 * What is wrong with a document as written, checked before validation: the
 * depth, alias, directive and cost rules, the selection count, and the
 * `where` filters and `_MATCHES` patterns written in it. All linear in the
 * document, so a hostile one is refused before any quadratic work starts.
 */
export function documentLimitErrors(schema: GraphQLSchema, document: DocumentNode, limits: ResolvedDocumentLimits, plan?: FilterPlan): GraphQLError[] {
  const errors = [...validate(schema, document, limitRules(limits))];
  const selections = countSelections(document);
  if (selections > limits.maxSelections) {
    errors.push(limitError('maxSelections', 'QUERY_TOO_LARGE', `The document has ${selections} selections, more than the limit of ${limits.maxSelections}`));
  }
  const input = inputLimitError(schema, document, limits, undefined, plan);
  if (input) errors.push(input);
  return errors;
}

/**
 * The same filter and pattern bounds over the values of variables, checked
 * before anything reads them (coercion compiles patterns and recurses into
 * nested filters). Without variables there is nothing the document's own
 * check did not see.
 */
export function variableLimitError(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, limits: ResolvedDocumentLimits, plan?: FilterPlan): GraphQLError | undefined {
  const declaresVariables = document.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && (d.variableDefinitions?.length ?? 0) > 0);
  return declaresVariables ? inputLimitError(schema, document, limits, variables, plan) : undefined;
}

/** graphql-armor's rules, reporting in our words: the limit's config key and a code. */
function limitRules(limits: ResolvedDocumentLimits): ValidationRule[] {
  const reportAs = (name: LimitName, code: string) => ({
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) =>
        // graphql-armor prefixes "Syntax Error: " although the syntax is fine.
        context?.reportError(limitError(name, code, error.message.replace(/^Syntax Error: /, '').replace(/\.$/, ''))),
    ],
  });
  return [
    maxDepthRule({ n: limits.maxDepth, ignoreIntrospection: true, ...reportAs('maxDepth', 'QUERY_TOO_DEEP') }),
    maxAliasesRule({ n: limits.maxAliases, ...reportAs('maxAliases', 'QUERY_TOO_LARGE') }),
    maxDirectivesRule({ n: limits.maxDirectives, ...reportAs('maxDirectives', 'QUERY_TOO_LARGE') }),
    costLimitRule({ maxCost: limits.maxCost, ignoreIntrospection: true, ...reportAs('maxCost', 'QUERY_TOO_LARGE') }),
  ] as ValidationRule[];
}

function countSelections(document: DocumentNode): number {
  let count = 0;
  const selection = () => {
    count += 1;
  };
  visit(document, { Field: selection, FragmentSpread: selection, InlineFragment: selection });
  return count;
}

/** A value to measure: a literal of the document or a variable's JSON value, with the input type it is read as. */
type Pending = ({ node: ValueNode } | { json: unknown }) & { type: GraphQLInputType | undefined; depth: number; key?: string; list?: boolean };

/**
 * Measures the `where` filters (nesting, `_IN` lengths) and collects every
 * `_MATCHES` pattern, then bounds the patterns together. A variable in a
 * filter is followed to its value, else its default. When preparing (no
 * values yet) every default is also measured on its own: validation
 * compiles the patterns in it, used or not.
 */
function inputLimitError(schema: GraphQLSchema, document: DocumentNode, limits: ResolvedDocumentLimits, variables: Record<string, unknown> | undefined, plan: FilterPlan | undefined): GraphQLError | undefined {
  // Which keys take a list of values is the operator table's to say (through the filter plan), not a name's suffix.
  const takesList = (type: GraphQLInputType | undefined, key: string | undefined) => {
    const operation = key === undefined || type === undefined ? undefined : plan?.get(getNamedType(type).name)?.get(key);
    return operation?.kind === 'scalar' && operation.operator.takesList === true;
  };
  const pending: Pending[] = [];
  const definitions = new Map<string, VariableDefinitionNode>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      VariableDefinition(node) {
        definitions.set(node.variable.name.value, node);
        const type = typeFromAST(schema, node.type) as GraphQLInputType | undefined;
        if (variables === undefined && node.defaultValue) pending.push({ node: node.defaultValue, type, depth: 0 });
      },
      Argument(node) {
        if (node.name.value === 'where') pending.push({ node: node.value, type: typeInfo.getInputType() ?? undefined, depth: 0 });
      },
    }),
  );

  const patterns = new Set<string>();
  // Iterative, so a hostile nesting cannot exhaust the stack before it is measured.
  while (pending.length > 0) {
    const item = pending.pop()!;
    const { type, depth, key } = item;
    if ('node' in item) {
      const { node } = item;
      if (node.kind === Kind.VARIABLE) {
        const name = node.name.value;
        const fallback = definitions.get(name)?.defaultValue;
        if (variables?.[name] !== undefined) pending.push({ json: variables[name], type, depth, key, list: item.list });
        else if (fallback) pending.push({ node: fallback, type, depth, key, list: item.list });
      } else if (node.kind === Kind.LIST) {
        if (item.list && node.values.length > limits.maxInListLength) return inListError(key!, node.values.length, limits);
        for (const value of node.values) pending.push({ node: value, type: itemType(type), depth, key });
      } else if (node.kind === Kind.OBJECT) {
        if (depth + 1 > limits.maxFilterDepth) return filterDepthError(limits);
        for (const field of node.fields) pending.push({ node: field.value, type: fieldType(type, field.name.value), depth: depth + 1, key: field.name.value, list: takesList(type, field.name.value) });
      } else if (node.kind === Kind.STRING && isRegex(type)) {
        patterns.add(node.value);
      }
    } else {
      const { json } = item;
      if (Array.isArray(json)) {
        if (item.list && json.length > limits.maxInListLength) return inListError(key!, json.length, limits);
        for (const value of json) pending.push({ json: value, type: itemType(type), depth, key });
      } else if (json !== null && typeof json === 'object') {
        if (depth + 1 > limits.maxFilterDepth) return filterDepthError(limits);
        for (const [field, value] of Object.entries(json)) pending.push({ json: value, type: fieldType(type, field), depth: depth + 1, key: field, list: takesList(type, field) });
      } else if (typeof json === 'string' && isRegex(type)) {
        patterns.add(json);
      }
    }
  }
  return patternError(patterns, limits);
}


/** By name: the schema builder makes its own copy of the scalar from the SDL. */
const isRegex = (type: GraphQLInputType | undefined) => type !== undefined && getNamedType(type).name === RegexScalar.name;

/** The type of a list's items; a single value where a list is expected is read as a list of one. */
function itemType(type: GraphQLInputType | undefined): GraphQLInputType | undefined {
  const nullable = type && isNonNullType(type) ? type.ofType : type;
  return nullable && isListType(nullable) ? (nullable.ofType as GraphQLInputType) : nullable;
}

function fieldType(type: GraphQLInputType | undefined, field: string): GraphQLInputType | undefined {
  const named = type && getNamedType(type);
  if (!named || !isInputObjectType(named)) return undefined;
  return named.getFields()[field]?.type;
}

/** Lengths first: a pattern's program size is only known once it is compiled (and cached). */
function patternError(patterns: ReadonlySet<string>, limits: ResolvedDocumentLimits): GraphQLError | undefined {
  let length = 0;
  for (const pattern of patterns) length += pattern.length;
  if (length > limits.maxRegexLength) {
    return limitError('maxRegexLength', 'REGEX_TOO_LARGE', `The _MATCHES patterns of the document have ${length} characters together, more than the limit of ${limits.maxRegexLength}`);
  }
  let size = 0;
  for (const pattern of patterns) {
    size += regexProgramSize(pattern) ?? 0;
    if (size > limits.maxRegexSize) {
      return limitError(
        'maxRegexSize',
        'REGEX_TOO_LARGE',
        `The _MATCHES patterns of the document compile to RE2 programs larger than the limit of ${limits.maxRegexSize} instructions together (a counted repetition such as x{100} counts 100 times)`,
      );
    }
  }
  return undefined;
}

function inListError(key: string, length: number, limits: ResolvedDocumentLimits): GraphQLError {
  return limitError('maxInListLength', 'FILTER_TOO_LARGE', `${key} lists ${length} values, more than the limit of ${limits.maxInListLength}`);
}

function filterDepthError(limits: ResolvedDocumentLimits): GraphQLError {
  return limitError('maxFilterDepth', 'FILTER_TOO_DEEP', `A where filter nests deeper than the limit of ${limits.maxFilterDepth} levels`);
}
