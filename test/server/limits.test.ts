import { getIntrospectionQuery } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import { DEFAULT_LIMITS, createServer } from '../../src/server/index.js';
import { DOCUMENTED_QUERY, EXAMPLES_CONFIG, codeConnector, firstError, post, type HttpResult } from './support.js';

const ok = (result: HttpResult) => {
  expect(result.body.errors, JSON.stringify(result.body.errors)).toBeUndefined();
  expect(result.status).toBe(200);
};

const rejected = (result: HttpResult, message: RegExp) => {
  expect(result.body.data ?? undefined).toBeUndefined();
  expect(firstError(result)).toMatch(message);
};

/** `where: { NOT: { NOT: ... { name: "x" } } }` with `levels` objects in all. */
const nestedNot = (levels: number) => `${'{ NOT: '.repeat(levels - 1)}{ name: "x" }${' }'.repeat(levels - 1)}`;
const nestedNotJson = (levels: number): Record<string, unknown> => (levels === 1 ? { name: 'x' } : { NOT: nestedNotJson(levels - 1) });

describe('default limits', async () => {
  const engine = await createEngine({ config: EXAMPLES_CONFIG });
  const server = createServer(engine);
  afterAll(() => engine.close());

  describe('leave normal use alone', () => {
    it('the documented query', async () => ok(await post(server, DOCUMENTED_QUERY)));

    it('a 20-clause OR filter', async () => {
      const clauses = Array.from({ length: 20 }, (_, i) => `{ name: "user-${i}", hasIAMUserCredentials: { accessKey1Active: true } }`).join(' ');
      ok(await post(server, `{ iamUsers(where: { OR: [${clauses}] }) { ...AssetFragment } }`));
    });

    it('the stale-access-key catalogue query', async () => {
      ok(
        await post(
          server,
          `{ iamUsers(where: { hasIAMUserCredentials: { OR: [
              { accessKey1Active: true, accessKey1LastRotated_LT: "now-90d" }
              { accessKey2Active: true, accessKey2LastRotated_LT: "now-90d" } ] } }) {
            ...AssetFragment hasIAMUserCredentials { accessKey1LastRotated accessKey2LastRotated reportGeneratedAt raw { user } } connector { ...AssetFragment } } }`,
        ),
      );
    });

    it("GraphiQL's introspection query", async () => ok(await post(server, getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }))));

    it('an _IN list of the maximum length, inline and as a variable', async () => {
      const names = Array.from({ length: DEFAULT_LIMITS.maxInListLength }, (_, i) => `user-${i}`);
      ok(await post(server, `{ iamUsers(where: { name_IN: ${JSON.stringify(names)} }) { id } }`));
      ok(await post(server, 'query($names: [String]) { iamUsers(where: { name_IN: $names }) { id } }', { variables: { names } }));
    });
  });

  describe('reject what is over them, naming the limit', () => {
    it('depth', async () => {
      const deep = `{ connectors { ${'connector { '.repeat(11)}id${' }'.repeat(11)} } }`;
      rejected(await post(server, deep), /Query depth limit of 10 exceeded/);
    });

    it('aliases', async () => {
      const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: id`).join(' ');
      rejected(await post(server, `{ connectors { ${aliases} } }`), /Aliases limit of 30 exceeded/);
    });

    it('tokens', async () => {
      const result = await post(server, `{ connectors { ${'id '.repeat(10_000)}} }`);
      rejected(result, /Token limit of 10000 exceeded \(server\.limits\.maxTokens\)/);
    });

    it('cost', async () => {
      // Well within depth, aliases and tokens; each repeated field still costs.
      const fields = `id name accountId provider ${'connector { id name accountId provider } '.repeat(6)}`;
      const query = `{ iamUsers { ${`hasIAMUserCredentials { user } connector { ${fields} } `.repeat(50)}} }`;
      rejected(await post(server, query), /Query Cost limit of 5000 exceeded/);
    });

    it('request body size', async () => {
      const result = await post(server, `{ connectors { id } } # ${'x'.repeat(DEFAULT_LIMITS.maxBodyBytes)}`);
      expect(result.status).toBe(413);
      expect(firstError(result)).toMatch(/too large/i);
    });

    it('_IN list length, inline and as a variable', async () => {
      const names = Array.from({ length: DEFAULT_LIMITS.maxInListLength + 1 }, (_, i) => `user-${i}`);
      rejected(await post(server, `{ iamUsers(where: { name_IN: ${JSON.stringify(names)} }) { id } }`), /name_IN lists 1001 values, more than the limit of 1000 \(server\.limits\.maxInListLength\)/);
      rejected(
        await post(server, 'query($names: [String]) { iamUsers(where: { name_NOT_IN: $names }) { id } }', { variables: { names } }),
        /name_NOT_IN lists 1001 values/,
      );
      rejected(await post(server, 'query($w: IAMUserWhere) { iamUsers(where: $w) { id } }', { variables: { w: { OR: [{ name_IN: names }] } } }), /name_IN lists 1001/);
    });

    it('filter nesting, inline and as a variable', async () => {
      ok(await post(server, `{ iamUsers(where: ${nestedNot(10)}) { id } }`));
      rejected(await post(server, `{ iamUsers(where: ${nestedNot(11)}) { id } }`), /nests deeper than the limit of 10 levels \(server\.limits\.maxFilterDepth\)/);
      rejected(await post(server, 'query($w: IAMUserWhere) { iamUsers(where: $w) { id } }', { variables: { w: nestedNotJson(11) } }), /nests deeper than the limit of 10/);
    });

    it('selections, before validation compares same-named fields pairwise (3,300 copies of one field)', async () => {
      const result = await post(server, `{ connectors { ${'id '.repeat(3_300)}} }`);
      rejected(result, /3301 selections, more than the limit of 250 \(server\.limits\.maxSelections\)/);
      expect(result.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_LARGE');
    });

    it('_MATCHES patterns, inline and as variables (1,000 patterns in one request, or one with a large program)', async () => {
      const patterns = Array.from({ length: 1_000 }, (_, i) => `{ name_MATCHES: "(?i)[a-z]{2,30}-${i}-(x|y|z)+[0-9]{3}" }`).join(' ');
      rejected(await post(server, `{ iamUsers(where: { OR: [${patterns}] }) { id } }`), /more than the limit of 500 \(server\.limits\.maxRegexLength\)/);
      rejected(
        await post(server, 'query($re: Regex) { iamUsers(where: { name_MATCHES: $re }) { id } }', { variables: { re: '\\pL{1000}' } }),
        /limit of 1000 instructions together .*\(server\.limits\.maxRegexSize\)/,
      );
    });

    it('answer a refused document with 400, as a validation error is', async () => {
      expect((await post(server, `{ connectors { ${'id '.repeat(300)}} }`)).status).toBe(400);
      expect((await post(server, '{ connectors { nmae } }')).status).toBe(400);
    });

    it('a hostile nesting thousands deep, without exhausting the stack', async () => {
      // Written by hand: JSON.stringify itself would overflow on it.
      const where = `${'{"NOT":'.repeat(5_000)}{"name":"x"}${'}'.repeat(5_000)}`;
      const response = await server.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"query":"query($w: IAMUserWhere) { iamUsers(where: $w) { id } }","variables":{"w":${where}}}`,
      });
      expect(firstError({ status: response.status, headers: response.headers, body: await response.json() })).toMatch(/nests deeper/);
      // Whether graphql-js's parser runs out of stack on it first depends on how warm it is: either refusal names the nesting.
      rejected(await post(server, `{ iamUsers(where: ${nestedNot(2_400)}) { id } }`), /nests too deeply to parse|nests deeper than the limit/);
    });
  });
});

describe('configured limits', () => {
  it('come from the config `server.limits`, and options override them', async () => {
    const engine = await createEngine({
      config: { connectors: [{ id: 'a', provider: 'aws', snapshot: 'accounts/sandbox' }], server: { limits: { maxAliases: 1, maxFilterDepth: 2 } } },
      baseDir: 'examples',
      storedChecks: false,
    });
    const fromConfig = createServer(engine);
    rejected(await post(fromConfig, '{ connectors { a: id b: id } }'), /Aliases limit of 1 exceeded/);
    rejected(await post(fromConfig, `{ iamUsers(where: ${nestedNot(3)}) { id } }`), /limit of 2 levels/);
    ok(await post(fromConfig, '{ connectors { a: id } }'));
    const overridden = createServer(engine, { limits: { maxAliases: 5 } });
    ok(await post(overridden, '{ connectors { a: id b: id } }'));
    await engine.close();
  });

  it('options raise them for requests, while checks registered through the server keep the engine limits', async () => {
    const engine = await createEngine({ config: EXAMPLES_CONFIG });
    const server = createServer(engine, { limits: { maxAliases: 100 } });
    const query = `{ connectors { ${Array.from({ length: 40 }, (_, i) => `a${i}: id`).join(' ')} } }`;
    ok(await post(server, query));
    const register = await post(server, 'mutation($input: CheckInput!) { registerCheck(input: $input) { id } }', {
      variables: { input: { id: 'forty-aliases', title: 'Forty aliases', severity: 'low', query, expect: 'eq []' } },
    });
    expect(register.body.errors?.[0]?.extensions?.code).toBe('INVALID_CHECK');
    expect(firstError(register)).toMatch(/query: Aliases limit of 30 exceeded, found 40 \(server\.limits\.maxAliases\)/);
    await engine.close();
  });

  it('out of range are refused when the server is created', async () => {
    const engine = await createEngine({ config: EXAMPLES_CONFIG, storedChecks: false });
    expect(() => createServer(engine, { limits: { timeout: 0 } })).toThrow(/limits\.timeout: expected milliseconds, more than 0 and at most 3600000 \(1h\), found 0/);
    expect(() => createServer(engine, { limits: { timeout: 30 * 86_400_000 } })).toThrow(/limits\.timeout/);
    expect(() => createServer(engine, { limits: { maxAliases: -1 } })).toThrow(/limits\.maxAliases: expected a whole number of at least 0/);
    await engine.close();
  });

  it('a request that outlasts the timeout gets an error, not a hung connection', async () => {
    const never = new Promise<void>(() => {});
    const engine = await createEngine({ connectors: [codeConnector('slow', [], { identify: () => never })], storedChecks: false });
    const server = createServer(engine, { limits: { timeout: 50 } });
    const result = await post(server, '{ connectors { id } }');
    rejected(result, /Execution timed out after 50ms \(server\.limits\.timeout\)/);
    expect(result.body.errors?.[0]?.extensions?.code).toBe('TIMEOUT');
  });
});

describe('the bundled catalogue under the default limits', async () => {
  const engine = await createEngine({ config: EXAMPLES_CONFIG });
  const server = createServer(engine);
  afterAll(() => engine.close());

  it('runs every stored check query over HTTP, as stored (braces left out where they are)', async () => {
    const checks = engine.checks();
    expect(checks.length).toBeGreaterThan(5);
    for (const check of checks) {
      const result = await post(server, check.query);
      expect(result.body.errors, `${check.id}: ${JSON.stringify(result.body.errors)}`).toBeUndefined();
      expect(JSON.stringify({ query: check.query }).length).toBeLessThan(DEFAULT_LIMITS.maxBodyBytes / 10);
    }
  });
});
