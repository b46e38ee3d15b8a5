import { GraphQLError, Kind, parse, print, validate, visit, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type ParseOptions } from 'graphql';
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
 * Parses a document as catalogues store them, then validates it against the schema.
 */
export function prepareDocument(source: string, schema: GraphQLSchema, library: Map<string, FragmentDefinitionNode>): PreparedDocument {
  const document = parseDocument(source, library);
  const errors = validate(schema, document);
  if (errors.length > 0) throw new QueryError(errors);
  return { source: print(document), document };
}

/**
 * Parses a document as catalogues store them: outer braces may be left out,
 * and library fragments (`...AssetFragment`) are appended only when spread
 * and not defined. Not validated. Throws `QueryError` on a syntax error.
 */
export function parseDocument(source: string, library: Map<string, FragmentDefinitionNode>, options?: ParseOptions): DocumentNode {
  let document: DocumentNode;
  try {
    document = parse(source, options);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    if (OPERATION_START.test(source)) throw new QueryError([error]);
    // `iamUsers(where: {...}) {...}`: wrap on the same line so error lines still match the text as written.
    try {
      document = parse(`{${source}\n}`, options);
    } catch {
      throw new QueryError([error]);
    }
  }
  return withLibraryFragments(document, library);
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
