/**
 * AWSRegion, the first family added as a module: offline through snapshot
 * folders (the live path is in test/aws and the conformance suite).
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import { csv, regionsFile, row, writeSnapshot } from '../support/credential-report.js';

const REPORT = csv([row({ user: '<root_account>' })]);

async function engineOver(accounts: { id: string; files?: Record<string, unknown>; regions?: string[] }[]) {
  const connectors = accounts.map(({ id, files, regions }) => ({ id, provider: 'aws' as const, snapshot: writeSnapshot({ csv: REPORT, files }), ...(regions ? { regions } : {}) }));
  return createEngine({ config: { connectors }, storedChecks: false });
}

describe('awsRegions', () => {
  it('lists every region of the partition with its opt-in status; enabled and in scope follow it and the config', async () => {
    const engine = await engineOver([{ id: 'all', files: regionsFile(['us-east-1', 'eu-west-1'], ['ap-east-1']) }, { id: 'narrow', files: regionsFile(['us-east-1', 'eu-west-1'], ['ap-east-1']), regions: ['eu-west-1', 'ap-east-1'] }]);
    const result = await engine.query('{ awsRegions { id name optInStatus enabled inScope accountId region: connector { id } } }');
    expect(result.errors).toBeUndefined();
    const rows = (result.data!.awsRegions as { name: string; enabled: boolean; inScope: boolean; region: { id: string } }[]).map((r) => `${r.region.id} ${r.name} ${r.enabled} ${r.inScope}`);
    expect(rows).toEqual([
      'all us-east-1 true true', 'all eu-west-1 true true', 'all ap-east-1 false false',
      // A not-opted-in region named in `regions:` is still out of scope: visible, never read.
      'narrow us-east-1 true false', 'narrow eu-west-1 true true', 'narrow ap-east-1 false false',
    ]);
    expect((result.data!.awsRegions as { id: string }[])[0].id).toBe('123456789012/region/us-east-1');
  });

  it('lets a query filter accounts by facts of their regions', async () => {
    const engine = await engineOver([
      { id: 'opted-in', files: { 'ec2/describe-regions.json': { Regions: [{ RegionName: 'me-central-1', OptInStatus: 'opted-in' }, { RegionName: 'us-east-1', OptInStatus: 'opt-in-not-required' }] } } },
      { id: 'classic', files: regionsFile(['us-east-1'], ['me-central-1']) },
    ]);
    const optedIn = await engine.query('{ connectors(where: { awsRegions_SOME: { enabled: true, optInStatus: "opted-in" } }) { id } }');
    expect(optedIn.data).toEqual({ connectors: [{ id: 'opted-in' }] });
    const noneOff = await engine.query('{ connectors(where: { awsRegions_NONE: { enabled: false } }) { id awsRegions { name } } }');
    expect(noneOff.data).toEqual({ connectors: [{ id: 'opted-in', awsRegions: [{ name: 'me-central-1' }, { name: 'us-east-1' }] }] });
  });

  it('is the account\'s ERROR, naming the file and what to run, when the regions were not collected', async () => {
    const engine = await engineOver([{ id: 'old-snapshot' }]);
    const result = await engine.query('{ awsRegions { name } }');
    expect(result.data).toBeNull();
    expect(result.errors?.[0].extensions?.connectors).toEqual([expect.objectContaining({ id: 'old-snapshot', code: 'SnapshotFileMissing' })]);
    expect(result.errors?.[0].message).toMatch(/ec2\/describe-regions\.json is missing: not collected \(write it with aws ec2 describe-regions --all-regions > .*ec2\/describe-regions\.json/);
    // The other families of the same account still answer.
    expect((await engine.query('{ rootUsers { arn } }')).errors).toBeUndefined();
  });

  it('refuses a configured region the account\'s partition does not have', async () => {
    const engine = await engineOver([{ id: 'typo', files: regionsFile(['us-east-1']), regions: ['eu-west-9'] }]);
    const result = await engine.query('{ awsRegions { name inScope } }');
    expect(result.errors?.[0].extensions?.connectors).toEqual([expect.objectContaining({ code: 'RegionUnknown' })]);
    expect(result.errors?.[0].message).toMatch(/regions: eu-west-9 is not a region of this account's partition/);
  });

  it('checks the regions file against its AWS type', async () => {
    const engine = await engineOver([{ id: 'bad', files: { 'ec2/describe-regions.json': { Regions: [{ RegionName: 'us-east-1', OptInStatus: 'maybe' }] } } }]);
    const result = await engine.query('{ awsRegions { name } }');
    expect(result.errors?.[0].message).toMatch(/describe-regions\.json: Regions\[0\]\.OptInStatus: expected one of opt-in-not-required, opted-in, not-opted-in, found "maybe"/);
  });

  it('rejects a region name in the config that could leave a folder', async () => {
    await expect(engineOver([{ id: 'x', regions: ['../../etc'] }])).rejects.toThrow(/regions\[0\]: a region name such as eu-west-1/);
  });
});
