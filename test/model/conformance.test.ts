/**
 * Every asset family reads the same through both ways in: its fixture
 * accounts (test/fixtures/modules/<module>/<account>/, snapshot folders of
 * AWS CLI output) read by the snapshot connector, and served by the loopback
 * endpoint to the live connector through the pinned SDK. Source values,
 * assets and what `assetql snapshot` writes back must all be the same.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getNamedType, isLeafType, isNonNullType, isObjectType, Kind, parse, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotCommand } from '../../src/cli/commands/snapshot.js';
import { parseConfig } from '../../src/config/config.js';
import { createEngine } from '../../src/index.js';
import type { AssetModule } from '../../src/model/module.js';
import { MODULES, Registry } from '../../src/model/registry.js';
import { describeRegions, type DescribeRegionsValue } from '../../src/model/regions/sources.js';
import type { Connector } from '../../src/sources/connector.js';
import { createConnectors } from '../../src/sources/create-connectors.js';
import { snapshotPath } from '../../src/sources/layout.js';
import { createAwsConnector } from '../../src/sources/live/index.js';
import { SnapshotConnector } from '../../src/sources/snapshot/snapshot-connector.js';
import type { SourceAt, SourceSpec } from '../../src/sources/source.js';
import { FAST } from '../aws/fixtures.js';
import { captureIO } from '../checks/helpers.js';
import { startAwsEndpoint, type AwsEndpoint } from '../support/aws-endpoint/index.js';
import { useSdkEnvironment } from '../support/aws-endpoint/sdk-env.js';
import { PROJECT_ROOT } from '../support/cli.js';

const FIXTURES = path.join(PROJECT_ROOT, 'test/fixtures/modules');
const KEY = 'AKIACONFORMANCE00001';
const registry = new Registry();

interface Case {
  module: AssetModule;
  account: string;
  dir: string;
}

const CASES: Case[] = MODULES.flatMap((module) => {
  const folder = path.join(FIXTURES, module.name);
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({ module, account: entry.name, dir: path.join(folder, entry.name) }));
});

/** The sources a module reads: its own, what its types need, the parents of per-resource ones. */
function sourcesOf(module: AssetModule): SourceSpec[] {
  const sources = new Set<SourceSpec>([...module.sources, ...Object.values(module.types ?? {}).flatMap((type) => type.needs)]);
  // Parents of parents too: rotation status is asked per key that describe-key says is customer managed.
  for (const source of sources) if (source.perResource) sources.add(source.perResource.parent);
  return [...sources];
}

/** Every read of a module's sources for one account: once, or in each region the account has enabled. */
async function readsOf(module: AssetModule, offline: Connector): Promise<{ source: SourceSpec; at: SourceAt }[]> {
  const sources = sourcesOf(module);
  const regional = sources.some((source) => source.scope === 'region');
  const regions = regional ? ((await offline.read(describeRegions, {})).value as DescribeRegionsValue).Regions.filter((r) => r.OptInStatus !== 'not-opted-in').map((r) => r.RegionName) : [];
  return sources.flatMap((source) => (source.scope === 'region' ? regions.map((region) => ({ source, at: { region } })) : [{ source, at: {} }]));
}

/** A source's value, its parents read first (and theirs) for per-resource sources. */
async function valueOf(connector: Connector, source: SourceSpec, at: SourceAt): Promise<unknown> {
  const parent = source.perResource ? await valueOf(connector, source.perResource.parent, at) : undefined;
  return (await connector.read(source, at, parent)).value;
}

/** Values of a connector's reads. */
async function valuesOf(connector: Connector, reads: { source: SourceSpec; at: SourceAt }[]): Promise<unknown[]> {
  const values: unknown[] = [];
  for (const { source, at } of reads) values.push(await valueOf(connector, source, at));
  return values;
}

/** The fields a module's own SDL declares, by type (its types, and what it adds to other families' types). */
function declaredFields(module: AssetModule): Map<string, Set<string>> {
  const fields = new Map<string, Set<string>>();
  for (const definition of parse(module.sdl).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    const names = fields.get(definition.name.value) ?? new Set<string>();
    for (const field of definition.fields ?? []) names.add(field.name.value);
    fields.set(definition.name.value, names);
  }
  return fields;
}

/**
 * A query of every root field of the module's types, selecting every field
 * the module gives them (its SDL's, and the engine's own): scalars, and the
 * module's own types and value types nested once (other families' fields are
 * theirs to test).
 */
function fullQuery(schema: GraphQLSchema, module: AssetModule): string {
  const declared = declaredFields(module);
  const own = new Set([...Object.keys(module.types ?? {}), ...Object.keys(module.values ?? {})]);
  const others = MODULES.filter((other) => other !== module).map(declaredFields);
  // Fields the engine adds (accountId, provider, ...) belong to every type's family.
  const gives = (type: string, field: string) => declared.get(type)?.has(field) || !others.some((fields) => fields.get(type)?.has(field));
  const select = (type: GraphQLObjectType, seen: ReadonlySet<string>): string =>
    Object.values(type.getFields())
      .filter((field) => gives(type.name, field.name) && !field.args.some((arg) => isNonNullType(arg.type)))
      .flatMap((field) => {
        const named = getNamedType(field.type);
        if (isLeafType(named)) return [field.name];
        if (!isObjectType(named) || !own.has(named.name) || seen.has(named.name)) return [];
        const nested = select(named, new Set([...seen, named.name]));
        return nested ? [`${field.name} { ${nested} }`] : [];
      })
      .join(' ');
  const roots = Object.entries(module.types ?? {}).map(([name, type]) => `${type.root} { ${select(schema.getType(name) as GraphQLObjectType, new Set([name]))} }`);
  return `{ ${roots.join(' ')} }`;
}

// A query of every field is larger than a user's query is allowed to be.
const LIMITS = { server: { limits: { maxSelections: 10_000, maxCost: 1_000_000 } } };

describe('asset families read alike live and from a snapshot', () => {
  it('has fixture accounts for every module', () => {
    expect(MODULES.filter((module) => !CASES.some((c) => c.module === module)).map((module) => module.name)).toEqual([]);
  });

  describe.each(CASES)('$module.name: $account', ({ module, account, dir }) => {
    let endpoint: AwsEndpoint;
    let restoreEnv: () => void;
    let work: string;
    const offline = new SnapshotConnector({ id: account, dir });
    const live = () => createAwsConnector({ id: account, provider: 'aws' }, FAST);

    beforeAll(async () => {
      const { accountId } = await offline.identify();
      endpoint = await startAwsEndpoint({ accounts: [{ id: accountId, name: account, accessKeyId: KEY, snapshot: dir }] });
      restoreEnv = useSdkEnvironment({ endpointUrl: endpoint.url, accessKeyId: KEY });
      work = await mkdtemp(path.join(tmpdir(), 'assetql-conformance-'));
    });
    afterAll(async () => {
      restoreEnv();
      await endpoint.close();
      await rm(work, { recursive: true, force: true });
    });

    it('gives every source of the module the same value through the SDK as from the folder', async () => {
      const reads = await readsOf(module, offline);
      const connector = live();
      expect(await connector.identify()).toEqual(await offline.identify());
      expect(await valuesOf(connector, reads)).toEqual(await valuesOf(offline, reads));
    });

    it('answers a query of every field of its root fields alike', async () => {
      const connectors = await createConnectors(parseConfig({ connectors: [{ id: account, provider: 'aws' }] }, { baseDir: work }), { awsTiming: FAST });
      const [liveEngine, offlineEngine] = [
        await createEngine({ config: { ...LIMITS, connectors: [{ id: account, provider: 'aws' }] }, connectors }),
        await createEngine({ config: { ...LIMITS, connectors: [{ id: account, provider: 'aws', snapshot: dir }] } }),
      ];
      try {
        const query = fullQuery(offlineEngine.schema, module);
        const offlineResult = await offlineEngine.query(query);
        expect(offlineResult.errors).toBeUndefined();
        expect(await liveEngine.query(query)).toEqual(offlineResult);
      } finally {
        await liveEngine.close();
        await offlineEngine.close();
      }
    });

    it('is written back by assetql snapshot of the served folder as it was', async () => {
      const config = path.join(work, 'live.yaml');
      await writeFile(config, `connectors:\n  - id: ${account}\n    provider: aws\n`);
      const out = path.join(work, 'out');
      const io = captureIO();
      await snapshotCommand({ config, out }, io, { awsTiming: FAST });
      // Sources of other families have no file in this fixture: those, and only those, could not be read.
      const own = new Set(sourcesOf(module).map((source) => source.id));
      const failures = io.err.split('\n').filter((line) => line.startsWith(`  ${account}: `));
      const failed = new Set<string>();
      for (const failure of failures) {
        const [, where, code] = failure.trim().split(': ');
        const source = where.replace(/ \([a-z0-9-]+\)$/, ''); // a regional read names its region
        expect(own.has(source), failure).toBe(false);
        expect(code, failure).toBe('LoopbackFixtureMissing');
        failed.add(source);
      }
      expect(registry.sources.length - failed.size).toBeGreaterThanOrEqual(own.size);

      const written = path.join(out, account);
      for (const { source, at } of await readsOf(module, offline)) {
        const [before, after] = await Promise.all([readFile(path.join(dir, snapshotPath(source, at)), 'utf8'), readFile(path.join(written, snapshotPath(source, at)), 'utf8')]);
        if (source.text) expect(after, source.id).toBe(before);
        else expect(JSON.parse(after), source.id).toEqual(JSON.parse(before));
      }
      const readBack = new SnapshotConnector({ id: account, dir: written });
      const reads = await readsOf(module, offline);
      expect(await readBack.identify()).toEqual(await offline.identify());
      expect(await valuesOf(readBack, reads)).toEqual(await valuesOf(offline, reads));
    });
  });
});
