import { createServer as createHttpServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import { buildServer } from '../../src/server/create-server.js';
import { withHotPath } from '../../src/server/hot-path.js';
import type { ServerOptions } from '../../src/server/index.js';
import { codeConnector, DOCUMENTED_QUERY, EXAMPLES_CONFIG } from './support.js';

const TOKEN = 'correct-horse-battery-staple-0123';

/**
 * The server as `startServer` listens with it (the hot path in front of
 * graphql-yoga), over real HTTP, counting the requests that reach the pipeline.
 */
async function listen(engine: Parameters<typeof buildServer>[0], options: ServerOptions = {}) {
  const { server, hotPath } = buildServer(engine, { graphiql: false, ...options });
  if (!hotPath) throw new Error('no hot path');
  let piped = 0;
  const http = createHttpServer(withHotPath((request, response) => ((piped += 1), server(request, response)), hotPath));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`;
  const send = async (body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
    return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
  };
  const close = () => new Promise<void>((resolve) => (http.close(() => resolve()), http.closeAllConnections()));
  return { url, send, piped: () => piped, close };
}

/** The same request through graphql-yoga's pipeline alone (a server of its own, no socket). */
async function viaPipeline(engine: Parameters<typeof buildServer>[0], body: unknown) {
  const { server } = buildServer(engine, { graphiql: false });
  const response = await server.fetch('http://127.0.0.1/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

describe('the hot path in front of the pipeline', async () => {
  const engine = await createEngine({ config: EXAMPLES_CONFIG, storedChecks: false });
  const served = await listen(engine);
  afterAll(async () => (await served.close(), await engine.close()));

  it('answers a query the pipeline has run and the engine accepted, byte for byte as the pipeline did', async () => {
    const first = await served.send({ query: DOCUMENTED_QUERY });
    expect(served.piped()).toBe(1);
    expect(JSON.parse(first.text).data.rootUsers).toHaveLength(2);
    for (let again = 0; again < 3; again++) expect(await served.send({ query: DOCUMENTED_QUERY })).toEqual(first);
    expect(served.piped()).toBe(1);
  });

  it('takes the variables and operation name of each request', async () => {
    const query = 'query Named($ids: [ID!]) { connectors(where: { id_IN: $ids }) { id } }';
    const before = served.piped();
    expect(JSON.parse((await served.send({ query, variables: { ids: ['sandbox'] }, operationName: 'Named' })).text)).toEqual({ data: { connectors: [{ id: 'sandbox' }] } });
    expect(JSON.parse((await served.send({ query, variables: { ids: ['staging'] }, operationName: 'Named' })).text)).toEqual({ data: { connectors: [{ id: 'staging' }] } });
    expect(served.piped()).toBe(before + 1);
  });

  it('hands variables the engine refuses to the pipeline, which answers 400 as it would have', async () => {
    const query = 'query Ids($ids: [ID!]) { connectors(where: { id_IN: $ids }) { id } }';
    await served.send({ query, variables: { ids: ['sandbox'] } });
    const before = served.piped();
    const body = { query, variables: { ids: Array.from({ length: 1001 }, (_, i) => `id${i}`) } };
    const accept = { accept: 'application/graphql-response+json, application/json' };
    const refused = await served.send(body, accept);
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text).errors[0].extensions.code).toBe('FILTER_TOO_LARGE');
    expect(await served.send(body)).toEqual(await viaPipeline(engine, body));
    expect(served.piped()).toBe(before + 2);
  });

  it('leaves documents the engine refused, bodies it does not know and other requests to the pipeline', async () => {
    const deep = `{ connectors { ${'connector { '.repeat(12)}id${' }'.repeat(12)} } }`;
    const before = served.piped();
    for (let again = 0; again < 2; again++) expect(JSON.parse((await served.send({ query: deep })).text).errors[0].extensions.code).toBe('QUERY_TOO_DEEP');
    expect((await served.send([{ query: DOCUMENTED_QUERY }])).status).toBe(400);
    expect((await served.send({ query: DOCUMENTED_QUERY, extensions: {} })).status).toBe(200);
    expect((await served.send('{"query": ')).status).toBe(400);
    expect((await fetch(`${served.url}?query=${encodeURIComponent('{ connectors { id } }')}`)).status).toBe(200);
    expect(served.piped()).toBe(before + 6);
  });

  it('refuses a known query addressed to a foreign host (403) or sent as a form (415), through the pipeline', async () => {
    await served.send({ query: DOCUMENTED_QUERY });
    const before = served.piped();
    const foreign = await new Promise<number>((resolve, reject) => {
      const body = JSON.stringify({ query: DOCUMENTED_QUERY });
      const request = httpRequest(served.url, { method: 'POST', headers: { host: 'rebound.example', 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      request.end(body);
    });
    expect(foreign).toBe(403);
    expect((await served.send({ query: DOCUMENTED_QUERY }, { 'content-type': 'text/plain' })).status).toBe(415);
    expect(served.piped()).toBe(before + 2);
  });
});

describe('the hot path keeps the server limits', () => {
  it('refuses a known query without the token (401), and answers it with the token', async () => {
    const engine = await createEngine({ config: EXAMPLES_CONFIG, storedChecks: false });
    const served = await listen(engine, { token: TOKEN, allowedHosts: '*' });
    const bearer = { authorization: `Bearer ${TOKEN}` };
    const answer = await served.send({ query: DOCUMENTED_QUERY }, bearer);
    expect(answer.status).toBe(200);
    expect((await served.send({ query: DOCUMENTED_QUERY })).status).toBe(401);
    expect((await served.send({ query: DOCUMENTED_QUERY }, { authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    expect(served.piped()).toBe(3);
    expect(await served.send({ query: DOCUMENTED_QUERY }, bearer)).toEqual(answer);
    expect(served.piped()).toBe(3);
    await served.close();
    await engine.close();
  });

  it('refuses a known query in a body over maxBodyBytes (413)', async () => {
    const engine = await createEngine({ config: EXAMPLES_CONFIG, storedChecks: false });
    const served = await listen(engine, { limits: { maxBodyBytes: 400 } });
    expect((await served.send({ query: DOCUMENTED_QUERY })).status).toBe(200);
    const padded = `{"query": ${JSON.stringify(DOCUMENTED_QUERY)}${' '.repeat(400)}}`;
    expect((await served.send(padded)).status).toBe(413);
    expect(served.piped()).toBe(2);
    await served.close();
    await engine.close();
  });

  it('answers a known query that outlasts the timeout with the TIMEOUT error, without running it twice', async () => {
    let slow = false;
    let identities = 0;
    const never = new Promise<void>(() => {});
    const connector = codeConnector('slow', [], { identify: () => ((identities += 1), slow ? never : Promise.resolve()) });
    const engine = await createEngine({ connectors: [connector], storedChecks: false });
    const served = await listen(engine, { limits: { timeout: 50 } });
    expect((await served.send({ query: '{ connectors { id } }' })).status).toBe(200);
    slow = true;
    const before = identities;
    const timedOut = JSON.parse((await served.send({ query: '{ connectors { id } }' })).text);
    expect(timedOut.errors[0].message).toBe('Execution timed out after 50ms (server.limits.timeout).');
    expect(timedOut.errors[0].extensions.code).toBe('TIMEOUT');
    expect(identities).toBe(before + 1);
    await served.close();
    await engine.close();
  });

  it("masks a known query's errors as the pipeline does", async () => {
    let failing = false;
    const connector = codeConnector('flaky', [], {
      onCredentialReport: () => {
        if (failing) throw new Error('EACCES: /home/someone/.aws/reports/flaky.csv');
      },
    });
    const engine = await createEngine({ connectors: [connector], storedChecks: false });
    const served = await listen(engine);
    const query = '{ rootUsers { id } }';
    expect((await served.send({ query })).status).toBe(200);
    failing = true;
    const viaHotPath = await served.send({ query });
    expect(viaHotPath.text).not.toContain('/home/someone');
    expect(JSON.parse(viaHotPath.text).errors[0].message).toBe('Unexpected error.');
    expect(viaHotPath).toEqual(await viaPipeline(engine, { query }));
    await served.close();
    await engine.close();
  });
});
