import { aws } from '../../sources/shape.js';
import { defineSource } from '../../sources/source.js';
import { ec2Sdk } from '../network-rules/ec2-source.js';

const groups = aws.list(aws.object({ GroupId: aws.string(), GroupName: aws.string().optional() })).optional();

/** The instances of the region, in their reservations. */
export const describeInstances = defineSource({
  id: 'ec2/describe-instances',
  service: 'ec2',
  command: 'describe-instances',
  operation: 'DescribeInstances',
  permissions: ['ec2:DescribeInstances'],
  scope: 'region',
  gives: 'the EC2 instances of the region: state, instance profile, metadata options, groups, interfaces, volumes (CIS 1.18, 5.6)',
  sdk: ec2Sdk('Reservations'),
  shape: aws.object({
    Reservations: aws.list(
      aws.object({
        Instances: aws.list(
          aws.object({
            InstanceId: aws.string(),
            InstanceType: aws.string().optional(),
            State: aws.object({ Name: aws.string() }),
            PublicIpAddress: aws.string().optional(),
            PrivateIpAddress: aws.string().optional(),
            VpcId: aws.string().optional(),
            MetadataOptions: aws.object({ HttpTokens: aws.string().optional(), HttpPutResponseHopLimit: aws.integer(-1, 64).optional(), HttpEndpoint: aws.string().optional() }).optional(),
            IamInstanceProfile: aws.object({ Arn: aws.string(), Id: aws.string().optional() }).optional(),
            SecurityGroups: groups,
            NetworkInterfaces: aws.list(aws.object({ NetworkInterfaceId: aws.string(), SourceDestCheck: aws.boolean().optional(), Groups: groups })).optional(),
            BlockDeviceMappings: aws.list(aws.object({ DeviceName: aws.string().optional(), Ebs: aws.object({ VolumeId: aws.string(), DeleteOnTermination: aws.boolean().optional() }).optional() })).optional(),
            Tags: aws.list(aws.object({ Key: aws.string(), Value: aws.string() })).optional(),
          }),
        ),
      }),
    ),
  }),
});

/** The EBS volumes of the region and what they are attached to. */
export const describeVolumes = defineSource({
  id: 'ec2/describe-volumes',
  service: 'ec2',
  command: 'describe-volumes',
  operation: 'DescribeVolumes',
  permissions: ['ec2:DescribeVolumes'],
  scope: 'region',
  gives: 'the EBS volumes of the region, their encryption and attachments',
  sdk: ec2Sdk('Volumes'),
  shape: aws.object({
    Volumes: aws.list(
      aws.object({
        VolumeId: aws.string(),
        Encrypted: aws.boolean(),
        KmsKeyId: aws.string().optional(),
        Size: aws.integer().optional(),
        VolumeType: aws.string().optional(),
        State: aws.string().optional(),
        Attachments: aws.list(aws.object({ InstanceId: aws.string().optional(), Device: aws.string().optional() })).optional(),
      }),
    ),
  }),
});

export interface GroupRefValue {
  GroupId: string;
  GroupName?: string;
}

export interface InstanceValue {
  InstanceId: string;
  InstanceType?: string;
  State: { Name: string };
  PublicIpAddress?: string;
  PrivateIpAddress?: string;
  VpcId?: string;
  MetadataOptions?: { HttpTokens?: string; HttpPutResponseHopLimit?: number; HttpEndpoint?: string };
  IamInstanceProfile?: { Arn: string; Id?: string };
  SecurityGroups?: GroupRefValue[];
  NetworkInterfaces?: { NetworkInterfaceId: string; SourceDestCheck?: boolean; Groups?: GroupRefValue[] }[];
  BlockDeviceMappings?: { DeviceName?: string; Ebs?: { VolumeId: string; DeleteOnTermination?: boolean } }[];
  Tags?: { Key: string; Value: string }[];
}

export interface VolumeValue {
  VolumeId: string;
  Encrypted: boolean;
  KmsKeyId?: string;
  Size?: number;
  VolumeType?: string;
  State?: string;
  Attachments?: { InstanceId?: string; Device?: string }[];
}
