/**
 * The logging and monitoring checks (issue 13): CIS AWS Foundations v3.0.0
 * 3.1-3.3, 3.5, 3.6 and 4.1-4.16, run through the real runner over the
 * fixture accounts of test/fixtures/cis-logging (one case each, see its
 * README), and once through the CLI's framework view.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckRunReport } from '../../src/checks/results.js';
import { createEngine, type AssetqlEngine } from '../../src/index.js';
import { PROJECT_ROOT, assetql } from '../support/cli.js';
import { LOGGING_CHECKS, LOGGING_EXPECTED, matrices } from './logging-checks.js';

const CONFIG = path.join(PROJECT_ROOT, 'test/fixtures/cis-logging/assetql.config.yaml');
const NOW = '2024-06-15T00:00:00Z';
const CIS = 'cis-aws-foundations-v3.0.0';
const IDS = Object.keys(LOGGING_CHECKS);
const id = (cis: string) => IDS.find((check) => LOGGING_CHECKS[check].cis === cis)!;

let engine: AssetqlEngine;
let report: CheckRunReport;
const result = (connector: string, check: string) => report.results.find((r) => r.connector === connector && r.check === check)!;

beforeAll(async () => {
  engine = await createEngine({ config: CONFIG });
  report = await engine.runChecks({ checks: IDS, exceptions: [], now: NOW });
});

describe('the logging and monitoring checks as stored', () => {
  it('are bundled, valid, and mapped to their CIS v3.0.0 and Security Hub controls, with remediation for console and CLI', () => {
    const checks = new Map(engine.checks().map((c) => [c.id, c]));
    for (const [check, { cis, securityHub, subjects }] of Object.entries(LOGGING_CHECKS)) {
      const stored = checks.get(check)!;
      expect(stored, check).toBeDefined();
      expect(stored.compliance[CIS], check).toEqual([cis]);
      expect(stored.compliance['aws-security-hub'], check).toEqual(securityHub ? [securityHub] : undefined);
      expect(stored.subjects, check).toEqual(subjects);
      expect(stored.references.length, check).toBeGreaterThan(0);
      expect(stored.remediation, check).toMatch(/\*\*Console\*\*/);
      expect(stored.remediation, check).toMatch(/^\s*aws (cloudtrail|configservice|kms|logs|securityhub) /m);
    }
  });

  it('are listed in docs/cis-pack.md and the README pack table, with their controls', async () => {
    const [doc, readme] = await Promise.all([readFile(path.join(PROJECT_ROOT, 'docs/cis-pack.md'), 'utf8'), readFile(path.join(PROJECT_ROOT, 'README.md'), 'utf8')]);
    for (const [check, { cis }] of Object.entries(LOGGING_CHECKS)) {
      for (const page of [doc, readme]) {
        const row = page.split('\n').find((line) => line.startsWith('|') && line.includes(`\`${check}\``));
        expect(row, check).toMatch(new RegExp(`^\\|\\s*${cis.replace('.', '\\.')}\\s*\\|`));
      }
    }
  });
});

describe(`every logging check on every fixture account at ${NOW}`, () => {
  it('runs each check once per account', () => {
    expect(report.results).toHaveLength(IDS.length * Object.keys(LOGGING_EXPECTED).length);
  });

  for (const account of Object.keys(LOGGING_EXPECTED)) {
    it(`${account}: ${Object.keys(LOGGING_EXPECTED[account]).length === 0 ? 'every check passes' : 'fails or errors exactly where expected'}`, () => {
      const { actual, wanted } = matrices(report, [account]);
      expect(actual).toEqual(wanted);
    });
  }

  it('has an account that passes and one that fails for every check', () => {
    for (const check of IDS) {
      const statuses = new Set(report.results.filter((r) => r.check === check).map((r) => r.status));
      expect([...statuses].sort(), check).toEqual(expect.arrayContaining(['FAIL', 'PASS']));
    }
  });
});

describe('what a finding and an error say', () => {
  it('names the asset at fault with the facts that decided it', () => {
    expect(result('trail-write-only', id('3.1')).findings[0].value).toMatchObject({ trails: expect.arrayContaining([{ name: 'management-events', homeRegion: 'us-east-1', isMultiRegionTrail: true, isOrganizationTrail: false, managementEvents: 'WriteOnly', status: { isLogging: true } }]) });
    expect(result('recorder-off-in-region', id('3.3')).findings[0].value).toMatchObject({ name: 'eu-west-1', configurationRecorders: [{ name: 'default', recording: false, lastStatus: 'PENDING' }] });
    expect(result('rotation-disabled', id('3.6')).findings[0]).toMatchObject({ resource: 'arn:aws:kms:eu-west-1:111100020012:key/0b1e2c3d-1111-4222-8333-444455556666', value: { automaticRotationEnabled: false, keyState: 'Enabled' } });
    expect(result('hub-disabled-in-region', id('4.16')).findings[0].value).toMatchObject({ name: 'eu-west-1', securityHub: { enabled: false, hubArn: null } });
    // The alarm is there, on the right metric name, in another namespace: the chain shows it, and it does not count.
    const chain = result('alarm-wrong-namespace', id('4.3')).findings[0].value as { trails: { logGroup: { metricFilters: { name: string; alarms: unknown[] }[] } }[] };
    expect(chain.trails[0].logGroup.metricFilters.find((filter) => filter.name === 'RootAccountUsage')!.alarms).toEqual([]);
  });

  it('names the failed call, the key or the reference, and the file', () => {
    expect(result('rotation-denied', id('3.6')).error).toMatch(/rotation-denied\/regions\/us-east-1\/kms\/get-key-rotation-status\.json: key 1a2b3c4d-0001-4aaa-8bbb-000000000001: GetKeyRotationStatus failed: AccessDeniedException/);
    expect(result('trail-status-dangling', id('3.2')).error).toMatch(/regions\/us-east-1\/cloudtrail\/get-trail-status\.json: arn:aws:cloudtrail:us-east-1:\d{12}:trail\/deleted-last-week is not a trail whose home is us-east-1/);
    expect(result('config-denied-in-region', id('3.3')).error).toMatch(/regions\/eu-west-1\/configservice\/describe-configuration-recorders\.json: the snapshot recorded a failed call: AccessDeniedException/);
    expect(result('region-not-collected', id('4.16')).error).toMatch(/regions\/me-south-1\/ is missing: region me-south-1 was not collected/);
  });
});

describe('the account and region model the checks stand on', () => {
  it('shows a multi-region trail listed by three regions once, reachable from each region it covers', async () => {
    const { data } = await engine.query('{ trails { arn region } awsRegions(where: { inScope: true }) { name trails { name } } }', undefined, { connectors: ['compliant'] });
    expect(data).toEqual({
      trails: [{ arn: 'arn:aws:cloudtrail:us-east-1:111100020001:trail/management-events', region: 'us-east-1' }, { arn: 'arn:aws:cloudtrail:eu-west-1:111100020001:trail/eu-data-events', region: 'eu-west-1' }],
      awsRegions: [
        { name: 'us-east-1', trails: [{ name: 'management-events' }] },
        { name: 'eu-west-1', trails: [{ name: 'management-events' }, { name: 'eu-data-events' }] },
        { name: 'me-south-1', trails: [{ name: 'management-events' }] },
      ],
    });
  });
});

describe('a connector whose regions: leave out a trail\'s home region', () => {
  it('cannot read that trail\'s status: the trail checks ERROR, naming it; the region checks judge the regions named', async () => {
    const narrow = await createEngine({ config: { connectors: [{ id: 'narrow', provider: 'aws', snapshot: path.join(path.dirname(CONFIG), 'compliant'), regions: ['eu-west-1'] }] } });
    try {
      const run = await narrow.runChecks({ checks: [id('3.2'), id('4.16'), id('3.6')], exceptions: [], now: NOW });
      const of = (check: string) => run.results.find((r) => r.check === check)!;
      expect(of(id('3.2'))).toMatchObject({ status: 'ERROR', errorCode: 'TrailHomeRegionOutOfScope' });
      expect(of(id('3.2')).error).toMatch(/trail arn:aws:cloudtrail:us-east-1:111100020001:trail\/management-events has its home in us-east-1, which is not in scope/);
      expect([of(id('4.16')).status, of(id('3.6')).status]).toEqual(['PASS', 'PASS']);
    } finally {
      await narrow.close();
    }
  });
});

describe('check run --framework cis-aws-foundations-v3.0.0', () => {
  it('decides sections 3 and 4 where an API does, and leaves 3.4 and 3.7-3.9 not covered', async () => {
    const args = ['check', 'run', '--config', CONFIG, '--now', NOW, '--framework', CIS, '--format', 'json', '--connector', 'compliant', '--connector', 'validation-disabled'];
    for (const check of IDS) args.push('--check', check);
    const { stdout } = await assetql(args);
    const controls = new Map<string, { status: string }>(JSON.parse(stdout).frameworks[0].controls.map((c: { id: string }) => [c.id, c]));
    const status = (control: string) => controls.get(control)!.status;
    expect(Object.fromEntries(['3.1', '3.2', '3.3', '3.4', '3.5', '3.6', '3.7', '4.3', '4.16'].map((control) => [control, status(control)]))).toEqual({
      '3.1': 'PASS', '3.2': 'FAIL', '3.3': 'PASS', '3.4': 'NOT_COVERED', '3.5': 'PASS', '3.6': 'PASS', '3.7': 'NOT_COVERED', '4.3': 'MANUAL', '4.16': 'PASS',
    });
  });
});
