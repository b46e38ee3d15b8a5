import { defineModule, many } from '../module.js';
import { RULE_FIELDS, ruleOf } from './rules.js';
import { describeSecurityGroups, type DescribeSecurityGroupsValue } from './sources.js';

const byRegion = (group: Record<string, unknown>) => group.region as string;

/** Security groups, per region in scope, with their rules flattened to what port and source filters ask. */
export default defineModule({
  name: 'security-groups',
  sdl: /* GraphQL */ `
    "An EC2 security group."
    type SecurityGroup implements Asset {
      "The group's ARN."
      id: ID!
      "The group's name."
      name: String
      groupId: String!
      groupName: String!
      description: String
      vpcID: String
      "The VPC's default group (named \`default\`), which every instance launched without a group gets."
      isDefault: Boolean!
      "Inbound (\`IpPermissions\`) and outbound (\`IpPermissionsEgress\`) rules, one per IP permission."
      rules: [SecurityGroupRule!]!
      region: String!
      accountId: String!
      provider: String!
      cloudProvider: String!
      connector: Connector!
    }

    "One rule of a security group: it allows the protocol and ports from (inbound) or to (outbound) every source it lists."
    type SecurityGroupRule {
      "\`Inbound\` or \`Outbound\`."
      direction: String!
      "Always \`Allow\`: security groups have no deny rules."
      action: String!
      "\`tcp\`, \`udp\`, \`icmp\`, \`icmpv6\`, a protocol number, or \`-1\` (all traffic)."
      protocol: String!
      "The first port; 0 for all traffic (\`-1\`), null for protocols without ports (ICMP)."
      destFromPort: Int
      "The last port; 65535 for all traffic (\`-1\`), null for protocols without ports (ICMP)."
      destToPort: Int
      "\`cidr:<block>\` (IPv4 or IPv6), \`sg:<group id>\`, \`pl:<prefix list id>\`."
      sources: [String!]!
    }

    extend type AWSRegion {
      "The region's security groups (empty for a region out of scope: it is not read)."
      securityGroups: [SecurityGroup!]!
    }

    extend type Connector {
      "The security groups of every region in scope."
      securityGroups: [SecurityGroup!]!
    }
  `,
  sources: [describeSecurityGroups],
  types: {
    SecurityGroup: {
      root: 'securityGroups',
      description: 'EC2 security groups and their rules, per region in scope.',
      regional: true,
      needs: [describeSecurityGroups],
      fields: ['id', 'name', 'groupId', 'groupName', 'description', 'vpcID', 'isDefault', 'rules'],
      rows: (view) =>
        (view.value(describeSecurityGroups) as DescribeSecurityGroupsValue).SecurityGroups.map((group) => ({
          id: `arn:aws:ec2:${view.region}:${group.OwnerId ?? view.accountId}:security-group/${group.GroupId}`,
          name: group.GroupName,
          groupId: group.GroupId,
          groupName: group.GroupName,
          description: group.Description ?? null,
          vpcID: group.VpcId ?? null,
          isDefault: group.GroupName === 'default',
          rules: [...(group.IpPermissions ?? []).map((p) => ruleOf(p, 'Inbound')), ...(group.IpPermissionsEgress ?? []).map((p) => ruleOf(p, 'Outbound'))],
        })),
    },
  },
  values: { SecurityGroupRule: RULE_FIELDS },
  relations: {
    AWSRegion: { securityGroups: many('SecurityGroup', (region, graph) => graph.index('SecurityGroup', byRegion).get(region.name as string) ?? []) },
    Connector: { securityGroups: many('SecurityGroup', (_connector, graph) => graph.rows('SecurityGroup')) },
  },
});
