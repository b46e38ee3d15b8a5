import { defineModule, many, one } from '../module.js';
import { getEbsEncryptionByDefault, type EbsEncryptionByDefaultValue } from './sources.js';

const byRegion = (settings: Record<string, unknown>) => settings.region as string;

/** EBS encryption by default, one setting per region in scope: "every region" is a filter on regions. */
export default defineModule({
  name: 'ebs-encryption',
  sdl: /* GraphQL */ `
    "The EBS settings of one region."
    type EBSSettings implements Asset {
      "\`<account id>/ebs-settings/<region>\`."
      id: ID!
      "The region's name."
      name: String
      "New EBS volumes (and snapshot copies) of the region are encrypted."
      encryptedByDefault: Boolean!
      region: String!
      accountId: String!
      provider: String!
      cloudProvider: String!
      connector: Connector!
    }

    extend type AWSRegion {
      "The region's EBS settings (null for a region out of scope: it is not read)."
      ebsSettings: EBSSettings
    }

    extend type Connector {
      "The EBS settings of every region in scope."
      ebsSettings: [EBSSettings!]!
    }
  `,
  sources: [getEbsEncryptionByDefault],
  types: {
    EBSSettings: {
      root: 'ebsSettings',
      description: 'EBS encryption by default, per region in scope.',
      regional: true,
      needs: [getEbsEncryptionByDefault],
      fields: ['id', 'name', 'encryptedByDefault'],
      rows: (view) => {
        const { EbsEncryptionByDefault } = view.value(getEbsEncryptionByDefault) as EbsEncryptionByDefaultValue;
        return [{ id: `${view.accountId}/ebs-settings/${view.region}`, name: view.region, encryptedByDefault: EbsEncryptionByDefault }];
      },
    },
  },
  relations: {
    AWSRegion: { ebsSettings: one('EBSSettings', (region, graph) => graph.index('EBSSettings', byRegion).get(region.name as string)?.[0] ?? null) },
    Connector: { ebsSettings: many('EBSSettings', (_connector, graph) => graph.rows('EBSSettings')) },
  },
});
