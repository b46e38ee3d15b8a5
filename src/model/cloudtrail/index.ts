import { defineModule, many } from '../module.js';
import { EVENT_SELECTOR_VALUES } from './event-selectors.js';
import { describeTrails, getEventSelectors, getTrailStatus } from './sources.js';
import { trailType } from './trails.js';

/**
 * CloudTrail: every trail once, read in its home region (status and event
 * selectors per trail), reachable from each region it covers (a
 * multi-region trail covers every enabled region) and from the account, so
 * "the account has a multi-region trail that ..." is a `_NONE` filter.
 */
export default defineModule({
  name: 'cloudtrail',
  sdl: /* GraphQL */ `
    "A CloudTrail trail, once however many regions list its shadow copies."
    type Trail implements Asset {
      "The trail's ARN."
      id: ID!
      name: String
      arn: String!
      "The region the trail was created in; \`region\` is the same."
      homeRegion: String!
      "The account the trail belongs to (another account for an organization trail seen from a member account)."
      trailAccountId: String
      isMultiRegionTrail: Boolean!
      isOrganizationTrail: Boolean!
      logFileValidationEnabled: Boolean!
      "The KMS key encrypting the log files (an ARN, possibly of another account); empty string when none."
      kmsKeyID: String!
      "The bucket receiving the log files (it may be in another account)."
      s3BucketName: String
      s3KeyPrefix: String
      includeGlobalServiceEvents: Boolean!
      cloudWatchLogsLogGroupArn: String
      cloudWatchLogsRoleArn: String
      "The CloudWatch Logs group the trail delivers to (the 7th \`:\` field of its ARN), or null."
      logGroupName: String
      status: TrailStatus!
      "Basic event selectors (empty when the trail uses advanced ones)."
      eventSelectors: [TrailEventSelector!]!
      advancedEventSelectors: [TrailAdvancedEventSelector!]!
      "Management events logged, from either selector form: \`All\`, \`ReadOnly\`, \`WriteOnly\`, or null for none."
      managementEvents: String
      region: String!
      accountId: String!
      provider: String!
      cloudProvider: String!
      connector: Connector!
    }

    "GetTrailStatus, in the trail's home region."
    type TrailStatus {
      isLogging: Boolean!
      latestCloudWatchLogsDeliveryTime: DateTime
      latestDeliveryTime: DateTime
    }

    type TrailEventSelector {
      "\`All\`, \`ReadOnly\` or \`WriteOnly\`."
      readWriteType: String!
      includeManagementEvents: Boolean!
      dataResources: [TrailDataResource!]!
      excludeManagementEventSources: [String!]!
    }

    type TrailDataResource {
      "\`AWS::S3::Object\`, \`AWS::Lambda::Function\`, ..."
      type: String
      "ARN prefixes, e.g. \`arn:aws:s3\` for every bucket."
      values: [String!]!
    }

    type TrailAdvancedEventSelector {
      name: String
      fieldSelectors: [TrailFieldSelector!]!
    }

    type TrailFieldSelector {
      "\`eventCategory\`, \`readOnly\`, \`resources.type\`, \`eventSource\`, ..."
      field: String!
      equals: [String!]!
      startsWith: [String!]!
      endsWith: [String!]!
      notEquals: [String!]!
      notStartsWith: [String!]!
      notEndsWith: [String!]!
    }

    extend type AWSRegion {
      "The trails logging this region: multi-region trails (every enabled region) and the region's single-region trails."
      trails: [Trail!]!
    }

    extend type Connector {
      trails: [Trail!]!
    }
  `,
  sources: [describeTrails, getTrailStatus, getEventSelectors],
  types: { Trail: trailType },
  values: EVENT_SELECTOR_VALUES,
  relations: {
    AWSRegion: {
      trails: many('Trail', (region, graph) => (region.enabled ? graph.rows('Trail').filter((trail) => trail.isMultiRegionTrail || trail.homeRegion === region.name) : [])),
    },
    Connector: { trails: many('Trail', (_connector, graph) => graph.rows('Trail')) },
  },
});
