/**
 * An ordinary account's logging and monitoring, as snapshot files: one
 * multi-region trail (home: the first region) delivering to a log group with
 * a metric filter and an alarm per CIS control 4.1-4.15, one SNS topic with a
 * confirmed subscription, an AWS Config recorder in every region (global
 * types in the first), two customer managed keys per region, Security Hub on.
 */
const METRICS = ['UnauthorizedAPICalls', 'ConsoleSigninWithoutMFA', 'RootAccountUsage', 'IAMPolicyChanges', 'CloudTrailConfigChanges', 'ConsoleSigninFailures', 'DisableOrDeleteCMK', 'S3BucketPolicyChanges', 'AWSConfigChanges', 'SecurityGroupChanges', 'NACLChanges', 'NetworkGatewayChanges', 'RouteTableChanges', 'VPCChanges', 'OrganizationsChanges'];

export function loggingFiles(accountId: string, regions: readonly string[]): Record<string, unknown> {
  const home = regions[0];
  const trailArn = `arn:aws:cloudtrail:${home}:${accountId}:trail/management-events`;
  const topic = `arn:aws:sns:${home}:${accountId}:security-alarms`;
  const trail = {
    Name: 'management-events', TrailARN: trailArn, HomeRegion: home, IsMultiRegionTrail: true, IsOrganizationTrail: false, LogFileValidationEnabled: true,
    S3BucketName: 'org-log-archive', KmsKeyId: `arn:aws:kms:${home}:${accountId}:key/00000000-0000-4000-8000-000000000001`,
    CloudWatchLogsLogGroupArn: `arn:aws:logs:${home}:${accountId}:log-group:cloudtrail:*`, IncludeGlobalServiceEvents: true, HasCustomEventSelectors: false,
  };
  const files: Record<string, unknown> = {};
  regions.forEach((region, index) => {
    const at = (file: string) => `regions/${region}/${file}`;
    const isHome = region === home;
    files[at('cloudtrail/describe-trails.json')] = { trailList: [trail] };
    files[at('cloudtrail/get-trail-status.json')] = isHome ? { [trailArn]: { IsLogging: true, LatestCloudWatchLogsDeliveryTime: '2026-11-30T23:59:00+00:00' } } : {};
    files[at('cloudtrail/get-event-selectors.json')] = isHome ? { [trailArn]: { TrailARN: trailArn, EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] }] } } : {};
    files[at('logs/describe-metric-filters.json')] = {
      metricFilters: isHome ? METRICS.map((metric) => ({ filterName: metric, logGroupName: 'cloudtrail', filterPattern: `{ ($.eventName = ${metric}) }`, metricTransformations: [{ metricName: metric, metricNamespace: 'CISBenchmark', metricValue: '1' }] })) : [],
    };
    files[at('cloudwatch/describe-alarms.json')] = {
      MetricAlarms: isHome ? METRICS.map((metric) => ({ AlarmName: metric, AlarmArn: `arn:aws:cloudwatch:${home}:${accountId}:alarm:${metric}`, MetricName: metric, Namespace: 'CISBenchmark', ActionsEnabled: true, AlarmActions: [topic], StateValue: 'OK', Threshold: 1 })) : [],
      CompositeAlarms: [],
    };
    files[at('sns/list-subscriptions-by-topic.json')] = isHome ? { [topic]: { Subscriptions: [{ SubscriptionArn: `${topic}:00000000-0000-4000-8000-00000000000a`, Protocol: 'email', Endpoint: 'security@example.com', Owner: accountId, TopicArn: topic }] } } : {};
    files[at('configservice/describe-configuration-recorders.json')] = { ConfigurationRecorders: [{ name: 'default', recordingGroup: { allSupported: true, includeGlobalResourceTypes: index === 0 } }] };
    files[at('configservice/describe-configuration-recorder-status.json')] = { ConfigurationRecordersStatus: [{ name: 'default', recording: true, lastStatus: 'SUCCESS' }] };
    const keys = [1, 2].map((n) => `${String(index).padStart(8, '0')}-0000-4000-8000-00000000000${n}`);
    files[at('kms/list-keys.json')] = { Keys: keys.map((KeyId) => ({ KeyId, KeyArn: `arn:aws:kms:${region}:${accountId}:key/${KeyId}` })) };
    files[at('kms/describe-key.json')] = Object.fromEntries(keys.map((KeyId) => [KeyId, { KeyMetadata: { KeyId, Arn: `arn:aws:kms:${region}:${accountId}:key/${KeyId}`, KeyManager: 'CUSTOMER', KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT', Origin: 'AWS_KMS', KeyState: 'Enabled', Enabled: true } }]));
    files[at('kms/get-key-rotation-status.json')] = Object.fromEntries(keys.map((KeyId) => [KeyId, { KeyRotationEnabled: true, RotationPeriodInDays: 365 }]));
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'kms:*', Resource: '*' }] });
    files[at('kms/get-key-policy.json')] = Object.fromEntries(keys.map((KeyId) => [KeyId, { Policy: policy, PolicyName: 'default' }]));
    files[at('securityhub/describe-hub.json')] = { HubArn: `arn:aws:securityhub:${region}:${accountId}:hub/default`, SubscribedAt: '2024-01-01T00:00:00.000Z', AutoEnableControls: true };
  });
  return files;
}
