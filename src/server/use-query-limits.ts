import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { Plugin } from 'graphql-yoga';

export interface QueryLimitsOptions {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
}

/**
 * Depth, alias and cost limits from graphql-armor, checked at validation.
 * Its token limit is left off: the engine's parser enforces `maxTokens`
 * (a second parse function would replace the engine's). Field suggestions
 * stay on: the schema is public through introspection anyway, and they help
 * the user who misspells a filter.
 */
export function useQueryLimits(options: QueryLimitsOptions): Plugin {
  return EnvelopArmorPlugin({
    maxDepth: { n: options.maxDepth, ignoreIntrospection: true },
    maxAliases: { n: options.maxAliases },
    costLimit: { maxCost: options.maxCost, ignoreIntrospection: true },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }) as Plugin;
}
