import { aws } from '../../sources/shape.js';
import { defineSource } from '../../sources/source.js';
import { ec2Sdk } from '../network-rules/ec2-source.js';

/** A port, or an ICMP type or code (-1: all). */
const port = aws.integer(-1, 65535).optional();

const permission = aws.object({
  IpProtocol: aws.string(),
  FromPort: port,
  ToPort: port,
  IpRanges: aws.list(aws.object({ CidrIp: aws.string() })).optional(),
  Ipv6Ranges: aws.list(aws.object({ CidrIpv6: aws.string() })).optional(),
  PrefixListIds: aws.list(aws.object({ PrefixListId: aws.string() })).optional(),
  UserIdGroupPairs: aws.list(aws.object({ GroupId: aws.string().optional(), UserId: aws.string().optional() })).optional(),
});

/** The security groups the account owns in the region, with their inbound and outbound rules. */
export const describeSecurityGroups = defineSource({
  id: 'ec2/describe-security-groups',
  service: 'ec2',
  command: 'describe-security-groups',
  operation: 'DescribeSecurityGroups',
  permissions: ['ec2:DescribeSecurityGroups'],
  scope: 'region',
  gives: 'the security groups of the region and their rules (CIS 5.2, 5.3, 5.4)',
  sdk: ec2Sdk('SecurityGroups'),
  shape: aws.object({
    SecurityGroups: aws.list(
      aws.object({
        GroupId: aws.string(),
        GroupName: aws.string(),
        Description: aws.string().optional(),
        VpcId: aws.string().optional(),
        OwnerId: aws.string().optional(),
        IpPermissions: aws.list(permission).optional(),
        IpPermissionsEgress: aws.list(permission).optional(),
      }),
    ),
  }),
});

export interface IpPermissionValue {
  IpProtocol: string;
  FromPort?: number;
  ToPort?: number;
  IpRanges?: { CidrIp: string }[];
  Ipv6Ranges?: { CidrIpv6: string }[];
  PrefixListIds?: { PrefixListId: string }[];
  UserIdGroupPairs?: { GroupId?: string; UserId?: string }[];
}

export interface SecurityGroupValue {
  GroupId: string;
  GroupName: string;
  Description?: string;
  VpcId?: string;
  OwnerId?: string;
  IpPermissions?: IpPermissionValue[];
  IpPermissionsEgress?: IpPermissionValue[];
}

export interface DescribeSecurityGroupsValue {
  SecurityGroups: SecurityGroupValue[];
}
