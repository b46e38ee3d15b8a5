import { afterAll, describe, expect, it } from 'vitest';
import { ConnectorError, createEngine } from '../../src/index.js';
import { createServer } from '../../src/server/index.js';
import type { LoadEvent } from '../../src/engine/types.js';
import { DOCUMENTED_QUERY, EXAMPLES_CONFIG, codeConnector, firstError, post } from './support.js';

describe('the GraphQL endpoint over HTTP', async () => {
  const engine = await createEngine({ config: EXAMPLES_CONFIG });
  const server = createServer(engine);
  afterAll(() => engine.close());

  it('runs the documented query verbatim, AssetFragment supplied by the server', async () => {
    const result = await post(server, DOCUMENTED_QUERY);
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      data: {
        rootUsers: [
          { connector: { __typename: 'Connector', id: 'staging', name: 'example-staging', accountId: '345678901234', provider: 'aws' } },
          { connector: { __typename: 'Connector', id: 'sandbox', name: 'Sandbox', accountId: '456789012345', provider: 'aws' } },
        ],
      },
    });
  });

  it('takes variables and operation names', async () => {
    const result = await post(server, 'query Named($ids: [ID!]) { connectors(where: { id_IN: $ids }) { id } }', { variables: { ids: ['sandbox'] } });
    expect(result.body).toEqual({ data: { connectors: [{ id: 'sandbox' }] } });
  });

  it('answers a misspelt filter with a validation error, never an unfiltered list', async () => {
    const result = await post(server, '{ iamUsers(where: { nmae: "x" }) { id } }');
    expect(result.body.data).toBeUndefined();
    expect(firstError(result)).toMatch(/nmae/);
  });

  it('refuses batched requests', async () => {
    const response = await server.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ connectors { id } }' }, { query: '{ connectors { id } }' }]),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).not.toContain('"data"');
  });

  it('sends no CORS headers, so other origins cannot read answers', async () => {
    const response = await server.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ query: '{ connectors { id } }' }),
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses POST bodies a foreign page could send without a preflight', async () => {
    const response = await server.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'query=mutation%20%7B%20runChecks%20%7B%20summary%20%7B%20fail%20%7D%20%7D%20%7D',
    });
    expect(response.status).toBe(415);
  });

  it('refuses mutations over GET', async () => {
    const response = await server.fetch(`http://localhost/graphql?query=${encodeURIComponent('mutation { runChecks { summary { fail } } }')}`);
    expect(response.status).toBe(405);
  });

  it('answers only requests addressed to a loopback name when no token is set (DNS rebinding)', async () => {
    expect((await post(server, '{ connectors { id } }', { url: 'http://127.0.0.1:4000/graphql' })).status).toBe(200);
    const rebound = await post(server, '{ connectors { id } }', { url: 'http://evil.example:4000/graphql' });
    expect(rebound.status).toBe(403);
    expect(firstError(rebound)).toBe('host "evil.example" is not served here');
  });
});

describe('GraphiQL', async () => {
  const engine = await createEngine({ config: EXAMPLES_CONFIG });
  const server = createServer(engine);
  afterAll(() => engine.close());

  it('is served to browsers at /graphql, with every asset from this server', async () => {
    const response = await server.fetch('http://localhost/graphql', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('YogaGraphiQL.renderYogaGraphiQL');
    expect(html).toContain('rootUsers(');
    expect(html).not.toMatch(/https?:\/\//);
    for (const asset of html.matchAll(/(?:src|href)="([^"]+)"/g)) {
      const assetResponse = await server.fetch(`http://localhost${asset[1]}`);
      expect(assetResponse.status, asset[1]).toBe(200);
      expect(assetResponse.headers.get('content-type')).toMatch(/javascript|css|icon/);
    }
  });

  it('answers 404 to any other asset name, prototype keys included, without a stack or a path', async () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'nope.js']) {
      const response = await server.fetch(`http://localhost/graphql/graphiql/${name}`);
      expect(response.status, name).toBe(404);
      expect(await response.text()).not.toMatch(/at |\/|node_modules|Error/);
    }
  });

  it('can be turned off', async () => {
    const headless = createServer(engine, { graphiql: false });
    const response = await headless.fetch('http://localhost/graphql', { headers: { accept: 'text/html' } });
    expect(await response.text()).not.toContain('renderYogaGraphiQL');
  });
});

describe('health and readiness', () => {
  it('/healthz says the process is up; /readyz that it can serve requests', async () => {
    const engine = await createEngine({ config: EXAMPLES_CONFIG });
    const server = createServer(engine);
    expect((await server.fetch('http://localhost/healthz')).status).toBe(200);
    const ready = await server.fetch('http://localhost/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.text()).toBe('ready\n');
    await engine.close();
  });

  it('/readyz never reads an account and names none: an unreadable one is an error in results, not in the probe', async () => {
    let identityLoads = 0;
    const engine = await createEngine({
      connectors: [
        codeConnector('present', [], { identify: async () => void (identityLoads += 1) }),
        { ...codeConnector('gone', []), identify: () => ((identityLoads += 1), Promise.reject(new ConnectorError('gone', 'NetworkError', 'no route to account'))) },
      ],
      storedChecks: false,
    });
    const server = createServer(engine);
    for (let probe = 0; probe < 3; probe += 1) {
      const ready = await server.fetch('http://localhost/readyz');
      expect(ready.status).toBe(200);
      expect(await ready.text()).toBe('ready\n');
    }
    expect(identityLoads).toBe(0);
    expect(firstError(await post(server, '{ connectors { id name } }'))).toMatch(/gone.*no route to account/);
    await engine.close();
  });
});

describe('errors', () => {
  const broken = () => ({ ...codeConnector('broken', []), identify: async () => null as never });

  it('are masked outside development: no stack, no internals', async () => {
    const engine = await createEngine({ connectors: [broken()], storedChecks: false });
    const result = await post(createServer(engine), '{ connectors { id accountId } }');
    expect(result.body.errors).toHaveLength(1);
    expect(firstError(result)).toBe('Unexpected error.');
    expect(JSON.stringify(result.body)).not.toMatch(/stack|TypeError|\.ts:|node_modules/);
  });

  it('carry their detail in development', async () => {
    const engine = await createEngine({ connectors: [broken()], storedChecks: false });
    const result = await post(createServer(engine, { development: true }), '{ connectors { id accountId } }');
    expect(JSON.stringify(result.body)).toMatch(/TypeError/);
  });

  it('about account data pass through, naming the account', async () => {
    const engine = await createEngine({
      connectors: [{ ...codeConnector('denied', []), read: () => Promise.reject(new ConnectorError('denied', 'AccessDenied', 'GetCredentialReport: AccessDenied')) }],
      storedChecks: false,
    });
    const result = await post(createServer(engine), '{ iamUsers { id } }');
    expect(firstError(result)).toMatch(/denied.*AccessDenied/);
  });
});

describe('account data across requests', () => {
  it('is loaded once for a burst of requests (TTL cache), and once per request at most (DataLoader)', async () => {
    const starts: LoadEvent[] = [];
    const engine = await createEngine({
      connectors: [codeConnector('one', ['alice']), codeConnector('two', ['bob'])],
      cacheTtlMs: 60_000,
      storedChecks: false,
      onLoad: (event) => event.state === 'start' && starts.push(event),
    });
    const server = createServer(engine);
    const burst = await Promise.all(Array.from({ length: 10 }, () => post(server, '{ iamUsers { name } rootUsers { name } connectors { id } }')));
    expect(burst.every((result) => result.body.errors === undefined)).toBe(true);
    const reportLoads = starts.filter((event) => event.data === 'iam/get-credential-report').map((event) => event.connector);
    expect(reportLoads.sort()).toEqual(['one', 'two']);
    await engine.close();
  });
});
