/**
 * The logging and monitoring families' snapshot files for an account that
 * has configured none of it, in each region given: no trails, metric
 * filters, alarms, recorders or keys, and Security Hub not enabled (its
 * "not configured" answer). A fixture that is about something else can
 * then still answer every root field.
 */
export function loggingFiles(accountId: string, regions: readonly string[]): Record<string, unknown> {
  const files: Record<string, unknown> = {};
  for (const region of regions) {
    const at = (file: string) => `regions/${region}/${file}`;
    files[at('cloudtrail/describe-trails.json')] = { trailList: [] };
    files[at('cloudtrail/get-trail-status.json')] = {};
    files[at('cloudtrail/get-event-selectors.json')] = {};
    files[at('logs/describe-metric-filters.json')] = { metricFilters: [] };
    files[at('cloudwatch/describe-alarms.json')] = { MetricAlarms: [], CompositeAlarms: [] };
    files[at('sns/list-subscriptions-by-topic.json')] = {};
    files[at('configservice/describe-configuration-recorders.json')] = { ConfigurationRecorders: [] };
    files[at('configservice/describe-configuration-recorder-status.json')] = { ConfigurationRecordersStatus: [] };
    files[at('kms/list-keys.json')] = { Keys: [] };
    files[at('kms/describe-key.json')] = {};
    files[at('kms/get-key-rotation-status.json')] = {};
    files[at('kms/get-key-policy.json')] = {};
    files[at('securityhub/describe-hub.json')] = { Error: { Code: 'InvalidAccessException', Message: `Account ${accountId} is not subscribed to AWS Security Hub` } };
  }
  return files;
}
