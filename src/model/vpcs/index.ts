import { defineModule, many } from '../module.js';
import { nameTag } from '../network-rules/tags.js';
import { describeFlowLogs, describeVpcs, type FlowLogValue, type VpcValue } from './sources.js';

const byRegion = (vpc: Record<string, unknown>) => vpc.region as string;
const cut = (text: string) => JSON.stringify(text.slice(0, 100));

/**
 * VPCs the account owns, per region in scope, with the flow logs that log
 * them. A VPC shared from another account is that account's to log: it is
 * not listed. A flow log of a VPC the region does not list is the
 * account's ERROR (the two answers disagree), never a dropped log.
 */
export default defineModule({
  name: 'vpcs',
  sdl: /* GraphQL */ `
    "A VPC the account owns (VPCs shared from other accounts are theirs)."
    type VPC implements Asset {
      "The VPC's ARN."
      id: ID!
      "The Name tag, else the VPC's id."
      name: String
      vpcID: String!
      "The region's default VPC."
      isDefault: Boolean!
      cidrBlock: String
      "\`available\` or \`pending\`."
      state: String
      "The flow logs whose resource is this VPC (not those of its subnets or interfaces)."
      hasFlowLog: [FlowLog!]!
      region: String!
      accountId: String!
      provider: String!
      cloudProvider: String!
      connector: Connector!
    }

    "A VPC flow log."
    type FlowLog {
      flowLogID: String!
      "\`ACTIVE\` when it is logging."
      flowLogStatus: String
      "\`ACCEPT\`, \`REJECT\` or \`ALL\`."
      trafficType: String
      "\`cloud-watch-logs\`, \`s3\` or \`kinesis-data-firehose\`."
      logDestinationType: String
      logDestination: String
      "\`SUCCESS\`, or why delivery fails."
      deliverLogsStatus: String
    }

    extend type AWSRegion {
      "The region's VPCs (empty for a region out of scope: it is not read)."
      vpcs: [VPC!]!
    }

    extend type Connector {
      "The VPCs of every region in scope."
      vpcs: [VPC!]!
    }
  `,
  sources: [describeVpcs, describeFlowLogs],
  types: {
    VPC: {
      root: 'vpcs',
      description: 'VPCs the account owns and their flow logs, per region in scope.',
      regional: true,
      needs: [describeVpcs, describeFlowLogs],
      fields: ['id', 'name', 'vpcID', 'isDefault', 'cidrBlock', 'state', 'hasFlowLog'],
      rows: (view) => {
        const { Vpcs } = view.value(describeVpcs) as { Vpcs: VpcValue[] };
        const { FlowLogs } = view.value(describeFlowLogs) as { FlowLogs: FlowLogValue[] };
        const listed = new Set(Vpcs.map((vpc) => vpc.VpcId));
        const logsOf = new Map<string, FlowLogValue[]>();
        for (const log of FlowLogs) {
          if (!log.ResourceId.startsWith('vpc-')) continue; // a subnet's or an interface's
          if (!listed.has(log.ResourceId)) {
            view.fail('DanglingReference', `flow log ${cut(log.FlowLogId)} logs VPC ${cut(log.ResourceId)}, which ${view.origin(describeVpcs)} does not list`);
          }
          logsOf.set(log.ResourceId, [...(logsOf.get(log.ResourceId) ?? []), log]);
        }
        return Vpcs.filter((vpc) => vpc.OwnerId === view.accountId).map((vpc) => ({
          id: `arn:aws:ec2:${view.region}:${vpc.OwnerId}:vpc/${vpc.VpcId}`,
          name: nameTag(vpc.Tags) ?? vpc.VpcId,
          vpcID: vpc.VpcId,
          isDefault: vpc.IsDefault ?? false,
          cidrBlock: vpc.CidrBlock ?? null,
          state: vpc.State ?? null,
          hasFlowLog: (logsOf.get(vpc.VpcId) ?? []).map((log) => ({
            flowLogID: log.FlowLogId,
            flowLogStatus: log.FlowLogStatus ?? null,
            trafficType: log.TrafficType ?? null,
            logDestinationType: log.LogDestinationType ?? null,
            logDestination: log.LogDestination ?? log.LogGroupName ?? null,
            deliverLogsStatus: log.DeliverLogsStatus ?? null,
          })),
        }));
      },
    },
  },
  values: { FlowLog: ['flowLogID', 'flowLogStatus', 'trafficType', 'logDestinationType', 'logDestination', 'deliverLogsStatus'] },
  relations: {
    AWSRegion: { vpcs: many('VPC', (region, graph) => graph.index('VPC', byRegion).get(region.name as string) ?? []) },
    Connector: { vpcs: many('VPC', (_connector, graph) => graph.rows('VPC')) },
  },
});
