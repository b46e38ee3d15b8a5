/**
 * What a misbehaving AWS endpoint or a hostile answer can no longer do
 * (issue 10): hang discovery, write outside --out, or let failing accounts
 * starve healthy ones.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { createConnectors } from '../../src/sources/create-connectors.js';
import { createEngine } from '../../src/index.js';
import type { LoadEvent } from '../../src/engine/types.js';
import { snapshotCommand } from '../../src/cli/commands/snapshot.js';
import { credentialReportCsv, startAwsEndpoint, type FakeAccountInput } from '../support/aws-endpoint/index.js';
import { useSdkEnvironment } from '../support/aws-endpoint/sdk-env.js';
import { captureIO } from '../checks/helpers.js';
import { BASE_KEY, FAST, MANAGEMENT } from './fixtures.js';

const ORGANIZATION = { connectors: [{ discover: 'organization' }] };
const account = (id: string, name = `Account ${id}`): FakeAccountInput => ({ id, name, credentialReport: credentialReportCsv(id, {}) });

async function withOrganization<T>(accounts: FakeAccountInput[], options: { paging?: 'normal' | 'endless' | 'circular' }, run: (endpoint: Awaited<ReturnType<typeof startAwsEndpoint>>) => Promise<T>): Promise<T> {
  const endpoint = await startAwsEndpoint({ accounts: [{ ...account(MANAGEMENT, 'Management'), accessKeyId: BASE_KEY }, ...accounts], managementAccountId: MANAGEMENT, pageSize: 20, paging: options.paging });
  const restore = useSdkEnvironment({ endpointUrl: endpoint.url, accessKeyId: BASE_KEY });
  try {
    return await run(endpoint);
  } finally {
    restore();
    await endpoint.close();
  }
}

const discover = () => createConnectors(parseConfig(ORGANIZATION, { baseDir: process.cwd() }), { awsTiming: FAST });

describe('Organization discovery against a misbehaving endpoint', () => {
  it('stops paging that never ends, with an error', async () => {
    await withOrganization([], { paging: 'endless' }, async (endpoint) => {
      await expect(discover()).rejects.toMatchObject({ code: 'PaginationRunaway', message: expect.stringContaining('more than 2000 pages') });
      expect(endpoint.count('ListAccounts')).toBe(2000);
    });
  });

  it('stops paging that comes back to a token it gave before', async () => {
    await withOrganization([account('222222222222')], { paging: 'circular' }, async () => {
      await expect(discover()).rejects.toMatchObject({ code: 'PaginationRunaway', message: expect.stringContaining('NextToken came back twice') });
    });
  });

  it('refuses an account id that is not 12 digits, and snapshot writes nothing outside --out', async () => {
    await withOrganization([account('../../escaped')], {}, async () => {
      await expect(discover()).rejects.toMatchObject({ code: 'AccountListMalformed', message: expect.stringContaining('not 12 digits: "../../escaped"') });
      const root = mkdtempSync(path.join(tmpdir(), 'assetql-escape-'));
      const out = path.join(root, 'a', 'b', 'out');
      const config = path.join(root, 'assetql.config.yaml');
      (await import('node:fs')).writeFileSync(config, 'connectors:\n  - discover: organization\n');
      const io = captureIO();
      expect(await snapshotCommand({ config, out }, io, { awsTiming: FAST })).toBe(2);
      expect(io.err).toContain('AccountListMalformed');
      expect(existsSync(path.join(root, 'escaped'))).toBe(false);
      expect(existsSync(path.join(out, '..', '..', 'escaped'))).toBe(false);
    });
  });
});

describe('accounts that keep failing', () => {
  it('do not hold the account slots while they back off, so a healthy account is read first', async () => {
    const failing = Array.from({ length: 13 }, (_, i) => `3${String(i).padStart(11, '0')}`);
    await withOrganization([...failing.map((id) => account(id)), account('999999999999', 'Healthy')], {}, async (endpoint) => {
      for (const id of failing) endpoint.addFault({ account: id, error: "Throttling" });
      const events: LoadEvent[] = [];
      // 15 accounts through 2 slots; the healthy one is discovered last. Throttled accounts retry until their deadline.
      const engine = await createEngine({ config: { ...ORGANIZATION, concurrency: 2 }, onLoad: (event) => events.push(event), awsTiming: { ...FAST, callDeadlineMs: 1_500 } });
      try {
        expect(engine.connectors.map((c) => c.id).at(-1)).toBe('999999999999');
        const result = await engine.query('{ iamPasswordPolicies { accountId isDefault } }');
        expect(result.errors?.flatMap((e) => (e.extensions?.connectors as unknown[]) ?? [])).toHaveLength(13);
        const healthyDone = events.findIndex((e) => e.connector === '999999999999' && e.state === 'done' && e.data === 'iam/get-account-password-policy');
        const firstFailure = events.findIndex((e) => e.state === 'failed');
        expect(healthyDone).toBeGreaterThanOrEqual(0);
        expect(healthyDone).toBeLessThan(firstFailure);
      } finally {
        await engine.close();
      }
    });
  });
});
