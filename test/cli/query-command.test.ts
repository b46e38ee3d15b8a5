import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, assetql } from '../support/cli.js';
import { csv, row, writeConfigText, writeSnapshot } from '../support/credential-report.js';

const FIXTURES = path.join(PROJECT_ROOT, 'test/fixtures/accounts');
const DOCUMENTED_QUERY = '{ rootUsers(where: { hasIAMUserCredentials: { OR: [{ accessKey1Active: true }, { accessKey2Active: true }] } }) { connector { ...AssetFragment } } }';

describe('assetql query', () => {
  it('runs the documented query verbatim with ./assetql.config.yaml', async () => {
    const { code, stdout, stderr } = await assetql(['query', DOCUMENTED_QUERY], { cwd: FIXTURES });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const ids = JSON.parse(stdout).data.rootUsers.map((r: { connector: { id: string } }) => r.connector.id);
    expect(ids).toEqual(['key1-active', 'key2-active']);
  });

  it('reads @file documents, --var variables, --now and --connector', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'assetql-doc-'));
    writeFileSync(path.join(dir, 'q.graphql'), 'query($since: DateTime) { iamUsers(where: { hasIAMUserCredentials: { accessKey1Active: true, accessKey1LastRotated_LT: $since } }) { name } }');
    const args = ['query', `@${path.join(dir, 'q.graphql')}`, '--config', path.join(FIXTURES, 'assetql.config.yaml'), '--var', 'since=now-900d', '--now', '2024-06-15T00:00:00Z'];
    const all = await assetql(args);
    expect(JSON.parse(all.stdout).data.iamUsers).toEqual([{ name: 'bob' }]);
    const scoped = await assetql([...args, '--connector', 'clean']);
    expect(JSON.parse(scoped.stdout).data.iamUsers).toEqual([]);
  });

  it.each([
    ['an invalid query', ['query', '{ rootUsers(where: { accessKey1Active: true }) { arn } }', '--config', path.join(FIXTURES, 'assetql.config.yaml')], /assetql: 1:22: Field "accessKey1Active" is not defined by type "RootUserWhere"/],
    ['an unknown config key', ['query', '{ connectors { id } }', '--config', writeConfigText('connectors:\n  - { id: a, provider: aws, snapshot: x, region: eu-west-1 }\n')], /connectors\[0\]\.region: unknown key/],
    ['a missing snapshot folder', ['query', '{ connectors { id } }', '--config', writeConfigText('connectors:\n  - { id: a, provider: aws, snapshot: ./missing }\n')], /assetql\.config\.yaml:2:\d+: connectors\[0\]\.snapshot: \.\/missing is not a folder/],
    ['a short CSV row', ['query', '{ iamUsers { name } }', '--config', writeConfigText(`connectors:\n  - { id: a, provider: aws, snapshot: ${JSON.stringify(writeSnapshot({ csv: csv([row({ user: '<root_account>' }), row({ user: 'x' }).slice(1)]) }))} }\n`)], /credential-report\.csv line 3: expected 22 fields, found 21/],
    ['a bad --now', ['query', '{ connectors { id } }', '--config', path.join(FIXTURES, 'assetql.config.yaml'), '--now', 'yesterday'], /--now "yesterday": expected an ISO-8601 date or timestamp/],
    ['a bad --var', ['query', '{ connectors { id } }', '--config', path.join(FIXTURES, 'assetql.config.yaml'), '--var', 'oops'], /--var oops: expected name=value/],
    ['a missing @file', ['query', '@nope.graphql', '--config', path.join(FIXTURES, 'assetql.config.yaml')], /nope\.graphql: no such file/],
  ])('exits 2 with a clear message on %s', async (_name, args, message) => {
    const { code, stderr } = await assetql(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});

describe('where assetql query prints what', () => {
  it.each([
    ['an invalid query', '{ rootUsers(where: { accessKey1Active: true }) { arn } }', /^assetql: 1:22: Field "accessKey1Active" is not defined by type "RootUserWhere"/],
    ['an unreadable account', '{ iamUsers { name } }', /^assetql: .*connector a: .* has no snapshot\.json, sts\/get-caller-identity\.json or credential-report\.csv/],
  ])('%s: the errors on stderr only, nothing on stdout', async (_name, document, message) => {
    const config = writeConfigText('connectors:\n  - { id: a, provider: aws, snapshot: . }\n');
    const { code, stdout, stderr } = await assetql(['query', document, '--config', config]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });

  it('a result without errors: the data on stdout, nothing on stderr', async () => {
    const { code, stdout, stderr } = await assetql(['query', '{ connectors { id } }', '--config', path.join(FIXTURES, 'assetql.config.yaml'), '--connector', 'clean']);
    expect([code, stderr]).toEqual([0, '']);
    expect(JSON.parse(stdout)).toEqual({ data: { connectors: [{ id: 'clean' }] } });
  });
});

describe('assetql schema', () => {
  it('prints the full SDL with the generated where inputs', async () => {
    const { code, stdout } = await assetql(['schema']);
    expect(code).toBe(0);
    expect(stdout).toContain('interface Asset {');
    expect(stdout).toContain('input IAMUserCredentialsWhere {');
    expect(stdout).toContain('accessKey2Active_NOT_IN: [Boolean]');
  });
});

describe('the package', () => {
  it('imports by its name without side effects: no output, nothing left running', () => {
    // Inside the package folder, Node resolves `assetql` through package.json "exports", as a consumer would.
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', "const m = await import('assetql'); console.log(Object.keys(m).includes('createEngine'))"], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 10_000 });
    expect(child.stderr).toBe('');
    expect(child.stdout).toBe('true\n');
    expect(child.status).toBe(0);
  });
});
