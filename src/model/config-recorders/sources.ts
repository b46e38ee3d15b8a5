import { aws } from '../../sources/shape.js';
import { defineSource } from '../../sources/source.js';

export const describeConfigurationRecorders = defineSource({
  id: 'configservice/describe-configuration-recorders',
  service: 'configservice',
  command: 'describe-configuration-recorders',
  operation: 'DescribeConfigurationRecorders',
  permissions: ['config:DescribeConfigurationRecorders'],
  scope: 'region',
  gives: 'the AWS Config recorders of the region and what they record (CIS 3.3)',
  sdk: { load: () => import('@aws-sdk/client-config-service'), client: 'ConfigServiceClient' },
  shape: aws.object({
    ConfigurationRecorders: aws.list(
      aws.object({
        name: aws.string(),
        roleARN: aws.string().optional(),
        recordingGroup: aws
          .object({
            allSupported: aws.boolean().optional(),
            includeGlobalResourceTypes: aws.boolean().optional(),
            resourceTypes: aws.list(aws.string()).optional(),
            recordingStrategy: aws.object({ useOnly: aws.string().optional() }).optional(),
          })
          .optional(),
      }),
    ),
  }),
});

export interface RecorderValue {
  name: string;
  roleARN?: string;
  recordingGroup?: { allSupported?: boolean; includeGlobalResourceTypes?: boolean; resourceTypes?: string[]; recordingStrategy?: { useOnly?: string } };
}

export const describeConfigurationRecorderStatus = defineSource({
  id: 'configservice/describe-configuration-recorder-status',
  service: 'configservice',
  command: 'describe-configuration-recorder-status',
  operation: 'DescribeConfigurationRecorderStatus',
  permissions: ['config:DescribeConfigurationRecorderStatus'],
  scope: 'region',
  gives: 'whether each AWS Config recorder of the region is recording, and its last status (CIS 3.3)',
  sdk: { load: () => import('@aws-sdk/client-config-service'), client: 'ConfigServiceClient' },
  shape: aws.object({
    ConfigurationRecordersStatus: aws.list(
      aws.object({ name: aws.string(), recording: aws.boolean().optional(), lastStatus: aws.string().optional(), lastStatusChangeTime: aws.timestamp().optional(), lastErrorCode: aws.string().optional() }),
    ),
  }),
});

export interface RecorderStatusValue {
  name: string;
  recording?: boolean;
  lastStatus?: string;
  lastStatusChangeTime?: string;
  lastErrorCode?: string;
}
