/**
 * The checks on the network families (issue 15): CIS AWS Foundations
 * v3.0.0 1.18, 2.2.1, 3.7, 5.1-5.4 and 5.6, run through the real runner over
 * the fixture accounts of test/fixtures/cis-network (one case each, see its
 * README), and once through the CLI's framework view.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckRunReport } from '../../src/checks/results.js';
import { createEngine, type AssetqlEngine } from '../../src/index.js';
import { every, outcomeOf, resultOf, verdictMatrixTests, type Outcome } from '../support/verdict-matrix.js';
import { PROJECT_ROOT, assetql } from '../support/cli.js';
import { NETWORK_CHECKS } from './network-checks.js';

const CONFIG = path.join(PROJECT_ROOT, 'test/fixtures/cis-network/assetql.config.yaml');
const NOW = '2024-06-15T00:00:00Z';
const CIS = 'cis-aws-foundations-v3.0.0';
const FSBP = 'aws-foundational-security-best-practices';
const IDS = Object.keys(NETWORK_CHECKS);

const PROFILE = 'aws-ec2-running-instances-without-instance-profile';
const EBS = 'aws-ebs-encryption-by-default-disabled';
const FLOW_LOGS = 'aws-vpcs-without-flow-logs';
const NACL = 'aws-network-acls-admin-ports-open-to-internet';
const SG_V4 = 'aws-security-groups-admin-ports-open-ipv4';
const SG_V6 = 'aws-security-groups-admin-ports-open-ipv6';
const DEFAULT_SG = 'aws-default-security-groups-allow-traffic';
const IMDS = 'aws-ec2-instances-imdsv1-allowed';
const SG_CHECKS = [SG_V4, SG_V6, DEFAULT_SG];
const VM_CHECKS = [PROFILE, IMDS];


/** Every fixture account and how each check comes out; a check not named must PASS there. */
const EXPECTED: Record<string, Record<string, Outcome>> = {
  // Also the boundaries that pass: TCP 23-3388 and ICMP from anywhere, 22 from 10.0.0.0/8, 3389 from a peered account's group,
  // a NACL denying TCP 22 and 3389 (IPv4 and IPv6) at 90-93 before allow-alls at 100-101 and an allow of 22 at 110 (shadowed),
  // a stopped instance without a profile, IMDSv1 on an instance whose metadata endpoint is disabled and on a terminated one,
  // a shared VPC without flow logs (its owner's), a not-opted-in region with no files at all.
  compliant: {},
  'sg-all-traffic': { [SG_V4]: ['anything-goes'] },
  'sg-port-range': { [SG_V4]: ['ftp-and-ssh'] },
  'sg-ipv6-only': { [SG_V6]: ['rdp-v6'] },
  'default-sg-open': { [DEFAULT_SG]: ['default'] },
  // TCP 22 is denied first, but the allow-all at 100 is the first match for TCP 3389.
  'nacl-allow-all-after-ssh-deny': { [NACL]: ['ssh-denied-first'] },
  'nacl-default-allow-all': { [NACL]: ['acl-010007000001'] },
  'ebs-off': { [EBS]: ['eu-west-1'] },
  'opted-in-region-ebs-off': { [EBS]: ['eu-south-1'] },
  'vpc-without-flow-log': { [FLOW_LOGS]: ['vpc-010010'] },
  'instance-without-profile': { [PROFILE]: ['web-1'] },
  'imdsv1-stopped': { [IMDS]: ['parked'] },
  // References inside the account's data that point at nothing: what is built from them is not decided.
  'volume-of-no-instance': every(VM_CHECKS, 'ERROR DanglingReference'),
  'flow-log-of-no-vpc': { [FLOW_LOGS]: 'ERROR DanglingReference' },
  // No check reads an instance's groups: the cross-type query does (network-query.test.ts).
  'instance-in-unlisted-group': {},
  'region-not-collected': every(IDS, 'ERROR SnapshotRegionMissing'),
  'security-groups-malformed': every(SG_CHECKS, 'ERROR SourceMalformed'),
};

let engine: AssetqlEngine;
let report: CheckRunReport;

/** A check's result on an account of this pack's run. */
const result = (connector: string, check: string) => resultOf(report, connector, check);

beforeAll(async () => {
  engine = await createEngine({ config: CONFIG });
  report = await engine.runChecks({ checks: IDS, exceptions: [], now: NOW });
});

describe('the network checks as stored', () => {
  it('are bundled, valid, and mapped to their CIS v3.0.0 control and Security Hub control', () => {
    const checks = new Map(engine.checks().map((c) => [c.id, c]));
    for (const [id, { cis, securityHub, fsbp, subject }] of Object.entries(NETWORK_CHECKS)) {
      const check = checks.get(id)!;
      expect(check, id).toBeDefined();
      expect(check.compliance[CIS], id).toEqual([cis]);
      expect(check.compliance['aws-security-hub'], id).toEqual(securityHub ? [securityHub] : undefined);
      expect(check.compliance[FSBP], id).toEqual(fsbp ? [securityHub] : undefined);
      expect(check.subjects, id).toEqual([subject]);
      expect(check.expect, id).toBe('eq []');
      expect(check.references.length, id).toBeGreaterThan(0);
      expect(check.remediation, id).toMatch(/\*\*Console\*\*/);
      expect(check.remediation, id).toMatch(/^\s*aws ec2 /m);
    }
  });

  it('are listed in docs/cis-pack.md, and the README pack table, with their controls; 5.5 stays manual', async () => {
    const [doc, readme] = await Promise.all([readFile(path.join(PROJECT_ROOT, 'docs/cis-pack.md'), 'utf8'), readFile(path.join(PROJECT_ROOT, 'README.md'), 'utf8')]);
    for (const [id, { cis }] of Object.entries(NETWORK_CHECKS)) {
      for (const page of [doc, readme]) {
        const row = page.split('\n').find((line) => line.startsWith('|') && line.includes(`\`${id}\``));
        expect(row, id).toBeDefined();
        expect(row, id).toMatch(new RegExp(`^\\|\\s*${cis.replaceAll('.', '\\.')}\\s*\\|`));
      }
    }
    expect(doc).toMatch(/^\|\s*5\.5\s*\|.*\|/m);
  });
});

describe(`every network check on every fixture account`, () => {
  verdictMatrixTests(() => report, IDS, EXPECTED, outcomeOf);
});

describe('what a finding and an error say', () => {
  it('names the asset at fault with the facts that decided it', () => {
    expect(result('sg-all-traffic', SG_V4).findings[0].value).toMatchObject({ region: 'eu-west-1', rules: [{ direction: 'Inbound', protocol: '-1', destFromPort: 0, destToPort: 65535, sources: ['cidr:0.0.0.0/0'] }, { direction: 'Outbound' }] });
    expect(result('sg-port-range', SG_V4).findings[0].value).toMatchObject({ rules: [{ destFromPort: 20, destToPort: 25 }, { direction: 'Outbound' }] });
    expect(result('nacl-allow-all-after-ssh-deny', NACL).findings[0].value).toMatchObject({ rules: [{ ruleNumber: 90, action: 'Deny', effective: true }, { ruleNumber: 100, action: 'Allow', effective: true }, { ruleNumber: 32767, effective: false }, {}, {}] });
    expect(result('opted-in-region-ebs-off', EBS).findings[0].value).toMatchObject({ region: 'eu-south-1', encryptedByDefault: false });
    expect(result('vpc-without-flow-log', FLOW_LOGS).findings[0].value).toMatchObject({ hasFlowLog: [{ flowLogStatus: 'INACTIVE' }] });
    expect(result('imdsv1-stopped', IMDS).findings[0].value).toMatchObject({ state: 'stopped', metadataOptionHTTPTokens: 'optional' });
  });

  it('names the reference that points at nothing, and the region not collected', () => {
    expect(result('volume-of-no-instance', PROFILE).error).toMatch(/volume "vol-0a00000000000099" is attached to instance "i-0a0000000000dead", which .*us-east-1\/ec2\/describe-instances\.json does not list/);
    expect(result('flow-log-of-no-vpc', FLOW_LOGS).error).toMatch(/flow log "fl-0e00000000000099" logs VPC "vpc-0deleted0", which .*eu-west-1\/ec2\/describe-vpcs\.json does not list/);
    expect(result('region-not-collected', EBS).error).toMatch(/regions\/eu-west-1\/ is missing: region eu-west-1 was not collected/);
    expect(result('security-groups-malformed', SG_V4).error).toMatch(/describe-security-groups\.json: SecurityGroups\[1\]\.IpPermissions\[0\]\.FromPort: expected an integer from -1 to 65535, found "443"/);
  });
});

describe('check run --framework cis-aws-foundations-v3.0.0', () => {
  it('decides the network controls, and keeps 1.18 and 5.5 manual', async () => {
    const args = ['check', 'run', '--config', CONFIG, '--now', NOW, '--framework', CIS, '--format', 'json', '--connector', 'compliant', '--connector', 'sg-ipv6-only'];
    const { stdout } = await assetql(args);
    const controls = new Map<string, { status: string; checks: { check: string }[] }>(JSON.parse(stdout).frameworks[0].controls.map((c: { id: string }) => [c.id, c]));
    const status = (id: string) => controls.get(id)!.status;
    expect(Object.fromEntries(['1.18', '2.2.1', '3.7', '5.1', '5.2', '5.3', '5.4', '5.6'].map((id) => [id, status(id)]))).toEqual({
      '1.18': 'MANUAL', '2.2.1': 'PASS', '3.7': 'PASS', '5.1': 'PASS', '5.2': 'PASS', '5.3': 'FAIL', '5.4': 'PASS', '5.6': 'PASS',
    });
    expect(controls.get('5.5')).toMatchObject({ status: 'MANUAL', checks: [] });
  });
});
