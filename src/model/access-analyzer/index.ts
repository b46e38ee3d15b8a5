import { defineModule, many } from '../module.js';
import { listAnalyzers, type ListAnalyzersValue } from './sources.js';

const byRegion = (analyzer: Record<string, unknown>) => analyzer.region as string;

/** IAM Access Analyzer, per region in scope: reachable from the region, so "every region has one" is a filter on regions. */
export default defineModule({
  name: 'access-analyzer',
  sdl: /* GraphQL */ `
    "An IAM Access Analyzer analyzer of one region."
    type AccessAnalyzer implements Asset {
      "The analyzer's ARN."
      id: ID!
      name: String
      arn: String!
      "\`ACCOUNT\` or \`ORGANIZATION\` (external access), \`ACCOUNT_UNUSED_ACCESS\`, \`ORGANIZATION_UNUSED_ACCESS\`, ..."
      type: String!
      "\`ACTIVE\`, \`CREATING\`, \`DISABLED\` or \`FAILED\`."
      status: String!
      createdAt: DateTime
      region: String!
      accountId: String!
      provider: String!
      cloudProvider: String!
      connector: Connector!
    }

    extend type AWSRegion {
      "The region's analyzers (empty for a region out of scope: it is not read)."
      accessAnalyzers: [AccessAnalyzer!]!
    }

    extend type Connector {
      "The analyzers of every region in scope."
      accessAnalyzers: [AccessAnalyzer!]!
    }
  `,
  sources: [listAnalyzers],
  types: {
    AccessAnalyzer: {
      root: 'accessAnalyzers',
      description: 'IAM Access Analyzer analyzers, per region in scope.',
      regional: true,
      needs: [listAnalyzers],
      fields: ['id', 'name', 'arn', 'type', 'status', 'createdAt'],
      rows: (view) =>
        (view.value(listAnalyzers) as ListAnalyzersValue).analyzers.map((analyzer) => ({
          id: analyzer.arn,
          name: analyzer.name,
          arn: analyzer.arn,
          type: analyzer.type,
          status: analyzer.status,
          createdAt: analyzer.createdAt ?? null,
        })),
    },
  },
  relations: {
    AWSRegion: { accessAnalyzers: many('AccessAnalyzer', (region, graph) => graph.index('AccessAnalyzer', byRegion).get(region.name as string) ?? []) },
    Connector: { accessAnalyzers: many('AccessAnalyzer', (_connector, graph) => graph.rows('AccessAnalyzer')) },
  },
});
