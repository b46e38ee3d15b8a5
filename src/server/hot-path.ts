import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExecutionResult } from 'graphql';
import type { Engine } from '../engine/types.js';
import type { KnownQueries } from './known-queries.js';
import { bearerCheck } from './use-auth.js';
import { withTimeout } from './use-execution-timeout.js';

export type NodeListener = (request: IncomingMessage, response: ServerResponse) => void;

export interface HotPathOptions {
  /** The engine the server's pipeline executes on (the asset schema with the check API). */
  engine: Engine;
  endpoint: string;
  /** Host names served (as `useHostCheck` is given them), or any. */
  allowedHosts: readonly string[] | '*';
  token: string | undefined;
  maxBodyBytes: number;
  timeout: number;
  /** Queries the pipeline ran and the engine accepted. */
  known: KnownQueries;
  /** Results with errors, handed to the pipeline to mask and answer. */
  answered: WeakMap<object, ExecutionResult>;
}

/** The JSON bodies every client sends; the pipeline's CSRF rule accepts more, and answers those. */
const JSON_BODY = /^application\/json\s*(;\s*charset=utf-8\s*)?$/i;
/** Host names as `new URL` would give them back unchanged; anything else is the pipeline's to judge. */
const PLAIN_HOST = /^([a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * A lean route in front of graphql-yoga for the request a server answers
 * most: a POST of JSON to the GraphQL endpoint carrying a query the
 * pipeline has already run and the engine accepted. It answers that from
 * `node:http` directly (no Fetch Request and Response, no plugin chain),
 * with every safeguard the pipeline applies: it takes only requests the
 * host check, the token and the CSRF rule would let through, with a
 * declared body within `maxBodyBytes`; the engine applies the document and
 * variable limits, as always; the same timeout, and the work is stopped
 * when the time is up or the client goes away. Anything else (other paths
 * and methods, GraphiQL, refusals, a new document, a body it does not
 * recognise) goes to the pipeline untouched, and so does every result with
 * errors, so masking, status codes and logging stay the pipeline's.
 */
export function withHotPath(pipeline: NodeListener, options: HotPathOptions): NodeListener {
  const { engine, endpoint, maxBodyBytes, timeout, known, answered } = options;
  const hosts = options.allowedHosts === '*' ? undefined : new Set(options.allowedHosts.map((host) => host.toLowerCase()));
  const token = options.token === undefined ? undefined : bearerCheck(options.token);

  /** Decided on the headers alone, so the pipeline gets the request untouched when the route is not for it. */
  const takes = (request: IncomingMessage): boolean => {
    const { headers } = request;
    if (request.method !== 'POST' || request.url !== endpoint || headers['transfer-encoding'] !== undefined) return false;
    if (!JSON_BODY.test(headers['content-type'] ?? '')) return false;
    if (headers.accept !== undefined && headers.accept !== '*/*' && headers.accept !== 'application/json') return false;
    const length = Number(headers['content-length']);
    if (!(length > 0 && length <= maxBodyBytes)) return false;
    if (hosts) {
      const host = PLAIN_HOST.exec(headers.host ?? '');
      if (!host || !hosts.has(host[1].toLowerCase())) return false;
    }
    return token === undefined || token(headers.authorization) === 'valid';
  };

  /** The body read here is handed on as a parsed framework body is (graphql-yoga reads `request.body`). */
  const toPipeline = (request: IncomingMessage, response: ServerResponse, body: Buffer) => {
    (request as IncomingMessage & { body?: Buffer }).body = body;
    pipeline(request, response);
  };

  const answer = async (request: IncomingMessage, response: ServerResponse, body: Buffer) => {
    const params = paramsOf(body);
    if (!params || !known.has(params.query, params.operationName)) return toPipeline(request, response, body);
    // What the engine reads of a signal, without an AbortController per request (a few µs each: the largest cost left here).
    const stop = { aborted: false };
    const gone = () => void (stop.aborted = true);
    response.once('close', gone);
    let result: ExecutionResult;
    try {
      const execution = engine.query(params.query, params.variables, { operationName: params.operationName, signal: stop });
      result = await withTimeout(execution, timeout, gone);
    } catch {
      // Not a result: the pipeline runs it again and answers as it answers any failure.
      return toPipeline(request, response, body);
    } finally {
      response.off('close', gone);
    }
    if (response.destroyed) return;
    if (result.errors !== undefined || Object.keys(result).length !== 1) {
      answered.set(request, result);
      return toPipeline(request, response, body);
    }
    const json = JSON.stringify(result);
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
    response.end(json);
  };

  return (request, response) => {
    if (!takes(request)) return pipeline(request, response);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      // Never an unhandled rejection (it would end the process): whatever failed here, the pipeline answers.
      answer(request, response, body).catch(() => (response.headersSent ? response.destroy() : toPipeline(request, response, body)));
    });
  };
}

interface Params {
  query: string;
  operationName: string | undefined;
  variables: Record<string, unknown> | undefined;
}

/** `{ query, operationName?, variables? }` and nothing else, or undefined (then the pipeline judges the body). */
function paramsOf(body: Buffer): Params | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  for (const key in parsed) if (key !== 'query' && key !== 'operationName' && key !== 'variables') return undefined;
  const { query, operationName, variables } = parsed as Record<string, unknown>;
  if (typeof query !== 'string') return undefined;
  if (operationName != null && typeof operationName !== 'string') return undefined;
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
  return { query, operationName: operationName ?? undefined, variables: (variables ?? undefined) as Record<string, unknown> | undefined };
}
