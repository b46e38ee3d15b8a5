/**
 * The module design's promises (issue 11), through a family written the
 * way docs/asset-families.md describes: regional loading, relations across
 * modules, dangling references, no silent nulls, each source loaded once.
 */
import { describe, expect, it } from 'vitest';
import { MODULES, createEngine, defineModule, many, type AssetModule, type LoadEvent } from '../../src/index.js';
import { listAnalyzers } from '../../src/model/access-analyzer/sources.js';
import { csv, regionsFile, row, writeSnapshot } from '../support/credential-report.js';


// The bundled access-analyzer family reads the same source; a family of the same operation shares its declaration.

type Analyzer = { arn: string; name: string; type: string; status: string; findingsOf?: string };

/** A regional family, with relations into the regions family and between its own rows. */
function analyzers(overrides: Partial<AssetModule> = {}): AssetModule {
  return defineModule({
    name: 'test-analyzers',
    sdl: /* GraphQL */ `
      type TestAnalyzer implements Asset {
        id: ID!
        name: String
        arn: String!
        status: String!
        region: String!
        "Another analyzer of the account this one reports to (a reference inside the account: it must resolve)."
        reportsTo: TestAnalyzer
        accountId: String!
        provider: String!
        cloudProvider: String!
        connector: Connector!
      }
      extend type AWSRegion {
        testAnalyzers: [TestAnalyzer!]!
        "A scalar this family adds to another family's type."
        activeAnalyzerCount: Int!
      }
    `,
    sources: [listAnalyzers],
    types: {
      TestAnalyzer: {
        root: 'testAnalyzers',
        description: 'Analyzers, per region in scope.',
        regional: true,
        needs: [listAnalyzers],
        fields: ['id', 'name', 'arn', 'status', 'findingsOf'],
        rows: (view) => (view.value(listAnalyzers) as { analyzers: Analyzer[] }).analyzers.map((a) => ({ id: a.arn, name: a.name, arn: a.arn, status: a.status, findingsOf: a.findingsOf ?? null })),
      },
    },
    relations: {
      AWSRegion: {
        testAnalyzers: many('TestAnalyzer', (region, graph) => graph.index('TestAnalyzer', (a) => a.region as string).get(region.name as string) ?? []),
        activeAnalyzerCount: { to: 'Int', many: false, via: ['TestAnalyzer'], resolve: (region, graph) => (graph.index('TestAnalyzer', (a) => a.region as string).get(region.name as string) ?? []).filter((a) => a.status === 'ACTIVE').length },
      },
      TestAnalyzer: {
        reportsTo: {
          to: 'TestAnalyzer',
          many: false,
          resolve: (analyzer, graph) => {
            if (analyzer.findingsOf === null) return null;
            return graph.index('TestAnalyzer', (a) => a.arn as string).get(analyzer.findingsOf as string)?.[0] ?? graph.dangling(`analyzer ${String(analyzer.arn)} reports to ${String(analyzer.findingsOf)}, which the account does not have`);
          },
        },
      },
    },
    ...overrides,
  });
}

const analyzer = (region: string, name: string, status = 'ACTIVE', findingsOf?: string): Analyzer => ({ arn: `arn:aws:access-analyzer:${region}:123456789012:analyzer/${name}`, name, type: 'ACCOUNT', status, ...(findingsOf ? { findingsOf } : {}) });
const inRegion = (region: string, list: Analyzer[]) => ({ [`regions/${region}/accessanalyzer/list-analyzers.json`]: { analyzers: list } });

async function engineFor(files: Record<string, unknown>, options: { regions?: string[]; modules?: AssetModule[]; onLoad?: (event: LoadEvent) => void } = {}) {
  const dir = writeSnapshot({ csv: csv([row({ user: '<root_account>' })]), files: { ...regionsFile(['us-east-1', 'eu-west-1'], ['ap-east-1']), ...files } });
  return createEngine({
    config: { connectors: [{ id: 'acct', provider: 'aws', snapshot: dir, ...(options.regions ? { regions: options.regions } : {}) }] },
    modules: options.modules ?? [...MODULES, analyzers()],
    storedChecks: false,
    onLoad: options.onLoad,
  });
}

describe('a regional family added as a module', () => {
  it('is read in every region in scope, never in a not-opted-in one, and its rows carry the region', async () => {
    const events: LoadEvent[] = [];
    const engine = await engineFor({ ...inRegion('us-east-1', [analyzer('us-east-1', 'org')]), ...inRegion('eu-west-1', []) }, { onLoad: (event) => events.push(event) });
    const result = await engine.query('{ testAnalyzers { name region status accountId cloudProvider } }');
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ testAnalyzers: [{ name: 'org', region: 'us-east-1', status: 'ACTIVE', accountId: '123456789012', cloudProvider: 'aws' }] });
    expect(events.filter((e) => e.state === 'start').map((e) => e.data).sort()).toEqual(['accessanalyzer/list-analyzers@eu-west-1', 'accessanalyzer/list-analyzers@us-east-1', 'ec2/describe-regions', 'identity']);
  });

  it('answers "every enabled region has an active analyzer" as one filter on accounts, through relations of two modules', async () => {
    const query = '{ connectors(where: { awsRegions_SOME: { inScope: true, testAnalyzers_NONE: { status: "ACTIVE" } } }) { id } }';
    const missing = await engineFor({ ...inRegion('us-east-1', [analyzer('us-east-1', 'org')]), ...inRegion('eu-west-1', [analyzer('eu-west-1', 'old', 'DISABLED')]) });
    expect((await missing.query(query)).data).toEqual({ connectors: [{ id: 'acct' }] });
    const covered = await engineFor({ ...inRegion('us-east-1', [analyzer('us-east-1', 'org')]), ...inRegion('eu-west-1', [analyzer('eu-west-1', 'eu')]) });
    expect((await covered.query(query)).data).toEqual({ connectors: [] });
    // Scoped to one region by the config, the other does not count (and is not read).
    const scoped = await engineFor({ ...inRegion('us-east-1', [analyzer('us-east-1', 'org')]) }, { regions: ['us-east-1'] });
    expect((await scoped.query(query)).data).toEqual({ connectors: [] });
  });

  it('makes the account ERROR, naming the region and what to run, when an in-scope region was not collected; other families still answer', async () => {
    const engine = await engineFor({ ...inRegion('us-east-1', []) });
    const result = await engine.query('{ testAnalyzers { name } }');
    expect(result.data).toBeNull();
    expect(result.errors?.[0].message).toMatch(/regions\/eu-west-1\/ is missing: region eu-west-1 was not collected \(run assetql snapshot with the region in scope, or aws accessanalyzer list-analyzers --region eu-west-1 > .*regions\/eu-west-1\/accessanalyzer\/list-analyzers\.json\)/);
    expect((await engine.query('{ awsRegions { name } rootUsers { arn } }')).errors).toBeUndefined();
  });

  it('makes the account ERROR when a region recorded a failed call, naming the code', async () => {
    const engine = await engineFor({ ...inRegion('us-east-1', []), 'regions/eu-west-1/accessanalyzer/list-analyzers.json': { Error: { Code: 'AccessDeniedException', Message: 'not allowed' } } });
    const result = await engine.query('{ testAnalyzers { name } }');
    expect(result.errors?.[0].extensions?.connectors).toEqual([expect.objectContaining({ code: 'AccessDeniedException' })]);
    expect(result.errors?.[0].message).toMatch(/list-analyzers\.json: the snapshot recorded a failed call: AccessDeniedException: not allowed/);
  });

  it('fails closed on a reference inside the account that points at nothing', async () => {
    const engine = await engineFor({ ...inRegion('us-east-1', [analyzer('us-east-1', 'child', 'ACTIVE', 'arn:aws:access-analyzer:us-east-1:123456789012:analyzer/gone')]), ...inRegion('eu-west-1', []) });
    const filtered = await engine.query('{ testAnalyzers(where: { reportsTo: { status: "ACTIVE" } }) { name } }');
    expect(filtered.data).toBeNull();
    expect(filtered.errors?.[0].extensions?.connectors).toEqual([expect.objectContaining({ code: 'DanglingReference' })]);
    expect(filtered.errors?.[0].message).toMatch(/reports to arn:aws:access-analyzer:us-east-1:123456789012:analyzer\/gone, which the account does not have/);
    const selected = await engine.query('{ testAnalyzers { name reportsTo { name } } }');
    expect(selected.errors?.[0].extensions?.code).toBe('ACCOUNT_DATA_UNAVAILABLE');
  });

  it('lets a family add a scalar field to another family\'s type, loading what it reads when a query touches it', async () => {
    const events: LoadEvent[] = [];
    const engine = await engineFor({ ...inRegion('us-east-1', [analyzer('us-east-1', 'org')]), ...inRegion('eu-west-1', [analyzer('eu-west-1', 'off', 'DISABLED')]) }, { onLoad: (event) => events.push(event) });
    expect((await engine.query('{ awsRegions { name } }')).errors).toBeUndefined();
    expect(events.some((e) => e.data.startsWith('accessanalyzer/'))).toBe(false);
    const filtered = await engine.query('{ awsRegions(where: { activeAnalyzerCount_GT: 0 }) { name } }');
    expect(filtered.data).toEqual({ awsRegions: [{ name: 'us-east-1' }] });
    const selected = await engine.query('{ awsRegions(where: { inScope: true }) { name activeAnalyzerCount } }');
    expect(selected.data).toEqual({ awsRegions: [{ name: 'us-east-1', activeAnalyzerCount: 1 }, { name: 'eu-west-1', activeAnalyzerCount: 0 }] });
  });

  it('loads each source once per account per run, however many types and queries of the session need it', async () => {
    const events: LoadEvent[] = [];
    const engine = await engineFor({ ...inRegion('us-east-1', []), ...inRegion('eu-west-1', []) }, { onLoad: (event) => events.push(event) });
    const session = engine.createSession();
    for (const query of ['{ testAnalyzers { name } }', '{ awsRegions { name testAnalyzers { name } } }', '{ connectors(where: { awsRegions_SOME: { testAnalyzers_SOME: {} } }) { id } }']) {
      expect((await engine.query(query, undefined, { session })).errors).toBeUndefined();
    }
    const starts = events.filter((e) => e.state === 'start').map((e) => e.data);
    expect(starts.sort()).toEqual(['accessanalyzer/list-analyzers@eu-west-1', 'accessanalyzer/list-analyzers@us-east-1', 'ec2/describe-regions', 'identity']);
  });
});

describe('no silent nulls', () => {
  it('refuses to start when an SDL field is written by no row and is no relation, naming it', async () => {
    const broken = analyzers({ types: { TestAnalyzer: { ...analyzers().types!.TestAnalyzer, fields: ['id', 'name', 'arn'] } } });
    await expect(engineFor({}, { modules: [...MODULES, broken] })).rejects.toThrow(/TestAnalyzer\.status is not written by module test-analyzers's rows \(fields\) and is not a relation/);
  });

  it('refuses a row that lacks a declared field, as an internal error naming it', async () => {
    const type = analyzers().types!.TestAnalyzer;
    const lax = analyzers({ types: { TestAnalyzer: { ...type, rows: (view) => type.rows(view).map(({ status: _status, ...rest }) => rest) } } });
    const engine = await engineFor({ ...inRegion('us-east-1', [analyzer('us-east-1', 'org')]), ...inRegion('eu-west-1', []) }, { modules: [...MODULES, lax] });
    const result = await engine.query('{ testAnalyzers(where: { status: "ACTIVE" }) { name } }');
    expect(result.errors?.[0].extensions?.code).toBe('INTERNAL_ERROR');
    expect(result.errors?.[0].message).toMatch(/module test-analyzers: a TestAnalyzer row has no status/);
  });

  it('refuses a type that implements Asset without a module that builds it', async () => {
    const orphan = defineModule({ name: 'orphan', sdl: 'type Orphan implements Asset { id: ID! name: String accountId: String! provider: String! cloudProvider: String! connector: Connector! }', sources: [] });
    await expect(engineFor({}, { modules: [...MODULES, orphan] })).rejects.toThrow(/Orphan implements Asset but no module builds its rows/);
  });
});
