import { aws } from '../../sources/shape.js';
import { defineSource } from '../../sources/source.js';

/** The IAM Access Analyzer analyzers of one region; "none" is an empty list, not an error. */
export const listAnalyzers = defineSource({
  id: 'accessanalyzer/list-analyzers',
  service: 'accessanalyzer',
  command: 'list-analyzers',
  operation: 'ListAnalyzers',
  permissions: ['access-analyzer:ListAnalyzers'],
  scope: 'region',
  gives: 'the IAM Access Analyzer analyzers of the region, their type and status (CIS 1.20)',
  sdk: {
    load: () => import('@aws-sdk/client-accessanalyzer'),
    client: 'AccessAnalyzerClient',
    paginate: { inputToken: 'nextToken', outputToken: 'nextToken', resultKeys: ['analyzers'] },
  },
  shape: aws.object({
    analyzers: aws.list(aws.object({ arn: aws.string(), name: aws.string(), type: aws.string(), status: aws.string(), createdAt: aws.timestamp().optional() })),
  }),
});

export interface ListAnalyzersValue {
  analyzers: { arn: string; name: string; type: string; status: string; createdAt?: string }[];
}
