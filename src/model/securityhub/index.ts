import { isNotConfigured } from '../../sources/source.js';
import { defineModule, many, one } from '../module.js';
import { describeHub, type HubValue } from './sources.js';

const byRegion = (hub: Record<string, unknown>) => hub.region as string;

/** Security Hub, one row per region in scope: enabled or not, so "enabled in every region" is a filter on regions. */
export default defineModule({
  name: 'securityhub',
  sdl: /* GraphQL */ `
    "Security Hub in one region: enabled (a hub) or not."
    type SecurityHub implements Asset {
      "The hub's ARN; \`<account id>/securityhub/<region>\` where it is not enabled."
      id: ID!
      name: String
      enabled: Boolean!
      hubArn: String
      subscribedAt: DateTime
      autoEnableControls: Boolean
      "\`SECURITY_CONTROL\` (consolidated findings) or \`STANDARD_CONTROL\`."
      controlFindingGenerator: String
      region: String!
      accountId: String!
      provider: String!
      cloudProvider: String!
      connector: Connector!
    }

    extend type AWSRegion {
      "The region's Security Hub (null for a region out of scope: it is not read)."
      securityHub: SecurityHub
    }

    extend type Connector {
      securityHubs: [SecurityHub!]!
    }
  `,
  sources: [describeHub],
  types: {
    SecurityHub: {
      root: 'securityHubs',
      description: 'Security Hub, enabled or not, per region in scope.',
      regional: true,
      needs: [describeHub],
      fields: ['id', 'name', 'enabled', 'hubArn', 'subscribedAt', 'autoEnableControls', 'controlFindingGenerator'],
      rows: (view) => {
        const value = view.value(describeHub);
        const id = `${view.accountId}/securityhub/${view.region}`;
        if (isNotConfigured(describeHub, value)) return [{ id, name: view.region, enabled: false, hubArn: null, subscribedAt: null, autoEnableControls: null, controlFindingGenerator: null }];
        const hub = value as HubValue;
        return [{ id: hub.HubArn, name: view.region, enabled: true, hubArn: hub.HubArn, subscribedAt: hub.SubscribedAt ?? null, autoEnableControls: hub.AutoEnableControls ?? null, controlFindingGenerator: hub.ControlFindingGenerator ?? null }];
      },
    },
  },
  relations: {
    AWSRegion: { securityHub: one('SecurityHub', (region, graph) => graph.index('SecurityHub', byRegion).get(region.name as string)?.[0] ?? null) },
    Connector: { securityHubs: many('SecurityHub', (_connector, graph) => graph.rows('SecurityHub')) },
  },
});
