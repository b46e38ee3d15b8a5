import { GraphQLError } from 'graphql';
import { maskError as maskUnexpected, type YogaMaskedErrorOpts } from 'graphql-yoga';

/**
 * graphql-yoga's masking (an error meant for users passes, anything else is
 * "Unexpected error.") followed by `clientText` over everything that
 * passes: the message and every string in its extensions.
 */
export function maskErrorFor(clientText: (text: string) => string): YogaMaskedErrorOpts['maskError'] {
  return (error, message, isDev) => {
    const masked = maskUnexpected(error, message, isDev);
    if (!(masked instanceof GraphQLError)) return masked;
    const text = clientText(masked.message);
    const extensions = rewriteStrings(masked.extensions, clientText) as GraphQLError['extensions'];
    // The same error when nothing changed: graphql-yoga logs every error its masking replaced.
    if (text === masked.message && JSON.stringify(extensions) === JSON.stringify(masked.extensions)) return masked;
    return new GraphQLError(text, {
      nodes: masked.nodes,
      source: masked.source,
      positions: masked.positions,
      path: masked.path,
      originalError: masked.originalError,
      extensions,
    });
  };
}

function rewriteStrings(value: unknown, rewrite: (text: string) => string): unknown {
  if (typeof value === 'string') return rewrite(value);
  if (Array.isArray(value)) return value.map((item) => rewriteStrings(item, rewrite));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, rewriteStrings(item, rewrite)]));
  return value;
}
