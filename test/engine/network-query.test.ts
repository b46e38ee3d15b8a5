/**
 * The network families as a user queries them: one query across instances,
 * their security groups and their rules; roles through instance profiles;
 * what first-match evaluation leaves to each NACL rule; rules as port and
 * source filters read them; shared VPCs; references that point at nothing.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AssetqlEngine } from '../../src/index.js';
import { PROJECT_ROOT } from '../support/cli.js';
import { snapshotEngines } from '../support/snapshot-engines.js';

const MODULES = path.join(PROJECT_ROOT, 'test/fixtures/modules');
const CIS = path.join(PROJECT_ROOT, 'test/fixtures/cis-network');
const CROSS_TYPE = `{
  vms(where: { publicIpAddress_NOT: null, securityGroups_SOME: { rules_SOME: { direction: "Inbound", sources_INCLUDES: "cidr:0.0.0.0/0", destFromPort_LTE: 22, destToPort_GTE: 22 } } }) {
    instanceID publicIpAddress iamRoles { name } securityGroups { groupName }
  }
}`;

const engineOf = snapshotEngines();

describe('instances with a public IP whose security group admits 0.0.0.0/0 on port 22, as one query', () => {
  let engine: AssetqlEngine;
  beforeAll(async () => void (engine = await engineOf(path.join(MODULES, 'ec2-instances/network'))));

  it('finds the instance through an all-traffic group (its other group admits 20-25), and only it', async () => {
    const { data, errors } = await engine.query(CROSS_TYPE);
    expect(errors).toBeUndefined();
    expect(data).toEqual({ vms: [{ instanceID: 'i-0a1b2c3d4e5f60001', publicIpAddress: '203.0.113.10', iamRoles: [{ name: 'web-server' }], securityGroups: [{ groupName: 'web' }, { groupName: 'admin-anywhere' }] }] });
  });

  it('gives an instance the roles of its instance profile, and none for a profile no role is in', async () => {
    const { data } = await engine.query('{ vms { instanceID state iamInstanceProfile iamRoles { name } networkInterfaces { sourceDestCheck securityGroups { groupId } } diskAttachments { disk { volumeID encrypted } } } }');
    const vms = Object.fromEntries((data!.vms as { instanceID: string }[]).map((vm) => [vm.instanceID, vm]));
    expect(vms['i-0a1b2c3d4e5f60001']).toMatchObject({ iamRoles: [{ name: 'web-server' }], diskAttachments: [{ disk: { encrypted: true } }, { disk: { volumeID: 'vol-0a1b2c3d4e5f60002', encrypted: false } }] });
    expect(vms['i-0a1b2c3d4e5f60003']).toMatchObject({ iamInstanceProfile: 'arn:aws:iam::123456789012:instance-profile/no-role-in-it', iamRoles: [] });
    expect(vms['i-0a1b2c3d4e5f60002']).toMatchObject({ state: 'stopped', iamInstanceProfile: null, networkInterfaces: [{ sourceDestCheck: false, securityGroups: [{ groupId: 'sg-0a1b2c3d4e5f60001' }] }] });
  });

  it('lists a group\'s instances', async () => {
    const { data } = await engine.query('{ securityGroups(where: { vms_SOME: {} }) { groupName vms { instanceID } } }');
    expect(data).toEqual({ securityGroups: [{ groupName: 'default', vms: [{ instanceID: 'i-0a1b2c3d4e5f60002' }, { instanceID: 'i-0a1b2c3d4e5f60003' }] }, { groupName: 'web', vms: [{ instanceID: 'i-0a1b2c3d4e5f60001' }] }, { groupName: 'admin-anywhere', vms: [{ instanceID: 'i-0a1b2c3d4e5f60001' }] }] });
  });

  it('is an ERROR naming the instance and the group when a group it is in is not listed', async () => {
    const dangling = await engineOf(path.join(CIS, 'instance-in-unlisted-group'));
    const { data, errors } = await dangling.query(CROSS_TYPE);
    expect(data).toBeNull();
    expect(errors?.[0].extensions?.connectors).toEqual([expect.objectContaining({ code: 'DanglingReference', message: expect.stringMatching(/instance "i-0a00000000000001" \(us-east-1\) is in security group "sg-0notlisted000001", which describe-security-groups of its region does not list/) })]);
  });
});

describe('security group rules, as port and source filters read them', () => {
  it('gives all traffic every port, ICMP none, and names sources by kind', async () => {
    const engine = await engineOf(path.join(MODULES, 'security-groups/network'));
    const { data } = await engine.query('{ securityGroups(where: { region: "us-east-1" }) { groupName isDefault rules { direction protocol destFromPort destToPort sources } } }');
    const groups = Object.fromEntries((data!.securityGroups as { groupName: string; rules: unknown[] }[]).map((g) => [g.groupName, g]));
    expect(groups['admin-anywhere'].rules[0]).toEqual({ direction: 'Inbound', protocol: '-1', destFromPort: 0, destToPort: 65535, sources: ['cidr:0.0.0.0/0'] });
    expect(groups.web.rules).toContainEqual({ direction: 'Inbound', protocol: 'icmp', destFromPort: null, destToPort: null, sources: ['cidr:0.0.0.0/0'] });
    expect(groups.web.rules).toContainEqual({ direction: 'Inbound', protocol: 'tcp', destFromPort: 443, destToPort: 443, sources: ['cidr:0.0.0.0/0', 'cidr:::/0'] });
    expect(groups['from-peer'].rules.slice(0, 2)).toEqual([
      { direction: 'Inbound', protocol: 'tcp', destFromPort: 22, destToPort: 22, sources: ['sg:sg-0ffeeddccbbaa9988'] },
      { direction: 'Inbound', protocol: 'tcp', destFromPort: 5432, destToPort: 5432, sources: ['pl:pl-0a1b2c3d'] },
    ]);
    expect(groups.default).toMatchObject({ isDefault: true, rules: [{ direction: 'Inbound', protocol: '-1', sources: ['sg:sg-0a1b2c3d4e5f60001'] }, { direction: 'Outbound' }] });
  });
});

describe('network ACL rules under first-match evaluation', () => {
  it('leaves each rule the ports no earlier rule with a containing source decides', async () => {
    const engine = await engineOf(path.join(MODULES, 'network-acls/network'));
    const { data } = await engine.query('{ networkAcls(where: { name: "ranges" }) { rules { ruleNumber direction sources effective effectivePorts { protocol fromPort toPort } } } }');
    const inbound = (data!.networkAcls as { rules: { ruleNumber: number; direction: string; sources: string[] }[] }[])[0].rules.filter((r) => r.direction === 'Inbound');
    const rule = (n: number, source = 'cidr:0.0.0.0/0') => inbound.find((r) => r.ruleNumber === n && r.sources[0] === source);
    expect(rule(80)).toMatchObject({ effective: true, effectivePorts: [{ protocol: '6', fromPort: 0, toPort: 1024 }] });
    // 10.0.0.0/8 lies inside the deny of 80: it decides nothing.
    expect(rule(90, 'cidr:10.0.0.0/8')).toMatchObject({ effective: false, effectivePorts: [] });
    // The allow of every TCP port is left what the deny did not take; the allow of 22 after it is shadowed.
    expect(rule(100)).toMatchObject({ effective: true, effectivePorts: [{ protocol: '6', fromPort: 1025, toPort: 65535 }] });
    expect(rule(101)).toMatchObject({ effective: false, effectivePorts: [] });
    // ICMP echo (type 8, any code) shadows echo code 0.
    expect(rule(110)).toMatchObject({ effective: true, effectivePorts: [] });
    expect(rule(120)).toMatchObject({ effective: false });
    // IPv4 rules never decide for IPv6 sources.
    expect(rule(130, 'cidr:::/0')).toMatchObject({ effective: true, effectivePorts: [{ protocol: '6', fromPort: 3389, toPort: 3389 }] });
  });

  it('leaves an allow-all behind a TCP 22 deny every other TCP port, and all of UDP', async () => {
    const engine = await engineOf(path.join(MODULES, 'network-acls/network'));
    const found = await engine.query('{ networkAcls(where: { rules_SOME: { direction: "Inbound", ruleNumber: 100, action: "Allow", effectivePorts_SOME: { protocol: "6", fromPort_LTE: 22, toPort_GTE: 22 } } }) { name } }');
    expect(found.data).toEqual({ networkAcls: [{ name: 'acl-0a1b2c3d4e5f60001' }] });
    const rest = await engine.query('{ networkAcls(where: { name: "ssh-denied-first" }) { rules { ruleNumber direction effectivePorts { protocol fromPort toPort } } } }');
    const rule100 = (rest.data!.networkAcls as { rules: { ruleNumber: number; direction: string }[] }[])[0].rules.find((r) => r.ruleNumber === 100 && r.direction === 'Inbound');
    expect(rule100).toMatchObject({ effectivePorts: [{ protocol: '6', fromPort: 0, toPort: 21 }, { protocol: '6', fromPort: 23, toPort: 65535 }, { protocol: '17', fromPort: 0, toPort: 65535 }] });
  });
});

describe('VPCs', () => {
  it('lists the account\'s own, with the flow logs of the VPC itself; a VPC shared from another account is not listed', async () => {
    const engine = await engineOf(path.join(MODULES, 'vpcs/network'));
    const { data } = await engine.query('{ vpcs(where: { region: "us-east-1" }) { vpcID isDefault hasFlowLog { flowLogID flowLogStatus } } }');
    expect(data).toEqual({ vpcs: [
      { vpcID: 'vpc-0a1b2c3d', isDefault: false, hasFlowLog: [{ flowLogID: 'fl-0a1b2c3d4e5f60001', flowLogStatus: 'ACTIVE' }] },
      { vpcID: 'vpc-0c0c0c0c', isDefault: true, hasFlowLog: [{ flowLogID: 'fl-0a1b2c3d4e5f60003', flowLogStatus: 'INACTIVE' }] },
    ] });
  });
});
