import { aws } from '../../sources/shape.js';
import { defineSource } from '../../sources/source.js';

/** Every region of the partition with the account's opt-in status: what decides which regions are in scope. */
export const describeRegions = defineSource({
  id: 'ec2/describe-regions',
  service: 'ec2',
  command: 'describe-regions',
  cliArgs: ['--all-regions'],
  operation: 'DescribeRegions',
  permissions: ['ec2:DescribeRegions'],
  scope: 'account',
  gives: 'the regions and whether the account has enabled each (OptInStatus)',
  sdk: { load: () => import('@aws-sdk/client-ec2'), client: 'EC2Client', input: () => ({ AllRegions: true }) },
  shape: aws.object({
    Regions: aws.list(
      aws.object({
        RegionName: aws.string(),
        OptInStatus: aws.oneOf(['opt-in-not-required', 'opted-in', 'not-opted-in']),
        Endpoint: aws.string().optional(),
      }),
    ),
  }),
});

export interface DescribeRegionsValue {
  Regions: { RegionName: string; OptInStatus: 'opt-in-not-required' | 'opted-in' | 'not-opted-in'; Endpoint?: string }[];
}
