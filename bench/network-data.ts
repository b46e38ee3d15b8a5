/**
 * Synthetic network data for one account, as the AWS CLI prints it: per
 * region, security groups with a few rules each (some open to the
 * internet on 22 or everything), instances in some of those groups (some
 * with a public IP), their volumes, one VPC with a flow log and its ACL.
 * Seeded, so the same account gets the same data.
 */
import type { Random } from '../test/support/seeded-random.js';

export interface NetworkSize {
  regions: readonly string[];
  /** Per account, spread over the regions. */
  instances: number;
  securityGroups: number;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

export function networkFiles(random: Random, accountId: string, size: NetworkSize): Record<string, unknown> {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const files: Record<string, unknown> = {};
  size.regions.forEach((region, r) => {
    const at = (command: string) => `regions/${region}/ec2/${command}.json`;
    const share = (total: number) => Math.floor(total / size.regions.length) + (r < total % size.regions.length ? 1 : 0);
    const vpcId = `vpc-${hex(r, 8)}`;
    const groupIds = Array.from({ length: share(size.securityGroups) }, (_, i) => `sg-${hex(r, 2)}${hex(i, 15)}`);
    const rule = (protocol: string, from: number | undefined, to: number | undefined, cidr: string) => ({
      IpProtocol: protocol, ...(from === undefined ? {} : { FromPort: from, ToPort: to }), IpRanges: [{ CidrIp: cidr }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [],
    });
    files[at('get-ebs-encryption-by-default')] = { EbsEncryptionByDefault: random() < 0.7 };
    files[at('describe-security-groups')] = {
      SecurityGroups: groupIds.map((groupId, i) => ({
        Description: `group ${i}`, GroupName: i === 0 ? 'default' : `app-${i}`, OwnerId: accountId, GroupId: groupId, VpcId: vpcId,
        IpPermissions: [
          rule('tcp', 443, 443, '0.0.0.0/0'),
          rule('tcp', pick([22, 3389, 8080, 5432]), undefined, '10.0.0.0/8'),
          ...(random() < 0.05 ? [rule('tcp', 22, 22, '0.0.0.0/0')] : []),
          ...(random() < 0.02 ? [rule('-1', undefined, undefined, '0.0.0.0/0')] : []),
        ].map((p) => (p.FromPort !== undefined && p.ToPort === undefined ? { ...p, ToPort: p.FromPort } : p)),
        IpPermissionsEgress: [rule('-1', undefined, undefined, '0.0.0.0/0')],
      })),
    };
    files[at('describe-network-acls')] = {
      NetworkAcls: [{
        NetworkAclId: `acl-${hex(r, 8)}`, VpcId: vpcId, IsDefault: true, OwnerId: accountId, Associations: [], Tags: [],
        Entries: [
          { Egress: false, Protocol: '6', RuleAction: 'deny', RuleNumber: 90, CidrBlock: '0.0.0.0/0', PortRange: { From: 22, To: 22 } },
          { Egress: false, Protocol: '-1', RuleAction: 'allow', RuleNumber: 100, CidrBlock: '0.0.0.0/0' },
          { Egress: false, Protocol: '-1', RuleAction: 'deny', RuleNumber: 32767, CidrBlock: '0.0.0.0/0' },
          { Egress: true, Protocol: '-1', RuleAction: 'allow', RuleNumber: 100, CidrBlock: '0.0.0.0/0' },
          { Egress: true, Protocol: '-1', RuleAction: 'deny', RuleNumber: 32767, CidrBlock: '0.0.0.0/0' },
        ],
      }],
    };
    files[at('describe-vpcs')] = { Vpcs: [{ VpcId: vpcId, OwnerId: accountId, IsDefault: true, CidrBlock: '172.31.0.0/16', State: 'available' }] };
    files[at('describe-flow-logs')] = { FlowLogs: random() < 0.5 ? [{ FlowLogId: `fl-${hex(r, 8)}`, ResourceId: vpcId, FlowLogStatus: 'ACTIVE', TrafficType: 'ALL', LogDestinationType: 's3' }] : [] };
    const instanceIds = Array.from({ length: share(size.instances) }, (_, i) => `i-${hex(r, 2)}${hex(i, 15)}`);
    const groupsOf = () => [pick(groupIds), pick(groupIds)].filter((id, i, all) => all.indexOf(id) === i).map((GroupId) => ({ GroupId, GroupName: 'g' }));
    files[at('describe-instances')] = {
      Reservations: instanceIds.map((InstanceId, i) => {
        const groups = groupIds.length > 0 ? groupsOf() : [];
        return {
          ReservationId: `r-${InstanceId.slice(2)}`, OwnerId: accountId, Groups: [],
          Instances: [{
            InstanceId, InstanceType: 't3.micro', State: { Code: 16, Name: random() < 0.9 ? 'running' : 'stopped' }, VpcId: vpcId, PrivateIpAddress: '10.0.0.1',
            ...(random() < 0.3 ? { PublicIpAddress: `203.0.113.${i % 250}` } : {}),
            MetadataOptions: { HttpTokens: random() < 0.8 ? 'required' : 'optional', HttpPutResponseHopLimit: 1, HttpEndpoint: 'enabled' },
            ...(random() < 0.8 ? { IamInstanceProfile: { Arn: `arn:aws:iam::${accountId}:instance-profile/app`, Id: 'AIPABENCH' } } : {}),
            SecurityGroups: groups,
            NetworkInterfaces: [{ NetworkInterfaceId: `eni-${InstanceId.slice(2)}`, SourceDestCheck: true, Groups: groups }],
            BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeId: `vol-${InstanceId.slice(2)}`, DeleteOnTermination: true } }],
            Tags: [{ Key: 'Name', Value: `app-${i}` }],
          }],
        };
      }),
    };
    files[at('describe-volumes')] = {
      Volumes: instanceIds.map((InstanceId) => ({ VolumeId: `vol-${InstanceId.slice(2)}`, Encrypted: random() < 0.9, Size: 8, VolumeType: 'gp3', State: 'in-use', Attachments: [{ InstanceId, Device: '/dev/xvda' }] })),
    };
  });
  return files;
}

interface RuleValue { IpProtocol: string; FromPort?: number; ToPort?: number; IpRanges: { CidrIp: string }[] }
interface InstanceValue { InstanceId: string; PublicIpAddress?: string; SecurityGroups: { GroupId: string }[] }

/**
 * The answer to "instances with a public IP whose security group admits
 * 0.0.0.0/0 on port 22", worked out from the files themselves (not through
 * the engine), so a benchmark can check the engine's answer before timing
 * it: instance ids, of every region.
 */
export function publicInstancesOpenOn22(files: Record<string, unknown>): string[] {
  const admits22 = (rule: RuleValue) => rule.IpRanges.some((range) => range.CidrIp === '0.0.0.0/0') && (rule.IpProtocol === '-1' || (rule.FromPort! <= 22 && rule.ToPort! >= 22));
  return Object.keys(files).flatMap((file) => {
    const region = /^regions\/([^/]+)\/ec2\/describe-instances\.json$/.exec(file)?.[1];
    if (!region) return [];
    const groups = (files[`regions/${region}/ec2/describe-security-groups.json`] as { SecurityGroups: { GroupId: string; IpPermissions: RuleValue[] }[] }).SecurityGroups;
    const open = new Set(groups.filter((group) => group.IpPermissions.some(admits22)).map((group) => group.GroupId));
    const instances = (files[file] as { Reservations: { Instances: InstanceValue[] }[] }).Reservations.flatMap((reservation) => reservation.Instances);
    return instances.filter((instance) => instance.PublicIpAddress !== undefined && instance.SecurityGroups.some((group) => open.has(group.GroupId))).map((instance) => instance.InstanceId);
  });
}
