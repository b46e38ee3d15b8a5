import { defineModule, many } from '../module.js';
import { describeRegions, type DescribeRegionsValue } from './sources.js';

/**
 * The account's regions. A region is in scope when the account has it
 * enabled and the connector's `regions:` (default: every enabled region)
 * names it; a `not-opted-in` region is listed but never in scope. Regional
 * families build their assets for the regions in scope.
 */
export default defineModule({
  name: 'regions',
  sdl: /* GraphQL */ `
    "A region of the account's partition, as \`ec2 describe-regions --all-regions\` lists it."
    type AWSRegion implements Asset {
      "\`<account id>/region/<name>\`."
      id: ID!
      "The region's name, e.g. \`eu-west-1\`."
      name: String
      "\`opt-in-not-required\` (regions launched before March 2019), \`opted-in\` or \`not-opted-in\`."
      optInStatus: String!
      "The account can use the region: anything but \`not-opted-in\`."
      enabled: Boolean!
      "Enabled and named by the connector's \`regions:\` (default: every enabled region): what regional checks read."
      inScope: Boolean!
      "The EC2 endpoint host of the region."
      endpoint: String
      accountId: String!
      provider: String!
      cloudProvider: String!
      connector: Connector!
    }

    extend type Connector {
      "Every region of the account's partition, enabled or not."
      awsRegions: [AWSRegion!]!
    }
  `,
  sources: [describeRegions],
  types: {
    AWSRegion: {
      root: 'awsRegions',
      description: "The regions of each account, enabled or not, and whether each is in scope.",
      needs: [describeRegions],
      fields: ['id', 'name', 'optInStatus', 'enabled', 'inScope', 'endpoint'],
      rows: (view) => {
        const { Regions } = view.value(describeRegions) as DescribeRegionsValue;
        const inScope = new Set(view.regionsInScope());
        return Regions.map((region) => ({
          id: `${view.accountId}/region/${region.RegionName}`,
          name: region.RegionName,
          optInStatus: region.OptInStatus,
          enabled: region.OptInStatus !== 'not-opted-in',
          inScope: inScope.has(region.RegionName),
          endpoint: region.Endpoint ?? null,
        }));
      },
    },
  },
  relations: {
    Connector: { awsRegions: many('AWSRegion', (_row, graph) => graph.rows('AWSRegion')) },
  },
});
