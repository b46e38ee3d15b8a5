import { z } from 'zod';
import { aws } from '../../sources/shape.js';
import { defineSource } from '../../sources/source.js';

export const describeAlarms = defineSource({
  id: 'cloudwatch/describe-alarms',
  service: 'cloudwatch',
  command: 'describe-alarms',
  operation: 'DescribeAlarms',
  permissions: ['cloudwatch:DescribeAlarms'],
  scope: 'region',
  gives: 'the metric alarms of the region: metric name and namespace, and the SNS topics they notify (CIS 4.1-4.15)',
  sdk: {
    load: () => import('@aws-sdk/client-cloudwatch'),
    client: 'CloudWatchClient',
    paginate: { inputToken: 'NextToken', outputToken: 'NextToken', resultKeys: ['MetricAlarms', 'CompositeAlarms'] },
  },
  shape: aws.object({
    MetricAlarms: aws.list(
      aws.object({
        AlarmName: aws.string(),
        AlarmArn: aws.string(),
        // Alarms on metric math have no single metric: they match no filter.
        MetricName: aws.string().optional(),
        Namespace: aws.string().optional(),
        ActionsEnabled: aws.boolean().optional(),
        AlarmActions: aws.list(aws.string()).optional(),
        StateValue: aws.string().optional(),
        Statistic: aws.string().optional(),
        ComparisonOperator: aws.string().optional(),
        Threshold: z.number({ message: 'expected a number' }).optional(),
      }),
    ),
  }),
});

export interface MetricAlarmValue {
  AlarmName: string;
  AlarmArn: string;
  MetricName?: string;
  Namespace?: string;
  ActionsEnabled?: boolean;
  AlarmActions?: string[];
  StateValue?: string;
  Statistic?: string;
  ComparisonOperator?: string;
  Threshold?: number;
}

export interface DescribeAlarmsValue {
  MetricAlarms: MetricAlarmValue[];
}

/** SNS topics the region's alarms notify (`AlarmActions` of the `sns` service in this region), each once. */
export function alarmTopics(value: DescribeAlarmsValue, region: string | undefined): string[] {
  const topics = new Set<string>();
  for (const alarm of value.MetricAlarms) for (const action of alarm.AlarmActions ?? []) if (action.split(':')[2] === 'sns' && action.split(':')[3] === region) topics.add(action);
  return [...topics].sort();
}
