import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dump } from 'js-yaml';
import type { ExecutionResult } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { CheckValidationError, OptionError, createEngine, type AssetqlEngine } from '../../src/index.js';
import { DEFAULT_DOCUMENT_LIMITS } from '../../src/engine/limits.js';
import { PROJECT_ROOT, assetql } from '../support/cli.js';

const EXAMPLES = path.join(PROJECT_ROOT, 'examples');
const ACCOUNTS = path.join(EXAMPLES, 'accounts');

/** A config of the example accounts in its own folder, with a check folder. */
function workspace(extra: Record<string, unknown> = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'assetql-limits-'));
  mkdirSync(path.join(dir, 'checks'));
  const config = {
    connectors: ['production', 'staging', 'sandbox'].map((id) => ({ id, provider: 'aws', snapshot: path.join(ACCOUNTS, id) })),
    checks: ['./checks'],
    ...extra,
  };
  const file = path.join(dir, 'assetql.config.yaml');
  writeFileSync(file, dump(config));
  return { dir, file, checks: path.join(dir, 'checks') };
}

const refused = (result: ExecutionResult, code: string, limit: string) => {
  expect(result.data ?? undefined).toBeUndefined();
  const [error] = result.errors ?? [];
  expect(error?.extensions).toMatchObject({ code, limit });
  expect(error?.message).toContain(`(${limit})`);
};

const aliases = (count: number) => `{ connectors { ${Array.from({ length: count }, (_, i) => `a${i}: id`).join(' ')} } }`;
/** 1,000 distinct patterns of 39 characters each, as the red team sent in one 39 kB request. */
const manyPatterns = Array.from({ length: 1_000 }, (_, i) => `{ name_MATCHES: "(?i)[a-z]{2,30}-${String(i).padStart(4, '0')}-(x|y|z)+[0-9]{3}" }`).join(' ');

describe('document limits, in the engine', async () => {
  const engine = await createEngine({ config: path.join(EXAMPLES, 'assetql.config.yaml') });
  afterAll(() => engine.close());

  it('refuse 3,300 copies of one field before validation compares them pairwise', async () => {
    refused(await engine.query(`{ connectors { ${'id '.repeat(3_300)}} }`), 'QUERY_TOO_LARGE', 'server.limits.maxSelections');
  });

  it('count selections in fragments too, even one defined before the operation', async () => {
    const fragment = `fragment Many on Connector { ${'id '.repeat(DEFAULT_DOCUMENT_LIMITS.maxSelections)}}`;
    refused(await engine.query(`${fragment} { connectors { ...Many } }`), 'QUERY_TOO_LARGE', 'server.limits.maxSelections');
  });

  it('refuse many _MATCHES patterns in one document, before compiling them', async () => {
    refused(await engine.query(`{ iamUsers(where: { OR: [${manyPatterns}] }) { id } }`), 'REGEX_TOO_LARGE', 'server.limits.maxRegexLength');
  });

  it('refuse a short pattern whose RE2 program is large (counted repetition), and leave one that fits matching as before', async () => {
    const result = await engine.query('{ iamUsers(where: { name_MATCHES: "\\\\pL{1000}" }) { id } }');
    refused(result, 'REGEX_TOO_LARGE', 'server.limits.maxRegexSize');
    expect(await engine.query('{ iamUsers(where: { name_MATCHES: "(?i)CHEN\\\\..*" }) { name } }')).toEqual({ data: { iamUsers: [{ name: 'chen.wei' }] } });
  });

  it('bound patterns passed as variables, alone or inside a where variable', async () => {
    const large = '\\pL{1000}';
    refused(await engine.query('query($re: Regex) { iamUsers(where: { name_MATCHES: $re }) { id } }', { re: large }), 'REGEX_TOO_LARGE', 'server.limits.maxRegexSize');
    const long = 'a'.repeat(DEFAULT_DOCUMENT_LIMITS.maxRegexLength + 1);
    refused(
      await engine.query('query($w: IAMUserWhere) { iamUsers(where: $w) { id } }', { w: { hasIAMUserCredentials: { arn_MATCHES: long } } }),
      'REGEX_TOO_LARGE',
      'server.limits.maxRegexLength',
    );
  });

  it('bound patterns and lists written as variable defaults', async () => {
    refused(await engine.query('query($re: Regex = "\\\\pL{1000}") { iamUsers(where: { name_MATCHES: $re }) { id } }'), 'REGEX_TOO_LARGE', 'server.limits.maxRegexSize');
    const names = JSON.stringify(Array.from({ length: DEFAULT_DOCUMENT_LIMITS.maxInListLength + 1 }, (_, i) => `u${i}`));
    refused(await engine.query(`query($names: [String] = ${names}) { iamUsers(where: { name_IN: $names }) { id } }`), 'FILTER_TOO_LARGE', 'server.limits.maxInListLength');
  });

  it('bound _IN lists passed as variables, as only the server did', async () => {
    const names = Array.from({ length: DEFAULT_DOCUMENT_LIMITS.maxInListLength + 1 }, (_, i) => `u${i}`);
    refused(await engine.query('query($names: [String]) { iamUsers(where: { name_IN: $names }) { id } }', { names }), 'FILTER_TOO_LARGE', 'server.limits.maxInListLength');
  });

  it('refuse a stored check the request limits would refuse: registerCheck lists the limit as a problem', () => {
    const register = () =>
      engine.registerCheck({ id: 'many-aliases', title: 'Too many aliases', severity: 'low', query: aliases(560), expect: 'eq []' });
    expect(register).toThrow(CheckValidationError);
    expect(register).toThrow(/query: Aliases limit of 30 exceeded, found 560 \(server\.limits\.maxAliases\)/);
    expect(engine.checks().map((check) => check.id)).not.toContain('many-aliases');
  });
});

describe('document limits, configured', () => {
  it('come from the config `server.limits` and the `limits` engine option, for queries and checks alike', async () => {
    const { file } = workspace({ server: { limits: { maxAliases: 600, maxSelections: 600 } } });
    const fromConfig = await createEngine({ config: file });
    expect((await fromConfig.query(aliases(560))).errors).toBeUndefined();
    expect(() => fromConfig.registerCheck({ id: 'many-aliases', title: 'Many aliases', severity: 'low', query: aliases(560), expect: 'eq []' })).not.toThrow();
    await fromConfig.close();

    const fromOption = await createEngine({ config: file, limits: { maxAliases: 2 } });
    refused(await fromOption.query(aliases(3)), 'QUERY_TOO_LARGE', 'server.limits.maxAliases');
    await fromOption.close();
  });

  it('refuse a value that is not a whole number in range, naming it', async () => {
    await expect(createEngine({ config: path.join(EXAMPLES, 'assetql.config.yaml'), limits: { maxDepth: 0 } })).rejects.toThrow(OptionError);
    await expect(createEngine({ config: path.join(EXAMPLES, 'assetql.config.yaml'), limits: { maxSelections: 1.5 } })).rejects.toThrow(/limits\.maxSelections: expected a whole number of at least 1, found 1\.5/);
  });
});

describe('stored checks over the limits', () => {
  let engine: AssetqlEngine | undefined;
  afterAll(() => engine?.close());

  it('are problems of their file: runChecks refuses to run instead of executing them', async () => {
    const { file, checks } = workspace();
    writeFileSync(path.join(checks, 'many-aliases.yaml'), dump({ id: 'many-aliases', title: 'Too many aliases', severity: 'low', query: aliases(560), expect: 'eq []' }));
    engine = await createEngine({ config: file });
    const error = await engine.runChecks().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckValidationError);
    expect((error as Error).message).toMatch(/many-aliases\.yaml:\d+:\d+: query: Aliases limit of 30 exceeded, found 560 \(server\.limits\.maxAliases\)/);
  });
});

describe('the command line applies the same limits', () => {
  it('assetql query exits 2 naming the limit', async () => {
    const { code, stdout, stderr } = await assetql(['query', '--config', path.join(EXAMPLES, 'assetql.config.yaml'), `{ connectors { ${'id '.repeat(3_300)}} }`]);
    expect(code).toBe(2);
    expect(stdout).toBe(''); // no data: nothing on stdout, the errors on stderr
    expect(stderr).toMatch(/more than the limit of 250 \(server\.limits\.maxSelections\)/);
  });

  it('assetql check validate and check add refuse a check over them, and add stores nothing', async () => {
    const { dir, file, checks } = workspace();
    const check = path.join(dir, 'many-aliases.yaml');
    writeFileSync(check, dump({ id: 'many-aliases', title: 'Too many aliases', severity: 'low', query: aliases(560), expect: 'eq []' }));

    const validate = await assetql(['check', 'validate', '--config', file, check]);
    expect(validate.code).toBe(2);
    expect(validate.stderr).toMatch(/query: Aliases limit of 30 exceeded, found 560 \(server\.limits\.maxAliases\)/);

    const add = await assetql(['check', 'add', '--config', file, check]);
    expect(add.code).toBe(2);
    expect(add.stderr).toMatch(/server\.limits\.maxAliases/);
    expect(existsSync(path.join(checks, 'many-aliases.yaml'))).toBe(false);
  });
});
