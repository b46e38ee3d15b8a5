import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load } from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import { createServer } from '../../src/server/index.js';
import { DOCUMENTED_QUERY, firstError, post } from './support.js';

const ACCOUNTS = path.resolve(import.meta.dirname, '../../examples/accounts');

/** A config like the examples', with its own check folder and exceptions file in a temp dir. */
function workspace() {
  const dir = mkdtempSync(path.join(tmpdir(), 'assetql-check-api-'));
  mkdirSync(path.join(dir, 'checks'));
  writeFileSync(
    path.join(dir, 'exceptions.yaml'),
    'exceptions:\n  - check: api-root-access-key\n    connector: sandbox\n    owner: platform-team\n    reason: break-glass key, rotated monthly\n    expires: 2099-01-01\n',
  );
  const config = {
    connectors: ['production', 'staging', 'sandbox'].map((id) => ({ id, provider: 'aws' as const, snapshot: path.join(ACCOUNTS, id) })),
    checks: ['./checks'],
    exceptions: './exceptions.yaml',
  };
  return { dir, config, checksDir: path.join(dir, 'checks') };
}

const REGISTER = `mutation Register($input: CheckInput!) {
  registerCheck(input: $input) { id title severity subjects expect returnPath compliance { framework controls } }
}`;

const RUN = `mutation Run($checks: [ID!], $connectors: [ID!], $now: String) {
  runChecks(checks: $checks, connectors: $connectors, now: $now) {
    summary { now checks connectors results pass fail error waived findings exitCode staleExceptions { check connector } }
    results {
      check connector status error
      findings { resource name accountId type severity message value exception { state owner reason expires source } }
    }
  }
}`;

const CHECK = {
  id: 'api-root-access-key',
  title: 'Root user has no active access key',
  severity: 'critical',
  subjects: ['RootUser'],
  query: DOCUMENTED_QUERY,
  expect: 'eq []',
  returnPath: 'connector',
  compliance: [{ framework: 'cis-aws-foundations-v3.0.0', controls: ['1.4'] }],
};

describe('the check API', async () => {
  const { dir, config, checksDir } = workspace();
  const engine = await createEngine({ config, baseDir: dir });
  const server = createServer(engine);
  afterAll(() => engine.close());

  it('lists the bundled checks, typed', async () => {
    const result = await post(server, '{ checks { id severity compliance { framework controls } } }');
    const checks = result.body.data?.checks as { id: string; severity: string }[];
    expect(checks.map((c) => c.id)).toContain('aws-root-users-with-access-key');
    expect(checks.every((c) => ['critical', 'high', 'medium', 'low', 'info'].includes(c.severity))).toBe(true);
  });

  it('registers a check, stores it in the check folder, then runs it with the config exceptions', async () => {
    const registered = await post(server, REGISTER, { variables: { input: CHECK } });
    expect(registered.body).toEqual({
      data: {
        registerCheck: {
          id: 'api-root-access-key',
          title: 'Root user has no active access key',
          severity: 'critical',
          subjects: ['RootUser'],
          expect: 'eq []',
          returnPath: 'connector',
          compliance: [{ framework: 'cis-aws-foundations-v3.0.0', controls: ['1.4'] }],
        },
      },
    });
    const file = path.join(checksDir, 'api-root-access-key.yaml');
    expect(load(readFileSync(file, 'utf8'))).toMatchObject({ id: 'api-root-access-key', query: DOCUMENTED_QUERY, compliance: { 'cis-aws-foundations-v3.0.0': ['1.4'] } });

    const fetched = await post(server, '{ check(id: "api-root-access-key") { id query } }');
    expect(fetched.body.data).toEqual({ check: { id: 'api-root-access-key', query: DOCUMENTED_QUERY } });

    const run = await post(server, RUN, { variables: { checks: ['api-root-access-key'], now: '2026-01-01T00:00:00Z' } });
    expect(run.body.errors).toBeUndefined();
    const { summary, results } = (run.body.data as { runChecks: { summary: Record<string, unknown>; results: Record<string, unknown>[] } }).runChecks;
    expect(summary).toEqual({ now: '2026-01-01T00:00:00.000Z', checks: 1, connectors: 3, results: 3, pass: 1, fail: 1, error: 0, waived: 1, findings: 1, exitCode: 1, staleExceptions: [] });
    expect(results.map((r) => [r.connector, r.status])).toEqual([
      ['production', 'PASS'],
      ['staging', 'FAIL'],
      ['sandbox', 'WAIVED'],
    ]);
    expect(results[1].findings).toEqual([
      {
        resource: '345678901234',
        name: 'example-staging',
        accountId: '345678901234',
        type: 'Connector',
        severity: 'critical',
        // The wording is the runner's; the finding must name the account.
        message: expect.stringContaining('example-staging'),
        value: { __typename: 'Connector', id: 'staging', name: 'example-staging', accountId: '345678901234', provider: 'aws' },
        exception: null,
      },
    ]);
    expect(results[2].findings).toMatchObject([
      { resource: '456789012345', exception: { state: 'active', owner: 'platform-team', reason: 'break-glass key, rotated monthly', expires: '2099-01-01T00:00:00.000Z' } },
    ]);
  });

  it('stores it as `check add` does: a new engine on the same config loads it', async () => {
    await post(server, REGISTER, { variables: { input: { ...CHECK, id: 'api-stored-check' } } });
    const reopened = await createEngine({ config, baseDir: dir });
    expect(reopened.checks().map((c) => c.id)).toContain('api-stored-check');
    await reopened.close();
  });

  it('answers an invalid check with one error naming every problem, and stores nothing', async () => {
    const input = { ...CHECK, id: 'api-broken', query: '{ iamUsers(where: { nmae: "x" }) { id } }', expect: 'equals nothing', returnPath: 'owner' };
    const result = await post(server, REGISTER, { variables: { input } });
    expect(result.body.data ?? null).toBeNull();
    const [error] = result.body.errors ?? [];
    expect(error.extensions?.code).toBe('INVALID_CHECK');
    const fields = (error.extensions?.problems as { field: string }[]).map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['query', 'expect']));
    expect(error.message).toMatch(/query: .*nmae/);
    expect(existsSync(path.join(checksDir, 'api-broken.yaml'))).toBe(false);
  });

  it('refuses an id that is already registered', async () => {
    const result = await post(server, REGISTER, { variables: { input: { ...CHECK, id: 'aws-root-users-with-access-key' } } });
    expect(firstError(result)).toMatch(/id: "aws-root-users-with-access-key" is already defined/);
  });

  it('checks the severity by its type', async () => {
    const result = await post(server, REGISTER, { variables: { input: { ...CHECK, id: 'api-urgent', severity: 'urgent' } } });
    expect(firstError(result)).toMatch(/"urgent".*Severity/);
  });

  it('answers an unknown check, connector or clock with an error naming it', async () => {
    expect(firstError(await post(server, RUN, { variables: { checks: ['no-such-check'] } }))).toMatch(/no check "no-such-check" is registered/);
    expect(firstError(await post(server, RUN, { variables: { connectors: ['nowhere'] } }))).toMatch(/no connector "nowhere" is configured/);
    expect(firstError(await post(server, RUN, { variables: { now: 'yesterday' } }))).toMatch(/"yesterday" is not an ISO-8601 date or timestamp/);
  });
});
