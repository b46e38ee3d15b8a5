import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import { assetql } from '../support/cli.js';
import { csv, row, writeConfigText, writeSnapshot } from '../support/credential-report.js';

const NAMES = ['u-alpha', 'u-beta', "o'brien, pat", 'u-gamma', '<root_account>'];
const DATES = ['2023-01-01T00:00:00Z', '2024-01-01T00:00:00+00:00', '2024-06-01', 'now', 'now-90d', 'now-2w', 'now+1d'];
const STRINGS = [...NAMES, 'us-east-1', 's3', 'u-', 'a', '', 'Production', '123456789012', 'arn:aws:iam::123456789012:user/u-alpha'];
const PATTERNS = ['u-.*', '(?i)U-ALPHA', '.*', 'us-(east|west)-1', '[0-9]{12}'];

const dir = writeSnapshot({
  csv: csv([
    row({ user: '<root_account>', mfa_active: 'true', access_key_1_active: 'true', access_key_1_last_rotated: '2023-05-01T00:00:00+00:00' }),
    row({
      user: 'u-alpha', password_enabled: 'true', password_last_used: '2024-06-10T09:00:00+00:00', mfa_active: 'true',
      access_key_1_active: 'true', access_key_1_last_rotated: '2024-01-01T00:00:00+00:00',
      access_key_1_last_used_date: '2024-06-01T00:00:00+00:00', access_key_1_last_used_region: 'us-east-1', access_key_1_last_used_service: 's3',
    }),
    row({ user: 'u-beta', password_enabled: 'true', password_last_used: 'no_information', access_key_1_active: 'true', access_key_1_last_rotated: '2023-01-01T00:00:00+00:00' }),
    row({ user: "o'brien, pat" }),
    row({ user: 'u-gamma', access_key_2_active: 'true', access_key_2_last_rotated: '2024-05-01T00:00:00+00:00' }),
  ]),
  summary: { Users: 4, MFADevices: 1, AccountMFAEnabled: 1, AccountAccessKeysPresent: 1 },
  policy: { MinimumPasswordLength: 12, RequireSymbols: true, ExpirePasswords: false, AllowUsersToChangePassword: true },
});
const config = { connectors: [{ id: 'differential', name: 'Production', provider: 'aws' as const, snapshot: dir }] };
const NOW = '2024-06-15T00:00:00Z';

/** Root field → selection: enough to tell results apart. */
const ROOTS: Record<string, string> = {
  connectors: '{ id name accountId }',
  rootUsers: '{ id hasIAMUserCredentials { accessKey1Active mfaActive } }',
  iamUsers: '{ name hasIAMUserCredentials { passwordLastUsed accessKey1LastRotated raw { passwordLastUsed } } }',
  iamAccountSummaries: '{ id accountAccessKeysPresent hasIAMAccountSummaryItem { key value } }',
  iamPasswordPolicies: '{ id isDefault minimumPasswordLength }',
};

/** Random values of a where input type, drawn from the schema itself (so every generated operator is reachable). */
function whereValue(schema: GraphQLSchema, type: GraphQLInputObjectType, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const fields = Object.values(type.getFields()).filter((field) => depth > 0 || !isInputObjectType(getNamedType(field.type)));
  // A few keys at a time: sibling keys are AND-ed, so many would rarely match anything.
  return fc.subarray(fields, { maxLength: 3 }).chain((chosen) =>
    fc.record(Object.fromEntries(chosen.map((field) => [field.name, inputValue(schema, field.type, depth - 1)]))),
  );
}

function inputValue(schema: GraphQLSchema, type: GraphQLInputType, depth: number): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return inputValue(schema, type.ofType, depth);
  if (isListType(type)) return fc.oneof(fc.constant(null), fc.array(inputValue(schema, type.ofType, depth), { maxLength: 3 }));
  if (isInputObjectType(type)) return fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 4, arbitrary: whereValue(schema, type, depth) });
  if (isEnumType(type)) return fc.constantFrom(...type.getValues().map((value) => value.name));
  if (!isScalarType(type)) throw new Error(`unexpected input type ${String(type)}`);
  const base = type.name.replace(/Equality$/, '');
  const plain = scalarValue(base);
  if (base !== type.name) return fc.oneof(plain, plain.map((eq) => ({ eq })));
  return plain;
}

function scalarValue(scalar: string): fc.Arbitrary<unknown> {
  switch (scalar) {
    case 'Boolean': return fc.oneof(fc.boolean(), fc.constant(null));
    case 'Int': return fc.oneof(fc.integer({ min: -1, max: 30 }), fc.constant(null));
    case 'Float': return fc.oneof(fc.double({ min: -1, max: 30, noNaN: true }), fc.constant(null));
    case 'DateTime': return fc.oneof(fc.constantFrom(...DATES), fc.constant(null));
    case 'Regex': return fc.constantFrom(...PATTERNS);
    case 'String':
    case 'ID': return fc.oneof(fc.constantFrom(...STRINGS), fc.constant(null));
    default: throw new Error(`no generator for scalar ${scalar}`);
  }
}

/** A JSON value as a GraphQL literal. */
function literal(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (typeof value === 'object') return `{ ${Object.entries(value as Record<string, unknown>).map(([key, inner]) => `${key}: ${literal(inner)}`).join(', ')} }`;
  return JSON.stringify(value);
}

describe('compiled execution', async () => {
  const compiled = await createEngine({ config, now: NOW, storedChecks: false });
  const interpreted = await createEngine({ config, now: NOW, storedChecks: false, execution: 'interpreted' });
  afterAll(() => Promise.all([compiled.close(), interpreted.close()]));

  it.each(Object.keys(ROOTS))('gives the same results as graphql-js for random %s filters, as variables and as literals', async (root) => {
    const type = compiled.schema.getQueryType()!.getFields()[root].args.find((arg) => arg.name === 'where')!.type as GraphQLInputObjectType;
    const asVariable = `query($w: ${type.name}) { ${root}(where: $w) ${ROOTS[root]} }`;
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constant(null), whereValue(compiled.schema, type, 3)), async (where) => {
        const asLiteral = `{ ${root}(where: ${literal(where)}) ${ROOTS[root]} }`;
        const reference = await interpreted.query(asVariable, { w: where });
        expect(JSON.parse(JSON.stringify(await compiled.query(asVariable, { w: where })))).toEqual(JSON.parse(JSON.stringify(reference)));
        const literalResult = await compiled.query(asLiteral);
        expect(JSON.parse(JSON.stringify(literalResult))).toEqual(JSON.parse(JSON.stringify(await interpreted.query(asLiteral))));
        // The same filter written inline or passed as a variable selects the same assets.
        if (!reference.errors) expect(literalResult.data).toEqual(reference.data);
      }),
      { numRuns: 60, seed: 20261201 },
    );
  });

  it('answers wrongly typed variables with the same errors as graphql-js', async () => {
    const document = 'query($w: IAMUserWhere) { iamUsers(where: $w) { name } }';
    for (const w of [{ name_IN: [1] }, { hasIAMUserCredentials: { mfaActive: 'yes' } }, { nope: true }, { passwordLastUsed_LT: 'March 7' }]) {
      const [fast, reference] = await Promise.all([compiled.query(document, { w }), interpreted.query(document, { w })]);
      expect(fast.errors?.length).toBeGreaterThan(0);
      expect(fast.errors!.map((error) => error.message)).toEqual(reference.errors!.map((error) => error.message));
    }
  });

  it('reads hostile nesting in a variable as an error, not a crash', async () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 100_000; i++) deep = { NOT: deep };
    const result = await compiled.query('query($w: IAMUserWhere) { iamUsers(where: $w) { name } }', { w: deep });
    expect(result.errors?.[0].message).toMatch(/nest too deeply/);
  });
});

describe('a variable of any generated where type', () => {
  it('runs in a process whose memory is capped, instead of aborting it', async () => {
    // graphql-jit 0.8.9 grew the process without bound compiling such a variable (exit 134).
    const engine = await createEngine({ connectors: [], storedChecks: false });
    const roots = Object.values(engine.schema.getQueryType()!.getFields()).filter((field) => field.args.some((arg) => arg.name === 'where'));
    const variables = roots.map((field, i) => `$w${i}: ${String(field.args.find((arg) => arg.name === 'where')!.type)}`).join(', ');
    const document = `query(${variables}) { ${roots.map((field, i) => `${field.name}(where: $w${i}) { __typename }`).join(' ')} }`;
    const configFile = writeConfig();
    const result = await assetql(['query', '--config', configFile, document], { nodeOptions: ['--max-old-space-size=128'] });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).data.connectors).toEqual([{ __typename: 'Connector' }]);
  });
});

function writeConfig(): string {
  return writeConfigText(`connectors:\n  - id: differential\n    provider: aws\n    snapshot: ${JSON.stringify(dir)}\n`);
}
