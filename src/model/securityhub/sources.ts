import { aws } from '../../sources/shape.js';
import { defineSource } from '../../sources/source.js';

/** The region's Security Hub; `InvalidAccessException` is the answer of a region where it is not enabled: data, not an error. */
export const describeHub = defineSource({
  id: 'securityhub/describe-hub',
  service: 'securityhub',
  command: 'describe-hub',
  operation: 'DescribeHub',
  permissions: ['securityhub:DescribeHub'],
  scope: 'region',
  notConfigured: ['InvalidAccessException'],
  gives: 'whether Security Hub is enabled in the region (CIS 4.16)',
  sdk: { load: () => import('@aws-sdk/client-securityhub'), client: 'SecurityHubClient' },
  shape: aws.object({ HubArn: aws.string(), SubscribedAt: aws.string().optional(), AutoEnableControls: aws.boolean().optional(), ControlFindingGenerator: aws.string().optional() }),
});

export interface HubValue {
  HubArn: string;
  SubscribedAt?: string;
  AutoEnableControls?: boolean;
  ControlFindingGenerator?: string;
}
