import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { parseDuration } from '../config/duration.js';
import { parseInstant } from '../time/instant.js';

/**
 * A DateTime as written in a filter: an absolute instant, or an offset from
 * the evaluation clock (`now-90d`). Resolved when the filter is compiled,
 * against the one clock of the query or run.
 */
export type DateTimeInput = { kind: 'absolute'; ms: number } | { kind: 'relative'; offsetMs: number };

const DATE_MATH = /^now(?:([+-])(\d+[smhdw]))?$/;

export function parseDateTimeInput(text: string): DateTimeInput {
  const math = DATE_MATH.exec(text.trim());
  if (math) {
    const offset = math[2] ? parseDuration(math[2])! : 0;
    return { kind: 'relative', offsetMs: math[1] === '-' ? -offset : offset };
  }
  const ms = parseInstant(text);
  if (Number.isNaN(ms)) {
    throw new GraphQLError(`DateTime cannot represent "${text}": use ISO-8601 (2024-01-31T00:00:00Z) or date math (now, now-90d, now-12h; units s, m, h, d, w)`);
  }
  return { kind: 'absolute', ms };
}

export function resolveDateTime(input: DateTimeInput, nowMs: number): number {
  return input.kind === 'absolute' ? input.ms : nowMs + input.offsetMs;
}

/** Milliseconds of a stored timestamp (ISO text or Date); NaN when absent or unreadable. */
export function timestampMs(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string') return parseInstant(value);
  return NaN;
}

export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An ISO-8601 timestamp; in filters also date math relative to the evaluation clock (now, now-90d).',
  serialize(value) {
    const ms = timestampMs(value);
    if (Number.isNaN(ms)) throw new GraphQLError(`DateTime cannot represent ${JSON.stringify(value)}`);
    return new Date(ms).toISOString();
  },
  parseValue(value) {
    if (typeof value !== 'string') throw new GraphQLError(`DateTime cannot represent a non-string value: ${JSON.stringify(value)}`);
    return parseDateTimeInput(value);
  },
  parseLiteral(ast: ValueNode) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string: an ISO-8601 timestamp or date math like "now-90d"', { nodes: ast });
    return parseDateTimeInput(ast.value);
  },
});
