import { alarmTopics, describeAlarms, type DescribeAlarmsValue } from '../cloudwatch-alarms/sources.js';
import { aws } from '../../sources/shape.js';
import { defineSource } from '../../sources/source.js';

/** The subscriptions of each SNS topic the region's alarms notify: one call per topic, not per topic of the account. */
export const listSubscriptionsByTopic = defineSource({
  id: 'sns/list-subscriptions-by-topic',
  service: 'sns',
  command: 'list-subscriptions-by-topic',
  operation: 'ListSubscriptionsByTopic',
  permissions: ['sns:ListSubscriptionsByTopic'],
  scope: 'region',
  perResource: { parent: describeAlarms, keys: (parent, at) => alarmTopics(parent as DescribeAlarmsValue, at.region), param: 'TopicArn', cliParam: '--topic-arn' },
  gives: 'the subscribers of each SNS topic that an alarm of the region notifies; PendingConfirmation is no subscriber (CIS 4.1-4.15)',
  sdk: {
    load: () => import('@aws-sdk/client-sns'),
    client: 'SNSClient',
    input: (context) => ({ TopicArn: context.key }),
    paginate: { inputToken: 'NextToken', outputToken: 'NextToken', resultKeys: ['Subscriptions'] },
  },
  shape: aws.object({
    Subscriptions: aws.list(aws.object({ SubscriptionArn: aws.string(), Owner: aws.string().optional(), Protocol: aws.string(), Endpoint: aws.string().optional(), TopicArn: aws.string().optional() })),
  }),
});

export interface ListSubscriptionsValue {
  Subscriptions: { SubscriptionArn: string; Owner?: string; Protocol: string; Endpoint?: string; TopicArn?: string }[];
}
