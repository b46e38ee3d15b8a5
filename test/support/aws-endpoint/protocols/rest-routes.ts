import type { OperationModel, ServiceModel } from '../services.js';

type Segment = { literal: string } | { label: string; greedy: boolean };

/** An operation's http trait (`GET /{Bucket}?policy`), compiled for matching. */
interface Route {
  readonly operation: OperationModel;
  readonly method: string;
  readonly segments: readonly Segment[];
  /** Query literals: a key that must be there, with the value it must have when one is given. */
  readonly query: readonly (readonly [string, string | undefined])[];
  /**
   * A label the operation's input has but its path does not place (S3's
   * `Bucket`, which endpoint rules put in the host, or path-style in the
   * first segment; S3 Control's `AccountId`, a host label).
   */
  readonly hostLabel?: string;
}

/** What a request says about where it goes. */
export interface RouteRequest {
  readonly method: string;
  /** Still percent-encoded. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** The host name's first labels before the endpoint's own (`my-bucket` of `my-bucket.localhost`). */
  readonly virtualHost?: string;
}

export interface RouteMatch {
  readonly operation: OperationModel;
  /** Path labels by member name, percent-decoded. */
  readonly labels: Record<string, string>;
}

/** `x-id=GetObject` is only the JavaScript SDK's way of naming the operation; other clients leave it out. */
const OPTIONAL_QUERY_KEYS = new Set(['x-id']);

const routes = new WeakMap<ServiceModel, Route[]>();

/**
 * The operation whose http trait matches a request: its method, its path
 * segment by segment (labels take one segment, greedy labels the rest), and
 * its query literals. Of several matches the most specific wins (the one
 * with more query literals, then more literal segments: `GET /b?policy` is
 * GetBucketPolicy, not ListObjects), and of equally specific ones one the
 * endpoint serves.
 */
export function matchRoute(service: ServiceModel, request: RouteRequest, served: (operation: string) => boolean): RouteMatch | undefined {
  const parts = splitPath(request.path);
  if (!parts) return undefined;
  const { query } = request;
  let best: { match: RouteMatch; score: number } | undefined;
  for (const route of routesOf(service)) {
    if (route.method !== request.method) continue;
    // A host label comes from the virtual host, else (path-style) from the first segment; an operation without one takes neither.
    if (route.hostLabel === undefined && request.virtualHost !== undefined) continue;
    const fromHost = route.hostLabel === undefined ? undefined : (request.virtualHost ?? parts[0]);
    if (route.hostLabel !== undefined && !fromHost) continue;
    const rest = route.hostLabel !== undefined && request.virtualHost === undefined ? parts.slice(1) : parts;
    const labels = matchSegments(route.segments, rest);
    if (!labels || !matchQuery(route.query, query)) continue;
    if (route.hostLabel !== undefined) labels[route.hostLabel] = fromHost!;
    const score = route.query.filter(([key]) => query.has(key)).length * 1000 + route.segments.filter((s) => 'literal' in s).length * 10 + (served(route.operation.name) ? 1 : 0);
    if (!best || score > best.score) best = { match: { operation: route.operation, labels }, score };
  }
  return best?.match;
}

function routesOf(service: ServiceModel): Route[] {
  let compiled = routes.get(service);
  if (!compiled) {
    compiled = [...service.operations.values()].filter((operation) => operation.http).map(compile);
    routes.set(service, compiled);
  }
  return compiled;
}

function compile(operation: OperationModel): Route {
  const [method, uri] = operation.http!;
  const [pathPart, queryPart = ''] = uri.split('?', 2);
  const segments: Segment[] = pathPart.split('/').filter(Boolean).map((segment) => {
    const label = /^\{([^}+]+)(\+)?\}$/.exec(segment);
    return label ? { label: label[1], greedy: label[2] === '+' } : { literal: segment };
  });
  const queryLiterals = queryPart.split('&').filter(Boolean).map((pair) => {
    const [key, value] = pair.split('=', 2);
    return [key, value] as const;
  });
  const placed = new Set(segments.flatMap((segment) => ('label' in segment ? [segment.label] : [])));
  // S3's Bucket is an http label no path segment places; S3 Control's AccountId is a host label (the `{AccountId}.` host prefix).
  const hostLabel = operation.input.isStructSchema()
    ? [...operation.input.structIterator()].find(([name, member]) => {
        const traits = member.getMergedTraits();
        return (traits.httpLabel && !placed.has(name)) || traits.hostLabel;
      })?.[0]
    : undefined;
  return { operation, method, segments, query: queryLiterals, hostLabel };
}

/** Path segments, percent-decoded; a trailing slash adds none. Undefined for a path that does not decode. */
function splitPath(path: string): string[] | undefined {
  try {
    return path.split('/').filter((segment, index, all) => !(index === 0 && segment === '') && !(index === all.length - 1 && segment === '')).map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

function matchSegments(segments: readonly Segment[], parts: readonly string[]): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index];
    if ('literal' in segment) {
      if (parts[index] !== segment.literal) return undefined;
    } else if (segment.greedy) {
      const rest = parts.slice(index);
      if (rest.length === 0) return undefined;
      labels[segment.label] = rest.join('/');
      return labels;
    } else {
      if (parts[index] === undefined || parts[index] === '') return undefined;
      labels[segment.label] = parts[index];
    }
  }
  return parts.length === segments.length ? labels : undefined;
}

function matchQuery(literals: Route['query'], query: URLSearchParams): boolean {
  return literals.every(([key, value]) => {
    if (!query.has(key)) return OPTIONAL_QUERY_KEYS.has(key);
    return value === undefined || query.get(key) === value;
  });
}
