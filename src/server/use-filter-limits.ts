import { GraphQLError, Kind, visit, type DocumentNode, type ValueNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export interface FilterLimitsOptions {
  /** Values in one `_IN` / `_NOT_IN` list. */
  maxInListLength: number;
  /** Nesting of input objects inside one `where`. */
  maxFilterDepth: number;
}

/**
 * Bounds the `where` filters of a request, written inline or passed as
 * variables: how deeply they nest (AND / OR / NOT and relations) and how
 * long an `_IN` list is. Checked before execution, so the filter compiler
 * never sees an oversized filter.
 */
export function useFilterLimits(options: FilterLimitsOptions): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const problem = findProblem(args.document, (args.variableValues ?? {}) as Record<string, unknown>, options);
      if (problem) setResultAndStopExecution({ errors: [problem] });
    },
  };
}

/** A value to measure: a literal of the document, or a variable's JSON value. */
type Pending = { node: ValueNode; depth: number; key?: string } | { json: unknown; depth: number; key?: string };

function findProblem(document: DocumentNode, variables: Record<string, unknown>, limits: FilterLimitsOptions): GraphQLError | undefined {
  const pending: Pending[] = [];
  visit(document, {
    Argument(node) {
      if (node.name.value === 'where') pending.push({ node: node.value, depth: 0 });
    },
  });
  // Iterative, so a hostile nesting cannot exhaust the stack before it is measured.
  while (pending.length > 0) {
    const item = pending.pop()!;
    if ('node' in item) {
      const { node, depth } = item;
      if (node.kind === Kind.VARIABLE) pending.push({ json: variables[node.name.value], depth, key: item.key });
      else if (node.kind === Kind.LIST) {
        if (isInList(item.key) && node.values.length > limits.maxInListLength) return inListError(item.key!, node.values.length, limits);
        for (const value of node.values) pending.push({ node: value, depth });
      } else if (node.kind === Kind.OBJECT) {
        if (depth + 1 > limits.maxFilterDepth) return depthError(limits);
        for (const field of node.fields) pending.push({ node: field.value, depth: depth + 1, key: field.name.value });
      }
    } else {
      const { json, depth } = item;
      if (Array.isArray(json)) {
        if (isInList(item.key) && json.length > limits.maxInListLength) return inListError(item.key!, json.length, limits);
        for (const value of json) pending.push({ json: value, depth });
      } else if (json !== null && typeof json === 'object') {
        if (depth + 1 > limits.maxFilterDepth) return depthError(limits);
        for (const [key, value] of Object.entries(json)) pending.push({ json: value, depth: depth + 1, key });
      }
    }
  }
  return undefined;
}

const isInList = (key: string | undefined) => key !== undefined && key.endsWith('_IN');

function inListError(key: string, length: number, limits: FilterLimitsOptions): GraphQLError {
  return new GraphQLError(`${key} lists ${length} values, more than the limit of ${limits.maxInListLength} (server.limits.maxInListLength).`, {
    extensions: { code: 'FILTER_TOO_LARGE' },
  });
}

function depthError(limits: FilterLimitsOptions): GraphQLError {
  return new GraphQLError(`A where filter nests deeper than the limit of ${limits.maxFilterDepth} levels (server.limits.maxFilterDepth).`, {
    extensions: { code: 'FILTER_TOO_DEEP' },
  });
}
