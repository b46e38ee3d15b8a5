import { aws } from '../../sources/shape.js';
import { defineSource } from '../../sources/source.js';

/** Every metric filter of the region (no `--log-group-name`): one paginated call, whatever the number of log groups. */
export const describeMetricFilters = defineSource({
  id: 'logs/describe-metric-filters',
  service: 'logs',
  command: 'describe-metric-filters',
  operation: 'DescribeMetricFilters',
  permissions: ['logs:DescribeMetricFilters'],
  scope: 'region',
  gives: 'the metric filters of every log group of the region: pattern, metric name and namespace (CIS 4.1-4.15)',
  sdk: {
    load: () => import('@aws-sdk/client-cloudwatch-logs'),
    client: 'CloudWatchLogsClient',
    paginate: { inputToken: 'nextToken', outputToken: 'nextToken', resultKeys: ['metricFilters'] },
  },
  shape: aws.object({
    metricFilters: aws.list(
      aws.object({
        filterName: aws.string(),
        filterPattern: aws.string().optional(),
        logGroupName: aws.string(),
        creationTime: aws.integer().optional(),
        metricTransformations: aws.list(aws.object({ metricName: aws.string(), metricNamespace: aws.string(), metricValue: aws.string().optional() })),
      }),
    ),
  }),
});

export interface MetricFilterValue {
  filterName: string;
  filterPattern?: string;
  logGroupName: string;
  creationTime?: number;
  metricTransformations: { metricName: string; metricNamespace: string; metricValue?: string }[];
}

export interface DescribeMetricFiltersValue {
  metricFilters: MetricFilterValue[];
}
