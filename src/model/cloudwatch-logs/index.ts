import { describeTrails, type DescribeTrailsValue } from '../cloudtrail/sources.js';
import { logGroupOf } from '../cloudtrail/trails.js';
import { defineModule, many, one, type SourceView } from '../module.js';
import { describeMetricFilters, type DescribeMetricFiltersValue } from './sources.js';

const logGroupArn = (view: SourceView, name: string) => `arn:aws:logs:${view.region}:${view.accountId}:log-group:${name}`;
/** Log groups and filters are told apart by region and name. */
export const groupKey = (region: unknown, name: unknown) => `${String(region)}\u0000${String(name)}`;
// Indexes are kept per key function: one function each, made once.
const groupOfRow = (group: Record<string, unknown>) => groupKey(group.region, group.name);
const groupOfFilter = (filter: Record<string, unknown>) => groupKey(filter.region, filter.logGroupName);

/**
 * CloudWatch Logs metric filters, and the log groups they belong to: the
 * groups that have a filter, and the groups this account's trails deliver
 * to (which may have none: a chain with no filter must still be seen to
 * reach a group). A trail's group in another account is a value (its ARN).
 */
export default defineModule({
  name: 'cloudwatch-logs',
  sdl: /* GraphQL */ `
    "A CloudWatch Logs log group that has a metric filter, or that a trail of the account delivers to."
    type LogGroup implements Asset {
      "\`arn:aws:logs:<region>:<account>:log-group:<name>\`."
      id: ID!
      name: String
      arn: String!
      metricFilters: [MetricFilter!]!
      "The trails delivering to it."
      trails: [Trail!]!
      region: String!
      accountId: String!
      provider: String!
      cloudProvider: String!
      connector: Connector!
    }

    "A metric filter of a log group: log events matching its pattern count towards a CloudWatch metric."
    type MetricFilter implements Asset {
      "The log group's ARN, \`:metric-filter:\` and the filter's name."
      id: ID!
      name: String
      filterName: String!
      "The filter pattern as written (CloudWatch Logs syntax), for \`_MATCHES\`; empty when it matches every event."
      filterPattern: String!
      logGroupName: String!
      "The metric of the (first) transformation."
      metricName: String!
      metricNamespace: String!
      metricTransformations: [MetricTransformation!]!
      logGroup: LogGroup!
      region: String!
      accountId: String!
      provider: String!
      cloudProvider: String!
      connector: Connector!
    }

    type MetricTransformation {
      metricName: String!
      metricNamespace: String!
      metricValue: String
    }

    extend type Trail {
      "The log group the trail delivers to, when it is in this account (null when it delivers to none)."
      logGroup: LogGroup
    }

    extend type Connector {
      logGroups: [LogGroup!]!
      metricFilters: [MetricFilter!]!
    }
  `,
  sources: [describeMetricFilters],
  types: {
    LogGroup: {
      root: 'logGroups',
      description: 'CloudWatch Logs groups that have a metric filter or receive a trail, per region in scope.',
      regional: true,
      needs: [describeMetricFilters, describeTrails],
      fields: ['id', 'name', 'arn'],
      rows: (view) => {
        const names = new Set((view.value(describeMetricFilters) as DescribeMetricFiltersValue).metricFilters.map((filter) => filter.logGroupName));
        for (const trail of (view.value(describeTrails) as DescribeTrailsValue).trailList) {
          const group = logGroupOf(trail.CloudWatchLogsLogGroupArn);
          if (group && group.region === view.region && trail.CloudWatchLogsLogGroupArn!.split(':')[4] === view.accountId) names.add(group.name);
        }
        return [...names].sort().map((name) => ({ id: logGroupArn(view, name), name, arn: logGroupArn(view, name) }));
      },
    },
    MetricFilter: {
      root: 'metricFilters',
      description: 'CloudWatch Logs metric filters, per region in scope.',
      regional: true,
      needs: [describeMetricFilters],
      fields: ['id', 'name', 'filterName', 'filterPattern', 'logGroupName', 'metricName', 'metricNamespace', 'metricTransformations'],
      rows: (view) =>
        (view.value(describeMetricFilters) as DescribeMetricFiltersValue).metricFilters.map((filter) => {
          const first = filter.metricTransformations[0];
          if (!first) view.fail('SourceMalformed', `${view.origin(describeMetricFilters)}: metric filter ${filter.filterName} has no metricTransformations`);
          return {
            id: `${logGroupArn(view, filter.logGroupName)}:metric-filter:${filter.filterName}`,
            name: filter.filterName,
            filterName: filter.filterName,
            filterPattern: filter.filterPattern ?? '',
            logGroupName: filter.logGroupName,
            metricName: first.metricName,
            metricNamespace: first.metricNamespace,
            metricTransformations: filter.metricTransformations.map((t) => ({ metricName: t.metricName, metricNamespace: t.metricNamespace, metricValue: t.metricValue ?? null })),
          };
        }),
    },
  },
  values: { MetricTransformation: ['metricName', 'metricNamespace', 'metricValue'] },
  relations: {
    LogGroup: {
      metricFilters: many('MetricFilter', (group, graph) => graph.index('MetricFilter', groupOfFilter).get(groupOfRow(group)) ?? []),
      trails: many('Trail', (group, graph) => graph.rows('Trail').filter((trail) => trail.cloudWatchLogsLogGroupArn !== null && logGroupOf(trail.cloudWatchLogsLogGroupArn as string)?.region === group.region && trail.logGroupName === group.name)),
    },
    MetricFilter: {
      logGroup: one('LogGroup', (filter, graph) => graph.index('LogGroup', groupOfRow).get(groupOfFilter(filter))?.[0] ?? graph.dangling(`metric filter ${String(filter.id)} has no log group row`)),
    },
    Trail: {
      logGroup: one('LogGroup', (trail, graph) => {
        const arn = trail.cloudWatchLogsLogGroupArn as string | null;
        const group = logGroupOf(arn ?? undefined);
        if (!group || arn!.split(':')[4] !== trail.accountId) return null;
        return graph.index('LogGroup', groupOfRow).get(groupKey(group.region, group.name))?.[0] ?? null;
      }),
    },
    Connector: {
      logGroups: many('LogGroup', (_connector, graph) => graph.rows('LogGroup')),
      metricFilters: many('MetricFilter', (_connector, graph) => graph.rows('MetricFilter')),
    },
  },
});
