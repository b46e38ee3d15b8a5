import type { ExecutionResult } from 'graphql';
import { describe, expect, test } from 'vitest';
import { compileCheck } from '../../src/checks/compile.js';
import { renderReport } from '../../src/checks/report/index.js';
import { runChecks, type RunnerEngine } from '../../src/checks/runner.js';
import { createQueryEngine } from '../../src/engine/engine.js';
import type { Connector } from '../../src/sources/connector.js';

/**
 * The runner against an engine stand-in: scalar subjects (`eq true`,
 * `eq false`) that the asset schema's list fields never produce, thrown
 * errors, and the concurrency bound.
 */
const validator = await createQueryEngine({ connectors: [] });

function check(fields: { id: string; expect: string; query?: string }) {
  const { check: compiled, problems } = compileCheck({ title: fields.id, severity: 'medium', query: '{ connectors { id } }', ...fields }, validator);
  if (!compiled) throw new Error(JSON.stringify(problems));
  return compiled;
}

function stubEngine(answer: (connector: string, document: string) => Promise<ExecutionResult> | ExecutionResult, concurrency = 8): RunnerEngine & { inFlight: number; maxInFlight: number } {
  const ids = ['a', 'b', 'c', 'd'];
  const stub = {
    inFlight: 0,
    maxInFlight: 0,
    connectors: ids.map((id) => ({ id }) as Connector),
    config: { concurrency } as RunnerEngine['config'],
    createSession: ({ now }: { now?: Date | string } = {}) => ({ now: new Date(now ?? '2024-06-15T00:00:00Z') }),
    async query(document: string, _variables?: unknown, options?: { connectors?: readonly string[] }) {
      const connector = options!.connectors![0];
      if (document.includes('__typename id name accountId')) {
        return { data: { connectors: [{ __typename: 'Connector', id: connector, name: `Account ${connector}`, accountId: '999999999999' }] } };
      }
      stub.inFlight += 1;
      stub.maxInFlight = Math.max(stub.maxInFlight, stub.inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      try {
        return await answer(connector, document);
      } finally {
        stub.inFlight -= 1;
      }
    },
  };
  return stub as unknown as RunnerEngine & { inFlight: number; maxInFlight: number };
}

describe('scalar subjects', () => {
  test('eq true passes on true; a false subject is one account-level finding', async () => {
    const engine = stubEngine((connector) => ({ data: { compliant: connector !== 'b' } }));
    const report = await runChecks(engine, [check({ id: 'is-compliant', expect: 'eq true' })]);
    expect(report.results.map((r) => r.status)).toEqual(['PASS', 'FAIL', 'PASS', 'PASS']);
    expect(report.results[1].findings).toEqual([
      expect.objectContaining({ resource: '999999999999', name: 'Account b', accountId: '999999999999', value: false, message: expect.stringContaining('expected eq true, got false') }),
    ]);
  });

  test('eq false passes only on false', async () => {
    const engine = stubEngine((connector) => ({ data: { exposed: connector === 'a' ? false : connector === 'b' ? true : null } }));
    const report = await runChecks(engine, [check({ id: 'not-exposed', expect: 'eq false' })], { connectors: ['a', 'b', 'c'] });
    expect(report.results.map((r) => [r.connector, r.status])).toEqual([['a', 'PASS'], ['b', 'FAIL'], ['c', 'FAIL']]);
  });
});

describe('errors', () => {
  test('a query that throws, or returns errors with partial data, is ERROR, never PASS', async () => {
    const engine = stubEngine((connector) => {
      if (connector === 'a') throw Object.assign(new Error('connector a: AccessDenied'), { code: 'AccessDenied' });
      if (connector === 'b') return { data: { items: [] }, errors: [{ message: 'connector b: throttled', extensions: { code: 'ACCOUNT_DATA_UNAVAILABLE', connectors: [{ id: 'b', code: 'Throttling', message: 'throttled' }] } }] } as unknown as ExecutionResult;
      return { data: { items: [] } };
    });
    const report = await runChecks(engine, [check({ id: 'empty', expect: 'eq []' })]);
    expect(report.results.map((r) => [r.connector, r.status, r.errorCode])).toEqual([
      ['a', 'ERROR', 'AccessDenied'],
      ['b', 'ERROR', 'Throttling'],
      ['c', 'PASS', undefined],
      ['d', 'PASS', undefined],
    ]);
    expect(report.results[1].error).toBe('Throttling: connector b: throttled');
    expect(report.summary.exitCode).toBe(2);
  });
});

describe('internal errors', () => {
  test('a fault inside the engine is an internal error, never an unreadable account; exit code 3 wins over 2', async () => {
    const engine = stubEngine((connector) => {
      if (connector === 'a') return { data: null, errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_ERROR' } }] } as unknown as ExecutionResult;
      if (connector === 'b') throw new TypeError("Cannot read properties of undefined (reading 'csv')");
      if (connector === 'c') return { data: null, errors: [{ message: 'connector c: denied', extensions: { code: 'ACCOUNT_DATA_UNAVAILABLE', connectors: [{ id: 'c', code: 'AccessDenied' }] } }] } as unknown as ExecutionResult;
      return { data: { items: [] } };
    });
    const report = await runChecks(engine, [check({ id: 'empty', expect: 'eq []' })]);
    expect(report.results.map((r) => [r.connector, r.status, r.errorCode])).toEqual([
      ['a', 'ERROR', 'INTERNAL_ERROR'],
      ['b', 'ERROR', 'INTERNAL_ERROR'],
      ['c', 'ERROR', 'AccessDenied'],
      ['d', 'PASS', undefined],
    ]);
    expect(report.summary.exitCode).toBe(3);

    const table = renderReport(report, 'table');
    expect(table).toContain("internal error (a fault in assetql, not in the account's data): INTERNAL_ERROR: Unexpected error.");
    expect(table).toContain('internal error (a fault in assetql, not in the account\'s data): INTERNAL_ERROR: Cannot read properties of undefined');
    expect(table).toContain('error: AccessDenied: connector c: denied');
  });
});

describe('concurrency', () => {
  test('no more check-and-account pairs run at once than the bound', async () => {
    const engine = stubEngine(() => ({ data: { items: [] } }));
    const checks = ['one', 'two', 'three'].map((id) => check({ id, expect: 'eq []' }));
    const report = await runChecks(engine, checks, { concurrency: 2 });
    expect(report.results).toHaveLength(12);
    expect(engine.maxInFlight).toBe(2);
    expect(report.results.map((r) => `${r.check}@${r.connector}`).slice(0, 5)).toEqual(['one@a', 'one@b', 'one@c', 'one@d', 'two@a']);
  });
});

describe('memory over many accounts', () => {
  test('each account is let go once its last check ran, while later accounts are still to be checked', async () => {
    const events: string[] = [];
    const engine = stubEngine((connector) => {
      events.push(`query ${connector}`);
      return { data: { items: [] } };
    });
    engine.createSession = () => ({ now: new Date('2024-06-15T00:00:00Z'), release: (connector: string) => void events.push(`release ${connector}`) });
    const checks = ['one', 'two', 'three'].map((id) => check({ id, expect: 'eq []' }));
    const report = await runChecks(engine, checks, { concurrency: 2 });

    expect(events.filter((e) => e.startsWith('release')).sort()).toEqual(['release a', 'release b', 'release c', 'release d']);
    for (const connector of ['a', 'b', 'c', 'd']) {
      expect(events.lastIndexOf(`query ${connector}`)).toBeLessThan(events.indexOf(`release ${connector}`));
    }
    // Not every account held to the end: the first are gone before the last is read.
    expect(events.indexOf('release a')).toBeLessThan(events.indexOf('query d'));
    expect(report.results.map((r) => `${r.check}@${r.connector}`)).toEqual(checks.flatMap((c) => ['a', 'b', 'c', 'd'].map((id) => `${c.definition.id}@${id}`)));
  });
});

describe('who a finding blames', () => {
  test('too many results blames each element; too few blames the account', async () => {
    const engine = stubEngine(() => ({ data: { users: [{ arn: 'arn:aws:iam::1:user/x' }, { arn: 'arn:aws:iam::1:user/y' }] } }));
    const report = await runChecks(engine, [check({ id: 'at-most-one', expect: 'count lte 1' }), check({ id: 'at-least-three', expect: 'count gte 3' })], { connectors: ['a'] });
    const [tooMany, tooFew] = report.results;
    expect(tooMany.findings.map((f) => f.resource)).toEqual(['arn:aws:iam::1:user/x', 'arn:aws:iam::1:user/y']);
    expect(tooFew.findings.map((f) => f.resource)).toEqual(['999999999999']);
    expect(tooFew.findings[0].message).toContain('expected count gte 3');
  });
});
