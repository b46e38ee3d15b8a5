import { aws } from '../../sources/shape.js';
import { defineSource, type SourceAt } from '../../sources/source.js';

/**
 * The trails a region lists: its own, and the shadow copies of multi-region
 * (and organization) trails whose home is elsewhere, as the AWS CLI prints
 * them by default. Trail rows take each trail once, from its home region.
 */
export const describeTrails = defineSource({
  id: 'cloudtrail/describe-trails',
  service: 'cloudtrail',
  command: 'describe-trails',
  operation: 'DescribeTrails',
  permissions: ['cloudtrail:DescribeTrails'],
  scope: 'region',
  gives: 'the trails of the region, shadow copies of multi-region trails included (CIS 3.1, 3.2, 3.5, 4.x)',
  sdk: { load: () => import('@aws-sdk/client-cloudtrail'), client: 'CloudTrailClient' },
  shape: aws.object({
    trailList: aws.list(
      aws.object({
        Name: aws.string(),
        TrailARN: aws.string(),
        HomeRegion: aws.string(),
        S3BucketName: aws.string().optional(),
        S3KeyPrefix: aws.string().optional(),
        IncludeGlobalServiceEvents: aws.boolean().optional(),
        IsMultiRegionTrail: aws.boolean(),
        IsOrganizationTrail: aws.boolean().optional(),
        LogFileValidationEnabled: aws.boolean().optional(),
        CloudWatchLogsLogGroupArn: aws.string().optional(),
        CloudWatchLogsRoleArn: aws.string().optional(),
        KmsKeyId: aws.string().optional(),
        HasCustomEventSelectors: aws.boolean().optional(),
      }),
    ),
  }),
});

export interface TrailValue {
  Name: string;
  TrailARN: string;
  HomeRegion: string;
  S3BucketName?: string;
  S3KeyPrefix?: string;
  IncludeGlobalServiceEvents?: boolean;
  IsMultiRegionTrail: boolean;
  IsOrganizationTrail?: boolean;
  LogFileValidationEnabled?: boolean;
  CloudWatchLogsLogGroupArn?: string;
  CloudWatchLogsRoleArn?: string;
  KmsKeyId?: string;
  HasCustomEventSelectors?: boolean;
}

export interface DescribeTrailsValue {
  trailList: TrailValue[];
}

/** The trails whose home is the region read: status and selectors are asked there, by ARN, once per trail. */
export const homeTrails = (parent: unknown, at: SourceAt): string[] => (parent as DescribeTrailsValue).trailList.filter((trail) => trail.HomeRegion === at.region).map((trail) => trail.TrailARN);

export const getTrailStatus = defineSource({
  id: 'cloudtrail/get-trail-status',
  service: 'cloudtrail',
  command: 'get-trail-status',
  operation: 'GetTrailStatus',
  permissions: ['cloudtrail:GetTrailStatus'],
  scope: 'region',
  perResource: { parent: describeTrails, keys: homeTrails, param: 'Name', cliParam: '--name' },
  gives: 'whether each trail of its home region is logging, and its latest CloudWatch Logs delivery (CIS 3.1, 3.4)',
  sdk: { load: () => import('@aws-sdk/client-cloudtrail'), client: 'CloudTrailClient', input: (context) => ({ Name: context.key }) },
  shape: aws.object({ IsLogging: aws.boolean(), LatestCloudWatchLogsDeliveryTime: aws.timestamp().optional(), LatestDeliveryTime: aws.timestamp().optional() }),
});

export interface TrailStatusValue {
  IsLogging: boolean;
  LatestCloudWatchLogsDeliveryTime?: string;
  LatestDeliveryTime?: string;
}

const fieldSelector = aws.object({
  Field: aws.string(),
  Equals: aws.list(aws.string()).optional(),
  StartsWith: aws.list(aws.string()).optional(),
  EndsWith: aws.list(aws.string()).optional(),
  NotEquals: aws.list(aws.string()).optional(),
  NotStartsWith: aws.list(aws.string()).optional(),
  NotEndsWith: aws.list(aws.string()).optional(),
});

export const getEventSelectors = defineSource({
  id: 'cloudtrail/get-event-selectors',
  service: 'cloudtrail',
  command: 'get-event-selectors',
  operation: 'GetEventSelectors',
  permissions: ['cloudtrail:GetEventSelectors'],
  scope: 'region',
  perResource: { parent: describeTrails, keys: homeTrails, param: 'TrailName', cliParam: '--trail-name' },
  gives: 'the event selectors (basic or advanced) of each trail of its home region: which management and data events it logs (CIS 3.1, 3.8, 3.9)',
  sdk: { load: () => import('@aws-sdk/client-cloudtrail'), client: 'CloudTrailClient', input: (context) => ({ TrailName: context.key }) },
  shape: aws.object({
    TrailARN: aws.string().optional(),
    EventSelectors: aws
      .list(
        aws.object({
          ReadWriteType: aws.oneOf(['ReadOnly', 'WriteOnly', 'All']).optional(),
          IncludeManagementEvents: aws.boolean().optional(),
          DataResources: aws.list(aws.object({ Type: aws.string().optional(), Values: aws.list(aws.string()).optional() })).optional(),
          ExcludeManagementEventSources: aws.list(aws.string()).optional(),
        }),
      )
      .optional(),
    AdvancedEventSelectors: aws.list(aws.object({ Name: aws.string().optional(), FieldSelectors: aws.list(fieldSelector) })).optional(),
  }),
});

export interface FieldSelectorValue {
  Field: string;
  Equals?: string[];
  StartsWith?: string[];
  EndsWith?: string[];
  NotEquals?: string[];
  NotStartsWith?: string[];
  NotEndsWith?: string[];
}

export interface EventSelectorsValue {
  TrailARN?: string;
  EventSelectors?: { ReadWriteType?: 'ReadOnly' | 'WriteOnly' | 'All'; IncludeManagementEvents?: boolean; DataResources?: { Type?: string; Values?: string[] }[]; ExcludeManagementEventSources?: string[] }[];
  AdvancedEventSelectors?: { Name?: string; FieldSelectors: FieldSelectorValue[] }[];
}
