import { aws } from '../../sources/shape.js';
import { defineSource } from '../../sources/source.js';
import { ec2Sdk } from '../network-rules/ec2-source.js';

const tags = aws.list(aws.object({ Key: aws.string(), Value: aws.string() })).optional();

/** The VPCs of the region: the account's own, and those other accounts share with it (another `OwnerId`). */
export const describeVpcs = defineSource({
  id: 'ec2/describe-vpcs',
  service: 'ec2',
  command: 'describe-vpcs',
  operation: 'DescribeVpcs',
  permissions: ['ec2:DescribeVpcs'],
  scope: 'region',
  gives: 'the VPCs of the region and their owners (CIS 3.7)',
  sdk: ec2Sdk('Vpcs'),
  shape: aws.object({
    Vpcs: aws.list(aws.object({ VpcId: aws.string(), OwnerId: aws.string(), IsDefault: aws.boolean().optional(), CidrBlock: aws.string().optional(), State: aws.string().optional(), Tags: tags })),
  }),
});

/** The flow logs of the region: of VPCs, subnets or network interfaces. */
export const describeFlowLogs = defineSource({
  id: 'ec2/describe-flow-logs',
  service: 'ec2',
  command: 'describe-flow-logs',
  operation: 'DescribeFlowLogs',
  permissions: ['ec2:DescribeFlowLogs'],
  scope: 'region',
  gives: 'the flow logs of the region and what each logs (CIS 3.7)',
  sdk: ec2Sdk('FlowLogs'),
  shape: aws.object({
    FlowLogs: aws.list(
      aws.object({
        FlowLogId: aws.string(),
        ResourceId: aws.string(),
        FlowLogStatus: aws.string().optional(),
        TrafficType: aws.string().optional(),
        LogDestinationType: aws.string().optional(),
        LogDestination: aws.string().optional(),
        LogGroupName: aws.string().optional(),
        DeliverLogsStatus: aws.string().optional(),
      }),
    ),
  }),
});

export interface VpcValue {
  VpcId: string;
  OwnerId: string;
  IsDefault?: boolean;
  CidrBlock?: string;
  State?: string;
  Tags?: { Key: string; Value: string }[];
}

export interface FlowLogValue {
  FlowLogId: string;
  ResourceId: string;
  FlowLogStatus?: string;
  TrafficType?: string;
  LogDestinationType?: string;
  LogDestination?: string;
  LogGroupName?: string;
  DeliverLogsStatus?: string;
}
