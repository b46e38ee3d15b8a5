import { aws } from '../../sources/shape.js';
import { defineSource } from '../../sources/source.js';
import { ec2Sdk } from '../network-rules/ec2-source.js';

/** The network ACLs of the region, with their numbered entries. */
export const describeNetworkAcls = defineSource({
  id: 'ec2/describe-network-acls',
  service: 'ec2',
  command: 'describe-network-acls',
  operation: 'DescribeNetworkAcls',
  permissions: ['ec2:DescribeNetworkAcls'],
  scope: 'region',
  gives: 'the network ACLs of the region and their numbered rules (CIS 5.1)',
  sdk: ec2Sdk('NetworkAcls'),
  shape: aws.object({
    NetworkAcls: aws.list(
      aws.object({
        NetworkAclId: aws.string(),
        VpcId: aws.string().optional(),
        IsDefault: aws.boolean().optional(),
        OwnerId: aws.string().optional(),
        Entries: aws.list(
          aws.object({
            RuleNumber: aws.integer(1, 32767),
            Protocol: aws.string(),
            RuleAction: aws.oneOf(['allow', 'deny']),
            Egress: aws.boolean(),
            CidrBlock: aws.string().optional(),
            Ipv6CidrBlock: aws.string().optional(),
            PortRange: aws.object({ From: aws.integer(0, 65535).optional(), To: aws.integer(0, 65535).optional() }).optional(),
            IcmpTypeCode: aws.object({ Type: aws.integer(-1, 255).optional(), Code: aws.integer(-1, 255).optional() }).optional(),
          }),
        ).optional(),
        Associations: aws.list(aws.object({ SubnetId: aws.string().optional() })).optional(),
        Tags: aws.list(aws.object({ Key: aws.string(), Value: aws.string() })).optional(),
      }),
    ),
  }),
});

export interface NetworkAclEntryValue {
  RuleNumber: number;
  Protocol: string;
  RuleAction: 'allow' | 'deny';
  Egress: boolean;
  CidrBlock?: string;
  Ipv6CidrBlock?: string;
  PortRange?: { From?: number; To?: number };
  IcmpTypeCode?: { Type?: number; Code?: number };
}

export interface NetworkAclValue {
  NetworkAclId: string;
  VpcId?: string;
  IsDefault?: boolean;
  OwnerId?: string;
  Entries?: NetworkAclEntryValue[];
  Associations?: { SubnetId?: string }[];
  Tags?: { Key: string; Value: string }[];
}

export interface DescribeNetworkAclsValue {
  NetworkAcls: NetworkAclValue[];
}
