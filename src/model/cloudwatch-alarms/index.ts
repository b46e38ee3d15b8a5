import { defineModule, many } from '../module.js';
import { describeAlarms, type DescribeAlarmsValue } from './sources.js';

/** Alarms and filters meet on region, metric name and namespace. */
const metricKey = (region: unknown, name: unknown, namespace: unknown) => `${String(region)}\u0000${String(name)}\u0000${String(namespace)}`;
const alarmMetric = (alarm: Record<string, unknown>) => (alarm.metricName === null ? undefined : metricKey(alarm.region, alarm.metricName, alarm.namespace));

/**
 * CloudWatch metric alarms, and which metric filters they watch: an alarm
 * on the metric a filter counts to (same region, metric name and
 * namespace). The same name in another namespace is another metric.
 */
export default defineModule({
  name: 'cloudwatch-alarms',
  sdl: /* GraphQL */ `
    "A CloudWatch metric alarm."
    type MetricAlarm implements Asset {
      "The alarm's ARN."
      id: ID!
      name: String
      arn: String!
      "The metric watched; null for an alarm on metric math."
      metricName: String
      namespace: String
      "Whether the alarm's actions run on a state change."
      actionsEnabled: Boolean!
      "What the alarm notifies when it goes to ALARM (SNS topic ARNs, Auto Scaling or EC2 actions), as values: a topic may be of another account."
      alarmActions: [String!]!
      stateValue: String
      statistic: String
      comparisonOperator: String
      threshold: Float
      region: String!
      accountId: String!
      provider: String!
      cloudProvider: String!
      connector: Connector!
    }

    extend type MetricFilter {
      "The alarms on the filter's metric (same region, metric name and namespace)."
      alarms: [MetricAlarm!]!
    }

    extend type Connector {
      metricAlarms: [MetricAlarm!]!
    }
  `,
  sources: [describeAlarms],
  types: {
    MetricAlarm: {
      root: 'metricAlarms',
      description: 'CloudWatch metric alarms, per region in scope.',
      regional: true,
      needs: [describeAlarms],
      fields: ['id', 'name', 'arn', 'metricName', 'namespace', 'actionsEnabled', 'alarmActions', 'stateValue', 'statistic', 'comparisonOperator', 'threshold'],
      rows: (view) =>
        (view.value(describeAlarms) as DescribeAlarmsValue).MetricAlarms.map((alarm) => ({
          id: alarm.AlarmArn,
          name: alarm.AlarmName,
          arn: alarm.AlarmArn,
          metricName: alarm.MetricName ?? null,
          namespace: alarm.Namespace ?? null,
          actionsEnabled: alarm.ActionsEnabled ?? true,
          alarmActions: alarm.AlarmActions ?? [],
          stateValue: alarm.StateValue ?? null,
          statistic: alarm.Statistic ?? null,
          comparisonOperator: alarm.ComparisonOperator ?? null,
          threshold: alarm.Threshold ?? null,
        })),
    },
  },
  relations: {
    MetricFilter: {
      alarms: many('MetricAlarm', (filter, graph) => {
        const index = graph.index('MetricAlarm', alarmMetric);
        const transformations = filter.metricTransformations as { metricName: string; metricNamespace: string }[];
        return [...new Set(transformations.flatMap((t) => index.get(metricKey(filter.region, t.metricName, t.metricNamespace)) ?? []))];
      }),
    },
    Connector: { metricAlarms: many('MetricAlarm', (_connector, graph) => graph.rows('MetricAlarm')) },
  },
});
