/**
 * Connections an Organization scan opens: one pool for every account, so
 * each account reuses the connection the last one left idle instead of a
 * TCP (on AWS, also TLS) handshake of its own per account and service.
 * Counted by a TCP relay between the SDK and the loopback endpoint.
 */
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { createConnectors } from '../../src/sources/create-connectors.js';
import { startAwsEndpoint, type AwsEndpoint } from '../support/aws-endpoint/index.js';
import { useSdkEnvironment } from '../support/aws-endpoint/sdk-env.js';
import { BASE_KEY, FAST, MANAGEMENT, iamValues, organizationAccounts } from './fixtures.js';

describe('connections of an Organization scan', () => {
  let endpoint: AwsEndpoint;
  let relay: Server;
  let connections = 0;
  const open = new Set<Socket>();
  let restoreEnv: () => void;

  beforeAll(async () => {
    endpoint = await startAwsEndpoint({ accounts: organizationAccounts(), managementAccountId: MANAGEMENT });
    const target = new URL(endpoint.url);
    relay = createServer((client) => {
      connections++;
      const upstream = createConnection({ host: target.hostname, port: Number(target.port) });
      open.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    restoreEnv = useSdkEnvironment({ endpointUrl: `http://127.0.0.1:${(relay.address() as AddressInfo).port}`, accessKeyId: BASE_KEY });
  });
  afterAll(async () => {
    restoreEnv();
    // Kept-alive connections would hold the relay open.
    for (const socket of open) socket.destroy();
    await new Promise((resolve) => relay.close(resolve));
    await endpoint.close();
  });

  it('reuses connections across accounts: one account after another need not open one each', async () => {
    const connectors = await createConnectors(parseConfig({ connectors: [{ discover: 'organization' }] }, { baseDir: process.cwd() }), { awsTiming: FAST });
    expect(connectors.length).toBeGreaterThanOrEqual(4);
    endpoint.resetCalls();
    for (const connector of connectors) await iamValues(connector).accountSummary();
    // GetCallerIdentity and ListAccounts pages, then per member account AssumeRole and GetAccountSummary: all in sequence.
    expect(endpoint.count('GetAccountSummary')).toBe(connectors.length);
    expect(connections).toBe(1);
  });
});
