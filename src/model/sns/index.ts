import { storedError } from '../../sources/source.js';
import { cut } from '../iam-authorization/authorization.js';
import { defineModule, many } from '../module.js';
import { alarmTopics, describeAlarms, type DescribeAlarmsValue } from '../cloudwatch-alarms/sources.js';
import { listSubscriptionsByTopic, type ListSubscriptionsValue } from './sources.js';

const byArn = (topic: Record<string, unknown>) => topic.arn as string;

/**
 * The SNS topics the alarms notify, with their subscriptions. Only topics an
 * alarm acts on are read (one call each); a subscription still
 * `PendingConfirmation` is not confirmed: nobody receives the alarm.
 */
export default defineModule({
  name: 'sns',
  sdl: /* GraphQL */ `
    "An SNS topic that a CloudWatch alarm of the account notifies."
    type SNSTopic implements Asset {
      "The topic's ARN."
      id: ID!
      name: String
      arn: String!
      subscriptions: [SNSSubscription!]!
      region: String!
      accountId: String!
      provider: String!
      cloudProvider: String!
      connector: Connector!
    }

    type SNSSubscription {
      "The subscription's ARN, or \`PendingConfirmation\` until the endpoint confirms it."
      subscriptionArn: String!
      "\`email\`, \`sms\`, \`https\`, \`lambda\`, \`sqs\`, ..."
      protocol: String!
      endpoint: String
      owner: String
      "The endpoint confirmed the subscription (its ARN is known): it receives what the topic publishes."
      confirmed: Boolean!
    }

    extend type MetricAlarm {
      "The topics of its alarm actions that were read (this region's topics it notifies)."
      topics: [SNSTopic!]!
    }

    extend type Connector {
      snsTopics: [SNSTopic!]!
    }
  `,
  sources: [listSubscriptionsByTopic],
  types: {
    SNSTopic: {
      root: 'snsTopics',
      description: 'SNS topics that CloudWatch alarms notify, per region in scope, with their subscriptions.',
      regional: true,
      needs: [describeAlarms, listSubscriptionsByTopic],
      fields: ['id', 'name', 'arn', 'subscriptions'],
      rows: (view) => {
        const answers = view.value(listSubscriptionsByTopic) as Record<string, unknown>;
        // A topic an alarm notifies with no answer was not collected: its subscribers are unknown, not none.
        for (const arn of alarmTopics(view.value(describeAlarms) as DescribeAlarmsValue, view.region)) {
          if (!Object.hasOwn(answers, arn)) view.fail('SnapshotEntryMissing', `${view.origin(listSubscriptionsByTopic)}: no entry for topic ${cut(arn)}, which an alarm notifies (write it with aws sns list-subscriptions-by-topic --topic-arn ${cut(arn)} --region ${view.region})`);
        }
        return Object.entries(answers).map(([arn, answer]) => {
          const error = storedError(answer);
          if (error) view.fail(error.Code, `${view.origin(listSubscriptionsByTopic)}: topic ${cut(arn)}: ListSubscriptionsByTopic failed: ${error.Code}: ${error.Message || 'no message'}`);
          return {
            id: arn,
            name: arn.split(':')[5] ?? arn,
            arn,
            subscriptions: (answer as ListSubscriptionsValue).Subscriptions.map((s) => ({
              subscriptionArn: s.SubscriptionArn,
              protocol: s.Protocol,
              endpoint: s.Endpoint ?? null,
              owner: s.Owner ?? null,
              confirmed: s.SubscriptionArn.startsWith('arn:'),
            })),
          };
        });
      },
    },
  },
  values: { SNSSubscription: ['subscriptionArn', 'protocol', 'endpoint', 'owner', 'confirmed'] },
  relations: {
    MetricAlarm: {
      topics: many('SNSTopic', (alarm, graph) => {
        const index = graph.index('SNSTopic', byArn);
        return (alarm.alarmActions as string[]).flatMap((action) => index.get(action) ?? []);
      }),
    },
    Connector: { snsTopics: many('SNSTopic', (_connector, graph) => graph.rows('SNSTopic')) },
  },
});
