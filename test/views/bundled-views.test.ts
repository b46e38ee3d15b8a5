/**
 * The bundled views (views/*.yaml) over the three demo accounts at a fixed
 * clock: each names what it finds in one account and nothing in another,
 * its arguments move the answer, and the caller's own `where` narrows it.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type AssetqlEngine } from '../../src/index.js';
import { buildEngineSchema } from '../../src/engine/schema.js';
import { Registry } from '../../src/model/registry.js';
import { loadViews } from '../../src/views/load-views.js';
import { PROJECT_ROOT } from '../support/cli.js';

const CONFIG = path.join(PROJECT_ROOT, 'examples/assetql.config.yaml');
const NOW = '2026-12-01T00:00:00Z';
const PRODUCTION = '210987654321';
const STAGING = '345678901234';
const SANDBOX = '456789012345';

let engine: AssetqlEngine;
beforeAll(async () => {
  engine = await createEngine({ config: CONFIG, now: NOW });
});
afterAll(() => engine.close());

/** What a view call finds: `account: last part of the id`, sorted. */
async function found(call: string): Promise<string[]> {
  const field = call.replace(/\(.*$/s, '');
  const result = await engine.query(`{ ${call} { id accountId } }`);
  expect(result.errors).toBeUndefined();
  return (result.data![field] as { id: string; accountId: string }[]).map((row) => `${row.accountId}: ${row.id.slice(row.id.lastIndexOf('/') + 1)}`).sort();
}

describe('the bundled views', () => {
  it.each([
    // [call, what it finds; every other account has nothing]
    ['AWSIAM1', [`${STAGING}: arn:aws:iam::${STAGING}:root`]],
    ['AWSIAM3', [`${PRODUCTION}: legacy-backup`, `${STAGING}: chen.wei`, `${SANDBOX}: intern-2024`]],
    ['AWSIAM4', [`${PRODUCTION}: legacy-backup`, `${STAGING}: chen.wei`]],
    ['AWS130IAM13', [`${PRODUCTION}: legacy-backup`]],
    ['AWSIAM13', [`${STAGING}: staging`]],
    ['AWSIAM14', [`${STAGING}: staging`, `${SANDBOX}: sandbox`]],
    ['AWSIAM16', [`${STAGING}: staging`]],
    ['AWSIAM8', [`${SANDBOX}: sandbox-everything-s3`]],
    ['AWSIAM20', [`${STAGING}: chen.wei`, `${SANDBOX}: intern-2024`]],
    ['AWS130IAM19', [`${STAGING}: staging-example-com`]],
    ['AWS140IAM20', [`${STAGING}: staging`]],
    ['UnusedAWSIAMRoles', [`${STAGING}: data-migration-2025`]],
    ['AWSRolesWithExternalAccess', [`${PRODUCTION}: OrganizationAccountAccessRole`]],
    ['ExpiringSSLCertificates', [`${STAGING}: staging-example-com`]],
    ['AWSMonitoring(filterPattern: ".*userIdentity.*Root.*")', [`${STAGING}: staging`, `${SANDBOX}: sandbox`]],
    ['AWSLogging1', [`${STAGING}: staging`, `${SANDBOX}: sandbox`]],
    ['AWSLogging4', [`${PRODUCTION}: eu-data-events`, `${PRODUCTION}: management-events`, `${STAGING}: eu-data-events`, `${STAGING}: management-events`, `${SANDBOX}: eu-data-events`]],
    ['AWSLogging5', [`${STAGING}: staging`, `${SANDBOX}: sandbox`]],
    ['EncryptionKeysRotationAWS', [`${PRODUCTION}: 0b1e2c3d-1111-4222-8333-444455556666`, `${PRODUCTION}: 1a2b3c4d-0001-4aaa-8bbb-000000000001`, `${STAGING}: 0b1e2c3d-1111-4222-8333-444455556666`, `${STAGING}: 1a2b3c4d-0001-4aaa-8bbb-000000000001`]],
    ['EncryptionKeysExpiration', [`${PRODUCTION}: 0b1e2c3d-2222-4222-8333-444455556666`, `${STAGING}: 0b1e2c3d-2222-4222-8333-444455556666`]],
  ])('%s', async (call, expected) => {
    expect(await found(call)).toEqual(expected);
  });

  it('take their arguments: a longer window finds fewer unused credentials, a shorter one more', async () => {
    expect(await found('AWSIAM3(days: 45)')).toEqual(await found('AWSIAM3'));
    expect(await found('AWSIAM3(days: 100000)')).toEqual([]);
    expect(await found('AWSIAM1(days: 1)')).toEqual([]);
    // A yearly rotation is long enough at 365 days, not at the default 90.
    expect(await found('EncryptionKeysRotationAWS(days: 365)')).toEqual([`${STAGING}: 0b1e2c3d-1111-4222-8333-444455556666`]);
    // A pattern no metric filter has: production's alarm chain no longer counts.
    expect(await found('AWSMonitoring(filterPattern: "no filter is written like this")')).toEqual([`${PRODUCTION}: production`, `${STAGING}: staging`, `${SANDBOX}: sandbox`]);
    // Looking 400 days ahead, production's certificate (June 2027) expires too.
    expect(await found('ExpiringSSLCertificates(days: 400)')).toEqual([`${PRODUCTION}: www-example-com`, `${STAGING}: staging-example-com`]);
  });

  it('narrow further with the caller\'s where, as any root field of their type', async () => {
    expect(await found('AWSIAM3(where: { accountId: "345678901234" })')).toEqual([`${STAGING}: chen.wei`]);
    expect(await found('AWSIAM14(where: { OR: [{ name: "Sandbox" }, { id: "production" }] })')).toEqual([`${SANDBOX}: sandbox`]);
  });

  it('answer like the bundled check written over them (one meaning, defined once)', async () => {
    const report = await engine.runChecks({ checks: ['aws-iam-users-credentials-unused-45-days'], exceptions: [] });
    const failing = report.results.flatMap((result) => result.findings.map((finding) => finding.resource)).sort();
    const viewed = (await engine.query('{ AWSIAM3(days: 45) { id } }')).data!.AWSIAM3 as { id: string }[];
    expect(failing).toEqual(viewed.map((row) => row.id).sort());
  });

  it('are root fields of the schema, described, with typed arguments and defaults', () => {
    const field = engine.schema.getQueryType()!.getFields().AWSIAM3;
    expect(field.description).toMatch(/unused/);
    expect(field.args.map((arg) => [arg.name, String(arg.type), arg.defaultValue])).toEqual([
      ['days', 'Int', 45],
      ['where', 'IAMUserWhere', undefined],
    ]);
    expect(String(field.type)).toBe('[IAMUser!]!');
  });

  it('pass every check a view of a config folder gets (start-up trusts them on assetql\'s own schema)', async () => {
    const loaded = await loadViews([]);
    expect(loaded.problems).toEqual([]);
    expect(loaded.views.length).toBeGreaterThan(0);
    expect(loaded.views.every((view) => view.bundled)).toBe(true);
    // As a config folder's views: their queries validated, their filters compiled with each argument's default.
    const untrusted = { views: loaded.views.map((view) => ({ ...view, bundled: false })), problems: [] };
    expect(() => buildEngineSchema(new Registry(), [], untrusted)).not.toThrow();
  });
});
