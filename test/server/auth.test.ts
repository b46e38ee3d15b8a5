import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import { OptionError } from '../../src/index.js';
import { createServer, startServer } from '../../src/server/index.js';
import { EXAMPLES_CONFIG, firstError, post } from './support.js';

const TOKEN = 'correct-horse-battery-staple-0123';

describe('with a token configured', async () => {
  const engine = await createEngine({ config: EXAMPLES_CONFIG });
  const server = createServer(engine, { token: TOKEN });
  afterAll(() => engine.close());

  it('answers 401 without the token', async () => {
    const result = await post(server, '{ connectors { id } }');
    expect(result.status).toBe(401);
    expect(result.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(firstError(result)).toMatch(/missing bearer token/);
    expect(result.body.data).toBeUndefined();
  });

  it('answers 401 with a wrong token, or one of another length', async () => {
    for (const wrong of [TOKEN.replace(/.$/, 'x'), 'short', `${TOKEN}-and-more`]) {
      const result = await post(server, '{ connectors { id } }', { headers: { authorization: `Bearer ${wrong}` } });
      expect(result.status).toBe(401);
      expect(firstError(result)).toBe('invalid bearer token');
    }
  });

  it('answers 401 to other schemes', async () => {
    const result = await post(server, '{ connectors { id } }', { headers: { authorization: `Basic ${Buffer.from(`user:${TOKEN}`).toString('base64')}` } });
    expect(result.status).toBe(401);
  });

  it('answers with data when the token is sent', async () => {
    const result = await post(server, '{ connectors { id } }', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ data: { connectors: [{ id: 'production' }, { id: 'staging' }, { id: 'sandbox' }] } });
  });

  it('serves any host name: the token, not the address, guards the API', async () => {
    const result = await post(server, '{ connectors { id } }', { url: 'http://assetql.internal:4000/graphql', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(result.status).toBe(200);
  });

  it('still serves the probes and the GraphiQL page (no data in them) without it', async () => {
    expect((await server.fetch('http://localhost/healthz')).status).toBe(200);
    expect((await server.fetch('http://localhost/readyz')).status).toBe(200);
    expect((await server.fetch('http://localhost/graphql', { headers: { accept: 'text/html' } })).status).toBe(200);
  });

  it('protects GET queries too', async () => {
    const response = await server.fetch(`http://localhost/graphql?query=${encodeURIComponent('{ connectors { id } }')}`);
    expect(response.status).toBe(401);
  });
});

describe('the token from the config', () => {
  it('is used when no option names one', async () => {
    const engine = await createEngine({ config: { connectors: [{ id: 'a', provider: 'aws', snapshot: 'accounts/sandbox' }], server: { token: TOKEN } }, baseDir: 'examples', storedChecks: false });
    const server = createServer(engine);
    expect((await post(server, '{ connectors { id } }')).status).toBe(401);
    expect((await post(server, '{ connectors { id } }', { headers: { authorization: `bearer ${TOKEN}` } })).status).toBe(200);
    await engine.close();
  });
});

describe('a token', () => {
  it('needs 16 visible characters wherever it comes from: createServer and startServer refuse it before serving', async () => {
    const engine = await createEngine({ config: EXAMPLES_CONFIG, storedChecks: false });
    for (const token of ['x', 'fifteen-chars-1', 'correct horse battery staple', 'tab\there-and-more-chars']) {
      expect(() => createServer(engine, { token }), token).toThrow(OptionError);
      await expect(startServer(engine, { token, host: '0.0.0.0', port: 0 })).rejects.toThrow(/^token: (at least 16 characters|only visible ASCII characters)/);
    }
    expect(() => createServer(engine, { token: 'x' })).toThrow('token: at least 16 characters (found 1)');
    expect(() => createServer(engine, { token: TOKEN })).not.toThrow();
    await engine.close();
  });
});
