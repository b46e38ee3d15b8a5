import { defineModule, many } from '../module.js';
import { vmType } from './instances.js';
import { securityGroupRelations, vmRelations } from './relations.js';
import { describeInstances, describeVolumes } from './sources.js';

const byRegion = (vm: Record<string, unknown>) => vm.region as string;

/**
 * EC2 instances, per region in scope, with their volumes, security groups
 * (which must be groups of the region) and IAM roles (through the instance
 * profile, from the IAM graph).
 */
export default defineModule({
  name: 'ec2-instances',
  sdl: /* GraphQL */ `
    "An EC2 instance."
    type VM implements Asset {
      "The instance's ARN."
      id: ID!
      "The Name tag."
      name: String
      instanceID: String!
      instanceType: String
      "\`pending\`, \`running\`, \`stopping\`, \`stopped\`, \`shutting-down\` or \`terminated\`."
      state: String!
      publicIpAddress: String
      privateIpAddress: String
      vpcID: String
      "\`required\` (IMDSv2 only) or \`optional\` (IMDSv1 allowed)."
      metadataOptionHTTPTokens: String
      metadataOptionHTTPPutResponseHopLimit: Int
      "\`enabled\` or \`disabled\` (no metadata service at all)."
      metadataOptionHTTPEndpoint: String
      "The instance profile's ARN, or null."
      iamInstanceProfile: String
      "The roles the instance gets through its instance profile (the IAM graph's \`instanceProfiles\`)."
      iamRoles: [IAMRole!]!
      "The instance's security groups (of its primary interface)."
      securityGroups: [SecurityGroup!]!
      networkInterfaces: [VMNetworkInterface!]!
      "The EBS volumes its block devices map."
      diskAttachments: [VMDiskAttachment!]!
      region: String!
      accountId: String!
      provider: String!
      cloudProvider: String!
      connector: Connector!
    }

    "A network interface of an instance."
    type VMNetworkInterface {
      networkInterfaceID: String!
      "False when the interface forwards traffic not addressed to it (a NAT instance)."
      sourceDestCheck: Boolean
      securityGroups: [SecurityGroup!]!
    }

    "A block device of an instance that is an EBS volume."
    type VMDiskAttachment {
      deviceName: String
      deleteOnTermination: Boolean
      disk: EBSVolume!
    }

    "An EBS volume."
    type EBSVolume {
      volumeID: String!
      encrypted: Boolean!
      kmsKeyID: String
      "GiB."
      size: Int
      volumeType: String
      state: String
    }

    extend type SecurityGroup {
      "The instances in the group."
      vms: [VM!]!
    }

    extend type AWSRegion {
      "The region's instances (empty for a region out of scope: it is not read)."
      vms: [VM!]!
    }

    extend type Connector {
      "The instances of every region in scope."
      vms: [VM!]!
    }
  `,
  sources: [describeInstances, describeVolumes],
  types: { VM: vmType },
  values: {
    VMNetworkInterface: ['networkInterfaceID', 'sourceDestCheck', 'securityGroups'],
    VMDiskAttachment: ['deviceName', 'deleteOnTermination', 'disk'],
    EBSVolume: ['volumeID', 'encrypted', 'kmsKeyID', 'size', 'volumeType', 'state'],
  },
  relations: {
    VM: vmRelations,
    SecurityGroup: securityGroupRelations,
    AWSRegion: { vms: many('VM', (region, graph) => graph.index('VM', byRegion).get(region.name as string) ?? []) },
    Connector: { vms: many('VM', (_connector, graph) => graph.rows('VM')) },
  },
});
