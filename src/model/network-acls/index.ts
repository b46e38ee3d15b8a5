import { defineModule, many } from '../module.js';
import { nameTag } from '../network-rules/tags.js';
import { NACL_RULE_FIELDS, rulesOf } from './rules.js';
import { describeNetworkAcls, type DescribeNetworkAclsValue } from './sources.js';

const byRegion = (acl: Record<string, unknown>) => acl.region as string;

/** Network ACLs, per region in scope; each rule says what first-match evaluation leaves to it. */
export default defineModule({
  name: 'network-acls',
  sdl: /* GraphQL */ `
    "A VPC network ACL: stateless, numbered rules evaluated lowest number first, the first match deciding."
    type NetworkACL implements Asset {
      "The ACL's ARN."
      id: ID!
      "The Name tag, else the ACL's id."
      name: String
      networkAclID: String!
      vpcID: String
      "The VPC's default ACL."
      isDefault: Boolean!
      "The subnets it applies to."
      subnetIDs: [String!]!
      "Every entry, the final \`*\` deny (rule 32767) included, inbound first, by rule number."
      rules: [NetworkACLRule!]!
      region: String!
      accountId: String!
      provider: String!
      cloudProvider: String!
      connector: Connector!
    }

    "One numbered entry of a network ACL."
    type NetworkACLRule {
      ruleNumber: Int!
      "\`Inbound\` or \`Outbound\`."
      direction: String!
      "\`Allow\` or \`Deny\`."
      action: String!
      "A protocol number (\`6\` TCP, \`17\` UDP, \`1\` ICMP) or \`-1\` (all traffic)."
      protocol: String!
      "The first port; 0 for all traffic, null for protocols without ports."
      destFromPort: Int
      "The last port; 65535 for all traffic, null for protocols without ports."
      destToPort: Int
      "\`cidr:<block>\` (IPv4 or IPv6)."
      sources: [String!]!
      "Not shadowed: for some of its traffic from its whole source, no lower-numbered rule of the same direction decides first (docs/cis-pack.md, 5.1)."
      effective: Boolean!
      "The TCP and UDP destination ports this rule is the first match for, from every address of its source. Empty for protocols without ports."
      effectivePorts: [NetworkACLPortRange!]!
    }

    "An inclusive range of ports of one protocol."
    type NetworkACLPortRange {
      "\`6\` (TCP) or \`17\` (UDP)."
      protocol: String!
      fromPort: Int!
      toPort: Int!
    }

    extend type AWSRegion {
      "The region's network ACLs (empty for a region out of scope: it is not read)."
      networkAcls: [NetworkACL!]!
    }

    extend type Connector {
      "The network ACLs of every region in scope."
      networkAcls: [NetworkACL!]!
    }
  `,
  sources: [describeNetworkAcls],
  types: {
    NetworkACL: {
      root: 'networkAcls',
      description: 'VPC network ACLs and their numbered rules, per region in scope.',
      regional: true,
      needs: [describeNetworkAcls],
      fields: ['id', 'name', 'networkAclID', 'vpcID', 'isDefault', 'subnetIDs', 'rules'],
      rows: (view) =>
        (view.value(describeNetworkAcls) as DescribeNetworkAclsValue).NetworkAcls.map((acl) => ({
          id: `arn:aws:ec2:${view.region}:${acl.OwnerId ?? view.accountId}:network-acl/${acl.NetworkAclId}`,
          name: nameTag(acl.Tags) ?? acl.NetworkAclId,
          networkAclID: acl.NetworkAclId,
          vpcID: acl.VpcId ?? null,
          isDefault: acl.IsDefault ?? false,
          subnetIDs: (acl.Associations ?? []).flatMap((association) => (association.SubnetId ? [association.SubnetId] : [])),
          rules: rulesOf(acl.Entries ?? []),
        })),
    },
  },
  values: { NetworkACLRule: NACL_RULE_FIELDS, NetworkACLPortRange: ['protocol', 'fromPort', 'toPort'] },
  relations: {
    AWSRegion: { networkAcls: many('NetworkACL', (region, graph) => graph.index('NetworkACL', byRegion).get(region.name as string) ?? []) },
    Connector: { networkAcls: many('NetworkACL', (_connector, graph) => graph.rows('NetworkACL')) },
  },
});
