import { storedError } from '../../sources/source.js';
import { cut } from '../iam-authorization/authorization.js';
import type { AssetType, SourceView } from '../module.js';
import { advancedEventSelectorsOf, eventSelectorsOf, managementEventsOf } from './event-selectors.js';
import { describeTrails, getEventSelectors, getTrailStatus, type DescribeTrailsValue, type EventSelectorsValue, type TrailStatusValue, type TrailValue } from './sources.js';

/** `arn:aws:logs:<region>:<account>:log-group:<name>:*`: the region and the name (the 7th `:` field). */
export function logGroupOf(arn: string | undefined): { region: string; name: string } | null {
  const parts = arn?.split(':') ?? [];
  return parts.length >= 7 && parts[2] === 'logs' && parts[5] === 'log-group' ? { region: parts[3], name: parts[6] } : null;
}

/**
 * The trails of one region: those whose home it is. A multi-region trail is
 * listed in every region it covers (shadow copies) but is one trail, read
 * (status, selectors) in its home region: taking each trail there shows it
 * once. A trail listed here whose home region is out of scope could not be
 * read: ERROR, naming it, rather than a trail that silently is not there.
 */
function trailRows(view: SourceView): Record<string, unknown>[] {
  const region = view.region!;
  const { trailList } = view.value(describeTrails) as DescribeTrailsValue;
  const inScope = new Set(view.regionsInScope());
  for (const trail of trailList) {
    if (!inScope.has(trail.HomeRegion)) {
      view.fail('TrailHomeRegionOutOfScope', `${view.origin(describeTrails)}: trail ${cut(trail.TrailARN)} has its home in ${cut(trail.HomeRegion)}, which is not in scope: its status and event selectors are read there (add the region to regions:)`);
    }
  }
  const home = trailList.filter((trail) => trail.HomeRegion === region);
  const statuses = perTrail<TrailStatusValue>(view, getTrailStatus, home);
  const selectors = perTrail<EventSelectorsValue>(view, getEventSelectors, home);
  return home.map((trail) => {
    const status = statuses.get(trail.TrailARN)!;
    const chosen = selectors.get(trail.TrailARN)!;
    return {
      id: trail.TrailARN,
      name: trail.Name,
      arn: trail.TrailARN,
      homeRegion: trail.HomeRegion,
      trailAccountId: trail.TrailARN.split(':')[4] ?? null,
      isMultiRegionTrail: trail.IsMultiRegionTrail,
      isOrganizationTrail: trail.IsOrganizationTrail ?? false,
      logFileValidationEnabled: trail.LogFileValidationEnabled ?? false,
      // The public catalogue's queries compare with "": a trail without a key has that, never null.
      kmsKeyID: trail.KmsKeyId ?? '',
      s3BucketName: trail.S3BucketName ?? null,
      s3KeyPrefix: trail.S3KeyPrefix ?? null,
      includeGlobalServiceEvents: trail.IncludeGlobalServiceEvents ?? false,
      cloudWatchLogsLogGroupArn: trail.CloudWatchLogsLogGroupArn ?? null,
      cloudWatchLogsRoleArn: trail.CloudWatchLogsRoleArn ?? null,
      logGroupName: logGroupOf(trail.CloudWatchLogsLogGroupArn)?.name ?? null,
      status: { isLogging: status.IsLogging, latestCloudWatchLogsDeliveryTime: status.LatestCloudWatchLogsDeliveryTime ?? null, latestDeliveryTime: status.LatestDeliveryTime ?? null },
      eventSelectors: eventSelectorsOf(chosen),
      advancedEventSelectors: advancedEventSelectorsOf(chosen),
      managementEvents: managementEventsOf(chosen),
    };
  });
}

/**
 * A per-trail answer for each home trail: present, and not a recorded error.
 * An answer for an ARN that is no trail of the region's home trails points
 * at nothing the account has: dangling, the account's ERROR.
 */
function perTrail<T>(view: SourceView, source: typeof getTrailStatus, home: readonly TrailValue[]): Map<string, T> {
  const answers = view.value(source) as Record<string, unknown>;
  const origin = view.origin(source);
  const arns = new Set(home.map((trail) => trail.TrailARN));
  for (const key of Object.keys(answers)) {
    if (!arns.has(key)) view.fail('DanglingReference', `${origin}: ${cut(key)} is not a trail whose home is ${view.region} in ${view.origin(describeTrails)}`);
  }
  const byArn = new Map<string, T>();
  for (const arn of arns) {
    if (!Object.hasOwn(answers, arn)) view.fail('SnapshotEntryMissing', `${origin}: no entry for trail ${cut(arn)} (write it with aws cloudtrail ${source.command} ${source.perResource!.cliParam} ${cut(arn)} --region ${view.region})`);
    const error = storedError(answers[arn]);
    if (error) view.fail(error.Code, `${origin}: trail ${cut(arn)}: ${source.operation} failed: ${error.Code}: ${error.Message || 'no message'}`);
    byArn.set(arn, answers[arn] as T);
  }
  return byArn;
}

export const trailType: AssetType = {
  root: 'trails',
  description: 'CloudTrail trails, each once (from its home region), multi-region and organization trails included.',
  regional: true,
  needs: [describeTrails, getTrailStatus, getEventSelectors],
  fields: [
    'id', 'name', 'arn', 'homeRegion', 'trailAccountId', 'isMultiRegionTrail', 'isOrganizationTrail', 'logFileValidationEnabled', 'kmsKeyID', 's3BucketName', 's3KeyPrefix',
    'includeGlobalServiceEvents', 'cloudWatchLogsLogGroupArn', 'cloudWatchLogsRoleArn', 'logGroupName', 'status', 'eventSelectors', 'advancedEventSelectors', 'managementEvents',
  ],
  rows: trailRows,
};
