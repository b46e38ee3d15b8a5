import { Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

/**
 * `returnPath` is a dot path (`connector`, `hasIAMUserCredentials.arn`) that
 * picks the asset at fault out of each element of a check's result.
 */

const SEGMENT = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** Splits a return path; throws on anything but dot-separated GraphQL names. */
export function parseReturnPath(path: string): string[] {
  const segments = path.trim().split('.');
  for (const segment of segments) {
    if (!SEGMENT.test(segment)) throw new Error(`"${path}" is not a dot path of field names such as "connector"`);
  }
  return segments;
}

/** Follows the path into one result element; a missing step (null relation) keeps the element itself. */
export function narrow(element: unknown, segments: readonly string[]): unknown {
  let value = element;
  for (const segment of segments) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return element;
    value = (value as Record<string, unknown>)[segment];
  }
  return value ?? element;
}

/**
 * Names the root fields (by response key) whose selection lacks the path,
 * so a misspelt returnPath is caught when the check is registered rather
 * than narrowing every finding to nothing.
 */
export function rootFieldsMissingPath(document: DocumentNode, segments: readonly string[]): string[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return [];
  const missing: string[] = [];
  for (const [key, selectionSet] of fieldsByKey(operation.selectionSet, fragments)) {
    if (!hasPath(selectionSet, segments, fragments)) missing.push(key);
  }
  return missing;
}

function hasPath(selectionSet: SelectionSetNode | undefined, segments: readonly string[], fragments: Map<string, FragmentDefinitionNode>): boolean {
  if (segments.length === 0) return true;
  if (!selectionSet) return false;
  const [head, ...rest] = segments;
  const next = fieldsByKey(selectionSet, fragments).get(head);
  return next !== undefined && (rest.length === 0 || hasPath(next, rest, fragments));
}

/** Response key to sub-selection, looking through inline fragments and fragment spreads. */
function fieldsByKey(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen = new Set<string>()): Map<string, SelectionSetNode | undefined> {
  const fields = new Map<string, SelectionSetNode | undefined>();
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      fields.set(selection.alias?.value ?? selection.name.value, selection.selectionSet);
    } else {
      let inner: SelectionSetNode | undefined;
      if (selection.kind === Kind.INLINE_FRAGMENT) inner = selection.selectionSet;
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        inner = fragments.get(selection.name.value)?.selectionSet;
      }
      if (inner) for (const [key, value] of fieldsByKey(inner, fragments, seen)) fields.set(key, value);
    }
  }
  return fields;
}
