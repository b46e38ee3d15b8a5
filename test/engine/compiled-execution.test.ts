import fc from 'fast-check';
import { isNonNullType, type GraphQLInputObjectType } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import { assetql } from '../support/cli.js';
import { csv, regionsFile, row, writeConfigText, writeSnapshot } from '../support/credential-report.js';
import { iamFiles } from '../support/iam-snapshot.js';
import { networkFiles } from '../support/network-snapshot.js';
import { loggingFiles } from '../support/logging-snapshot.js';
import { storageFiles } from '../support/storage-snapshot.js';
import { graphqlLiteral as literal, whereValue } from '../support/where-arbitrary.js';


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
  files: { ...regionsFile(), ...loggingFiles('123456789012', ['us-east-1', 'eu-west-1']), ...iamFiles(['u-alpha', 'u-beta', "o'brien, pat", 'u-gamma']), ...networkFiles(['us-east-1', 'eu-west-1']), ...storageFiles(['us-east-1', 'eu-west-1']) },
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
  awsRegions: '{ id name optInStatus enabled inScope connector { id } }',
};

describe('compiled execution', async () => {
  const compiled = await createEngine({ config, now: NOW, storedChecks: false });
  const interpreted = await createEngine({ config, now: NOW, storedChecks: false, execution: 'interpreted' });
  afterAll(() => Promise.all([compiled.close(), interpreted.close()]));

  it.each(Object.keys(ROOTS))('gives the same results as graphql-js for random %s filters, as variables and as literals', async (root) => {
    const type = compiled.schema.getQueryType()!.getFields()[root].args.find((arg) => arg.name === 'where')!.type as GraphQLInputObjectType;
    const asVariable = `query($w: ${type.name}) { ${root}(where: $w) ${ROOTS[root]} }`;
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constant(null), whereValue(type, 3)), async (where) => {
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
    // Refused by the filter-depth limit before anything recurses over it.
    expect(result.errors?.[0].message).toMatch(/nests deeper than the limit|nest too deeply/);
  });
});

describe('a variable of any generated where type', () => {
  it('runs in a process whose memory is capped, instead of aborting it', async () => {
    // graphql-jit 0.8.9 grew the process without bound compiling such a variable (exit 134).
    const engine = await createEngine({ connectors: [], storedChecks: false });
    // Every root field a where alone can ask (a view with a required argument needs more).
    const roots = Object.values(engine.schema.getQueryType()!.getFields()).filter((field) => field.args.some((arg) => arg.name === 'where') && field.args.every((arg) => arg.name === 'where' || !isNonNullType(arg.type) || arg.defaultValue !== undefined));
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
