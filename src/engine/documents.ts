import { GraphQLError, Kind, parse, print, validate, visit, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema } from 'graphql';
import { documentLimitErrors, limitError, variableLimitError, type ResolvedDocumentLimits } from './limits.js';
import type { FilterPlan } from '../filters/generate.js';
import type { PreparedDocument } from './types.js';
import { QueryError } from './types.js';

/** The library fragments, by name. */
export function parseFragmentLibrary(source: string): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of parse(source).definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

const OPERATION_START = /^\s*(#[^\n]*\n\s*)*(\{|query\b|mutation\b|subscription\b|fragment\b)/;

/**
 * Parses a document as catalogues store them, checks it against the
 * document limits, then validates it against the schema. The limits come
 * first: they are linear in the document, validation is not.
 */
export function prepareDocument(source: string, schema: GraphQLSchema, library: Map<string, FragmentDefinitionNode>, limits: ResolvedDocumentLimits, plan?: FilterPlan): PreparedDocument {
  const document = parseDocument(source, library, limits);
  const tooLarge = documentLimitErrors(schema, document, limits, plan);
  if (tooLarge.length > 0) throw new QueryError(tooLarge);
  const errors = validate(schema, document);
  if (errors.length > 0) throw new QueryError(errors);
  return { source: print(document), document };
}

/**
 * Bounds the values of a document's variables as `prepareDocument` bounds
 * what the document itself writes, before anything reads them. Throws `QueryError`.
 */
export function checkVariables(source: string, variables: Record<string, unknown>, schema: GraphQLSchema, library: Map<string, FragmentDefinitionNode>, limits: ResolvedDocumentLimits, plan?: FilterPlan): void {
  const error = variableLimitError(schema, parseDocument(source, library, limits), variables, limits, plan);
  if (error) throw new QueryError([error]);
}

/**
 * Parses a document as catalogues store them: outer braces may be left out,
 * and library fragments (`...AssetFragment`) are appended only when spread
 * and not defined. Not validated. Throws `QueryError` on a syntax error,
 * more than `maxTokens` tokens, or nesting too deep to parse.
 */
export function parseDocument(source: string, library: Map<string, FragmentDefinitionNode>, limits: Pick<ResolvedDocumentLimits, 'maxTokens'>): DocumentNode {
  let document: DocumentNode;
  try {
    document = parseWithin(source, limits);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    if (OPERATION_START.test(source)) throw new QueryError([error]);
    // `iamUsers(where: {...}) {...}`: wrap on the same line so error lines still match the text as written.
    try {
      document = parseWithin(`{${source}\n}`, limits);
    } catch {
      throw new QueryError([error]);
    }
  }
  return withLibraryFragments(document, library);
}

/** graphql-js's parse with its failures worded as limits: it says "more that N tokens", and overflows the stack on deep nesting. */
function parseWithin(source: string, limits: Pick<ResolvedDocumentLimits, 'maxTokens'>): DocumentNode {
  try {
    return parse(source, { maxTokens: limits.maxTokens });
  } catch (error) {
    if (error instanceof RangeError) throw new GraphQLError('Syntax Error: the document nests too deeply to parse.', { extensions: { code: 'QUERY_TOO_DEEP' } });
    if (error instanceof GraphQLError && error.message.includes('tokens. Parsing aborted')) {
      throw limitError('maxTokens', 'QUERY_TOO_LARGE', `Syntax Error: Token limit of ${limits.maxTokens} exceeded`);
    }
    throw error;
  }
}

function withLibraryFragments(document: DocumentNode, library: Map<string, FragmentDefinitionNode>): DocumentNode {
  const defined = new Set(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [d.name.value] : [])));
  const added: FragmentDefinitionNode[] = [];
  const pending = [document as DocumentNode | FragmentDefinitionNode];
  while (pending.length > 0) {
    visit(pending.pop()!, {
      FragmentSpread(node) {
        const name = node.name.value;
        const fragment = library.get(name);
        if (defined.has(name) || !fragment) return;
        defined.add(name);
        added.push(fragment);
        pending.push(fragment);
      },
    });
  }
  return added.length === 0 ? document : { ...document, definitions: [...document.definitions, ...added] };
}
