import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import { ListenError, createServer, startServer } from '../../src/server/index.js';
import { isLoopback } from '../../src/server/start-server.js';
import { DOCUMENTED_QUERY, EXAMPLES_CONFIG } from './support.js';

describe('embedding', () => {
  it('mounts in plain node:http as a request listener', async () => {
    const engine = await createEngine({ config: EXAMPLES_CONFIG });
    const http = createHttpServer(createServer(engine));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = http.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: DOCUMENTED_QUERY }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { data: { rootUsers: { connector: { id: string } }[] } };
      expect(body.data.rootUsers.map((r) => r.connector.id)).toEqual(['staging', 'sandbox']);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      await new Promise((resolve) => http.close(resolve));
      await engine.close();
    }
  });
});

describe('startServer', () => {
  it('binds 127.0.0.1 by default and says where', async () => {
    const engine = await createEngine({ config: EXAMPLES_CONFIG });
    const running = await startServer(engine, { port: 0 });
    try {
      expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
      expect((running.http.address() as AddressInfo).address).toBe('127.0.0.1');
      const response = await fetch(running.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ connectors { id } }' }) });
      expect(response.status).toBe(200);
    } finally {
      await running.close();
      await engine.close();
    }
  });

  it('refuses any other address without a token, before binding anything', async () => {
    const engine = await createEngine({ config: EXAMPLES_CONFIG });
    for (const host of ['0.0.0.0', '::', '192.0.2.10']) {
      await expect(startServer(engine, { host, port: 0 })).rejects.toThrow(ListenError);
    }
    await expect(startServer(engine, { host: '0.0.0.0', port: 0 })).rejects.toThrow(/refusing to listen on 0\.0\.0\.0 without a token: set ASSETQL_TOKEN/);
    await engine.close();
  });

  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '::', '10.0.0.1', 'example.com', '127.0.0.1.example.com'].some(isLoopback)).toBe(false);
  });
});
